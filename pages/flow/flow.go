// Package flow holds the procedures the harness performs, as values: the
// guide's Zoom setup (steps 1–18) on whichever build flow the Marketplace
// offers (Build: the classic flow or the General App flow, found at step 5),
// guide step 1 alone (SignedIn), LearningSpace's consent round trip
// (LS.0–LS.6), the clean-up and make login. A Flow is its ordered steps,
// each with the guide number it stands for, a title and an action; the
// results a flow hands out (the app's ID, the flow that made it, Client ID
// and Client Secret) come back in a value of their own. With a maintenance
// token, the setup also reads the app back from Zoom's Marketplace API.
// Tests (e2e), the commands in cmd/ and the nightly tooling all run them; no
// assertion lives here: a step that finds the site not as the guide says
// returns a *guide.StepError saying what it expected and what it found.
//
// Each step is written as a function of what it needs, returning what it
// hands on (step binds it to the slots of the flow's run), so no step reads
// what an earlier step left without saying so in its signature.
package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"lszoom/internal/guide"
)

// Step is one numbered step of a procedure, bound to its flow's run.
type Step struct {
	guide.Step
	// Run does the step under ctx's deadline.
	Run func(ctx context.Context) error
	// RedoFrom is the step to go back to when the site ends the sign-in
	// session during this one: the first step of the work that was typed
	// or ticked but not yet saved, which the page forgets ("": this step).
	RedoFrom string
}

// Flow is a procedure as a value: its name and its ordered steps, and,
// where what the steps found decides what comes next (the build flow the
// Marketplace offers), Next, which gives the flow to go on with.
type Flow struct {
	Name  string
	Steps []Step
	Next  func() (Flow, error)
}

// Index is the position of a guide step in the flow, -1 if absent.
func (f Flow) Index(number string) int {
	return slices.IndexFunc(f.Steps, func(s Step) bool { return s.Number == number })
}

// step binds a step written as a function of what it needs (in) and
// returns what it hands on (out) to the run's slots.
func step[In, Out any](s guide.Step, in *In, out *Out, do func(context.Context, In) (Out, error)) Step {
	return Step{Step: s, Run: func(ctx context.Context) error {
		v, err := do(ctx, *in)
		if err != nil {
			return err
		}
		*out = v
		return nil
	}}
}

// check binds a step that only reads what it needs and hands nothing on.
func check[In any](s guide.Step, in *In, do func(context.Context, In) error) Step {
	return Step{Step: s, Run: func(ctx context.Context) error { return do(ctx, *in) }}
}

// redo sets RedoFrom from a map of step numbers.
func redo(steps []Step, from map[string]string) []Step {
	for i := range steps {
		steps[i].RedoFrom = from[steps[i].Number]
	}
	return steps
}

// Hooks are what a flow asks of whoever runs it.
type Hooks struct {
	// Log says what a step saw that is worth a line ("App Marketplace
	// opened in a new tab"). Never given a secret.
	Log func(format string, args ...any)
	// Secret is told every secret a step reads (the Client Secret) before
	// anything could print or capture it, so that it can be masked.
	Secret func(string)
	// Code returns the one-time code Zoom emailed to hold a sign-in, when
	// the runner can get it (a stand-in); ok=false: the sign-in stops there.
	Code func(email string) (code string, ok bool)
	// APIRefused is told, once, that Zoom's Marketplace API refused the
	// maintenance token: the API checks stop and the run goes on through
	// the screens (the report says "API checks not done").
	APIRefused func(err error)
}

func (h Hooks) logf(format string, args ...any) {
	if h.Log != nil {
		h.Log(format, args...)
	}
}

func (h Hooks) secret(s string) {
	if h.Secret != nil {
		h.Secret(s)
	}
}

// ErrSignedOut: the site sent a tab to its sign-in page while a step ran
// (its sign-in session ended).
var ErrSignedOut = errors.New("sign-in session ended: the site sent the browser to sign in again")

// Runner runs steps: each under its own deadline, and, when the site ends
// the sign-in session mid-step, signs in again and goes back to the step
// whose work the page forgot.
type Runner struct {
	StepTimeout time.Duration
	// Patience, when set, gives some steps a shorter deadline than
	// StepTimeout (never a longer one): a test that expects a step to fail
	// by waiting for something that never comes need not wait the whole
	// StepTimeout for it. Zero or more than StepTimeout: StepTimeout.
	Patience func(guide.Step) time.Duration
	// WatchURLs calls f with each new address of the browser's tabs until
	// remove is called (browser.Session.OnURL); nil: no watch.
	WatchURLs func(f func(url string)) (remove func())
	// SignedOut says whether an address is the sign-in page a site sends a
	// signed-out browser to (zoom.IsSignInURL).
	SignedOut func(url string) bool
	// SignInAgain signs in on the tab the site sent to sign in.
	SignInAgain func(ctx context.Context) error
	// Watched says which steps stay signed in on the site, so that a
	// sign-in page ends them (the sign-in step and a consent that may meet
	// a sign-in page by design are not). nil: none.
	Watched func(guide.Step) bool
	Log     func(format string, args ...any)
	// Enter, when set, is how Run goes on with a flow that Next gave: it
	// calls walk and returns its error, with whatever it wants around it
	// (a subtest named by the flow). nil: walk alone.
	Enter func(next Flow, walk func() error) error
}

// maxSignIns bounds how often a walk signs in again.
const maxSignIns = 2

// Attempt runs one step under its own deadline, shared by every wait
// inside it. While a watched step runs, a tab sent to the sign-in page ends
// it at once with ErrSignedOut, rather than leaving its waits to time out on
// a page that is gone. The error names a guide step.
func (r Runner) Attempt(ctx context.Context, s Step) (err error) {
	base, signedOut := context.WithCancelCause(ctx)
	defer signedOut(nil)
	ctx, cancel := context.WithTimeout(base, r.deadline(s.Step))
	defer cancel()
	if r.WatchURLs != nil && r.Watched != nil && r.Watched(s.Step) {
		remove := r.WatchURLs(func(u string) {
			if r.SignedOut(u) {
				signedOut(ErrSignedOut)
			}
		})
		defer remove()
	}
	defer func() {
		// A page object that panics (rod's Must* are not used, but a nil
		// page could be) is this step's failure, not the whole program's.
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
		if err != nil && errors.Is(context.Cause(base), ErrSignedOut) {
			err = fmt.Errorf("%w (the step had got to: %v)", ErrSignedOut, err)
		}
		err = guide.Wrap(s.Step, "", err)
		// A failure of this step goes by this flow's title for it (the
		// General App flow's "Local Test" for guide step 16).
		var se *guide.StepError
		if errors.As(err, &se) && se.Step.Number == s.Number {
			se.Step = s.Step
		}
	}()
	return s.Run(ctx)
}

// deadline is how long step s may take.
func (r Runner) deadline(s guide.Step) time.Duration {
	if r.Patience != nil {
		if d := r.Patience(s); d > 0 && d < r.StepTimeout {
			return d
		}
	}
	return r.StepTimeout
}

// Run walks the flow's steps, then those of the flows its Next gives
// (through Enter, when set).
func (r Runner) Run(ctx context.Context, f Flow, exec func(Step) error) error {
	if err := r.Walk(ctx, f.Steps, exec); err != nil {
		return err
	}
	for f.Next != nil {
		next, err := f.Next()
		if err != nil {
			return err
		}
		if r.Log != nil {
			r.Log("going on with the %s flow", next.Name)
		}
		walk := func() error { return r.Walk(ctx, next.Steps, exec) }
		if r.Enter != nil {
			err = r.Enter(next, walk)
		} else {
			err = walk()
		}
		if err != nil {
			return err
		}
		f = next
	}
	return nil
}

// Walk runs steps in order through exec (Attempt, or a test's subtest
// around it) and stops at the first failure: later steps depend on it.
func (r Runner) Walk(ctx context.Context, steps []Step, exec func(Step) error) error {
	signIns := 0
	for i := 0; i < len(steps); i++ {
		s := steps[i]
		err := exec(s)
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrSignedOut) || signIns == maxSignIns || r.SignInAgain == nil {
			return err
		}
		signIns++
		back := s.Number
		if s.RedoFrom != "" {
			back = s.RedoFrom
		}
		k := slices.IndexFunc(steps[:i+1], func(r Step) bool { return r.Number == back })
		if k < 0 {
			return err // the work to redo started before these steps
		}
		if r.Log != nil {
			r.Log("step %s: %v; signing in again, then back to step %s", s.Number, ErrSignedOut, back)
		}
		signCtx, cancel := context.WithTimeout(ctx, r.StepTimeout)
		err = r.SignInAgain(signCtx)
		cancel()
		if err != nil {
			// Named by the step Zoom ended the session in, not by the
			// sign-in's own step 1 that the cause names (kept, wrapped).
			return &guide.StepError{Step: s.Step, Expected: "to sign in again after Zoom ended the session", Err: err}
		}
		i = k - 1
	}
	return nil
}
