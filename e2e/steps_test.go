package e2e

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"lszoom/internal/artifacts"
	"lszoom/internal/guide"
	"lszoom/pages/zoom"
)

// step is one numbered step of the guide and what the harness does and
// checks for it. run returns a *guide.StepError (or an error that Wrap turns
// into one) when the step fails.
type step struct {
	guide.Step
	run func(ctx context.Context) error
	// redoFrom is the step to go back to when Zoom ends the sign-in session
	// during this one: the first step of the work that was typed or ticked
	// but not yet saved, which the page forgets ("": this step).
	redoFrom string
}

// maxSignIns bounds how often a walk signs in again.
const maxSignIns = 2

// walk runs steps in order through exec and stops at the first failure:
// later steps depend on it. When Zoom ends the sign-in session during a
// step, it signs in again, as a person would, and goes back to the step
// whose work the page forgot (redoFrom).
func (e *env) walk(t *testing.T, steps []step, exec func(s step) error) error {
	t.Helper()
	signIns := 0
	for i := 0; i < len(steps); i++ {
		s := steps[i]
		err := exec(s)
		if err == nil {
			continue
		}
		if !errors.Is(err, errSignedOut) || signIns == maxSignIns {
			return err
		}
		signIns++
		back := s.Number
		if s.redoFrom != "" {
			back = s.redoFrom
		}
		k := slices.IndexFunc(steps[:i+1], func(r step) bool { return r.Number == back })
		if k < 0 {
			return err // the work to redo started before these steps
		}
		t.Logf("step %s: %v; signing in again, then back to step %s", s.Number, errSignedOut, back)
		if err := e.signInAgain(t); err != nil {
			return guide.Wrap(s.Step, "to sign in again after Zoom ended the session", err)
		}
		i = k - 1
	}
	return nil
}

// runSteps runs the steps, each as a subtest named by its guide number
// ("step_13.3_User_scopes"). A failed step leaves its artifacts in its
// subtest's artifact directory, and the steps not run are listed.
func (e *env) runSteps(t *testing.T, steps []step) bool {
	t.Helper()
	var failed string
	err := e.walk(t, steps, func(s step) error {
		var err error
		t.Run("step "+s.Name(), func(t *testing.T) {
			start := time.Now()
			err = e.attempt(t, s)
			switch {
			case errors.Is(err, errSignedOut):
				t.Logf("%s after %v", e.secrets.Redact(err.Error()), time.Since(start).Round(time.Millisecond))
			case err != nil:
				failed = s.Number
				e.capture(t, failedStep(err, s.Step))
				t.Fatal(e.secrets.Redact(err.Error()))
			default:
				t.Logf("done in %v", time.Since(start).Round(time.Millisecond))
			}
		})
		return err
	})
	if err == nil {
		return true
	}
	if failed == "" { // failed in walk itself (signing in again)
		e.capture(t, failedStep(err, guide.SignIn))
		t.Error(e.secrets.Redact(err.Error()))
	}
	i := slices.IndexFunc(steps, func(s step) bool { return s.Number == failed })
	var rest []string
	for _, r := range steps[i+1:] {
		rest = append(rest, r.Number)
	}
	if len(rest) > 0 && i >= 0 {
		t.Errorf("stopped at step %s; not run: %s", failed, strings.Join(rest, ", "))
	}
	return false
}

// runQuietly runs the steps without subtests and returns the first failure,
// with its artifacts in t's artifact directory: for tests that expect the
// harness to fail at a given step, and for flows reused as a helper.
func (e *env) runQuietly(t *testing.T, steps []step) error {
	t.Helper()
	return e.walk(t, steps, func(s step) error {
		err := e.attempt(t, s)
		if err != nil && !errors.Is(err, errSignedOut) {
			e.capture(t, failedStep(err, s.Step))
		}
		return err
	})
}

// do runs one step alone (no sign-in again).
func (e *env) do(t *testing.T, s step) error { return e.attempt(t, s) }

// errSignedOut: Zoom sent a tab of the session to its sign-in page while a
// step ran (its sign-in session ended).
var errSignedOut = errors.New("Zoom ended the sign-in session: the browser was sent to sign in again")

// attempt runs one step under its own deadline (E2E_STEP_TIMEOUT), shared by
// every wait inside it. While a step of the Zoom setup runs, a tab sent to
// Zoom's sign-in page ends the step at once (errSignedOut), rather than
// leaving its waits to time out on a page that is gone.
func (e *env) attempt(t *testing.T, s step) (err error) {
	base, signedOut := context.WithCancelCause(t.Context())
	defer signedOut(nil)
	ctx, cancel := context.WithTimeout(base, e.stepTime)
	defer cancel()
	if watchesSignIn(s.Step) {
		remove := e.sess.OnURL(func(u string) {
			if zoom.IsSignInURL(u) {
				signedOut(errSignedOut)
			}
		})
		defer remove()
	}
	defer func() {
		// A page object that panics (rod's Must* are not used, but a nil
		// page could be) is this step's failure, not the whole binary's.
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
		if err != nil && errors.Is(context.Cause(base), errSignedOut) {
			err = fmt.Errorf("%w (the step had got to: %v)", errSignedOut, err)
		}
		err = guide.Wrap(s.Step, "", err)
	}()
	return s.run(ctx)
}

// watchesSignIn: the steps after sign-in that stay on Zoom (2–18). Step 1
// is the sign-in, and the round trip's authorize may meet a sign-in page by
// design.
func watchesSignIn(s guide.Step) bool {
	return s.Number != guide.SignIn.Number && !strings.HasPrefix(s.Number, "LS.")
}

// signInAgain signs in on the tab Zoom sent to its sign-in page; Zoom then
// sends it back where it was.
func (e *env) signInAgain(t *testing.T) error {
	ctx, cancel := context.WithTimeout(t.Context(), e.stepTime)
	defer cancel()
	pages, err := e.sess.Pages()
	if err != nil {
		return err
	}
	for _, p := range pages {
		if zoom.OnSignInPage(p) {
			return e.signIn(ctx, zoom.SignInPageOn(e.d, p))
		}
	}
	return errors.New("no tab is on Zoom's sign-in page")
}

// capture saves the screenshot, HTML and console of every tab of the
// session, secrets masked, named after the step (never after a value).
func (e *env) capture(t *testing.T, s guide.Step) {
	t.Helper()
	dir := t.ArtifactDir()
	paths, err := artifacts.Capture(dir, "step-"+s.Number, e.sess, e.secrets)
	if err != nil {
		t.Logf("artifacts: %v", err)
	}
	if len(paths) > 0 {
		t.Logf("artifacts of step %s: %s", s.Number, strings.Join(paths, ", "))
	}
}

// failedStep is the guide step an error names (a check in step 12 can find
// that step 11.2 did not stick), else the step that was running: artifacts
// are named after it.
func failedStep(err error, running guide.Step) guide.Step {
	if s, ok := guide.StepOf(err); ok {
		return s
	}
	return running
}

// stepOf is the guide step an error names ("" if none).
func stepOf(err error) string {
	var se *guide.StepError
	if errors.As(err, &se) {
		return se.Step.Number
	}
	return ""
}
