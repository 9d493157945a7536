package e2e

import (
	"context"
	"errors"
	"fmt"
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
}

// runSteps runs the steps in order, each as a subtest named by its guide
// number ("step_13.3_User_scopes"), and stops at the first failure: later
// steps depend on it. A failed step leaves its artifacts in its subtest's
// artifact directory.
func (e *env) runSteps(t *testing.T, steps []step) bool {
	t.Helper()
	for i, s := range steps {
		ok := t.Run("step "+s.Name(), func(t *testing.T) {
			start := time.Now()
			err := e.do(t, s)
			if err != nil {
				e.capture(t, failedStep(err, s.Step))
				t.Fatal(e.secrets.Redact(err.Error()))
			}
			t.Logf("done in %v", time.Since(start).Round(time.Millisecond))
		})
		if !ok {
			var rest []string
			for _, r := range steps[i+1:] {
				rest = append(rest, r.Number)
			}
			if len(rest) > 0 {
				t.Errorf("stopped at step %s; not run: %s", s.Number, strings.Join(rest, ", "))
			}
			return false
		}
	}
	return true
}

// runQuietly runs the steps without subtests and returns the first failure,
// with its artifacts in t's artifact directory: for tests that expect the
// harness to fail at a given step, and for flows reused as a helper.
func (e *env) runQuietly(t *testing.T, steps []step) error {
	t.Helper()
	for _, s := range steps {
		if err := e.do(t, s); err != nil {
			e.capture(t, failedStep(err, s.Step))
			return err
		}
	}
	return nil
}

// errSignedOut: Zoom sent a tab of the session to its sign-in page while a
// step ran (its sign-in session ended).
var errSignedOut = errors.New("Zoom ended the sign-in session: the browser was sent to sign in again")

// do runs one step and makes sure its error names a guide step. If Zoom
// ends the sign-in session in the middle of the step, it signs in again, as
// a person would, and does the step again (once), with a new deadline.
func (e *env) do(t *testing.T, s step) error {
	err := e.attempt(t, s)
	if !errors.Is(err, errSignedOut) {
		return err
	}
	t.Logf("step %s: %v; signing in again, then doing the step again", s.Number, errSignedOut)
	if err := e.signInAgain(t); err != nil {
		return guide.Wrap(s.Step, "to sign in again after Zoom ended the session", err)
	}
	return e.attempt(t, s)
}

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
