package e2e

import (
	"context"
	"errors"
	"path"
	"strings"
	"testing"
	"time"

	"lszoom/internal/artifacts"
	"lszoom/internal/guide"
	"lszoom/pages/flow"
	"lszoom/pages/zoom"
)

// runner runs a flow's steps for this test: each under E2E_STEP_TIMEOUT,
// and, if Zoom ends the sign-in session mid-walk, signing in again on the
// tab it sent to sign in, then back to the step whose work was lost.
func (e *env) runner(t *testing.T) flow.Runner {
	return flow.Runner{
		StepTimeout: e.stepTime,
		Patience: func(s guide.Step) time.Duration {
			if s.Number == e.brokenStep {
				return e.brokenWait
			}
			return 0
		},
		WatchURLs:   e.sess.OnURL,
		SignedOut:   zoom.IsSignInURL,
		SignInAgain: e.signInAgain,
		Watched:     watchesSignIn,
		Log:         t.Logf,
	}
}

// watchesSignIn: the steps after sign-in that stay on Zoom (2–18). Step 1
// is the sign-in, and the round trip's authorize may meet a sign-in page by
// design.
func watchesSignIn(s guide.Step) bool {
	return s.Number != guide.SignIn.Number && !strings.HasPrefix(s.Number, "LS.")
}

// signInAgain signs in on the tab Zoom sent to its sign-in page; Zoom then
// sends it back where it was. A Marketplace that lapsed while the web
// portal's session lives is restored through the portal first, without a
// password (zoom.RestoreMarketplace; livehabits_test.go).
func (e *env) signInAgain(ctx context.Context) error {
	pages, err := e.sess.Pages()
	if err != nil {
		return err
	}
	for _, p := range pages {
		if zoom.OnSignInPage(p) {
			if ok, err := zoom.RestoreMarketplace(ctx, e.d, p); err != nil || ok {
				if ok {
					e.noteRestored()
				}
				return err
			}
			return flow.SignIn(ctx, zoom.SignInPageOn(e.d, p), flow.Login{User: e.email, Password: e.password}, e.hooks())
		}
	}
	return errors.New("no tab is on Zoom's sign-in page")
}

// errLeftOut: go test's -run left a step's subtest out. The steps after it
// depend on its work, so the walk stops there, neither passed nor failed.
var errLeftOut = errors.New("left out by -run")

// runSteps runs the steps, each as a subtest named by its guide number
// ("step_13.3_User_scopes"), and stops at the first failure: later steps
// depend on it. A failed step leaves its artifacts in its subtest's
// artifact directory, and the steps not run are listed. A step that -run
// leaves out also stops the walk (false, nothing failed): so
// -run 'TestSetupOAuthApp/classic/step_[0-9]' walks steps 1–18 only, and
// the test stops before the round trip instead of checking the work of
// steps that never ran.
func (e *env) runSteps(t *testing.T, steps []flow.Step) bool {
	t.Helper()
	return e.runFlow(t, flow.Flow{Steps: steps})
}

// runFlow is runSteps for a flow, and the flows its Next gives. A flow
// that Next gives runs in a subtest named by it, unless the test's own name
// already says it ("TestSetupOAuthApp/general"): so in sandbox mode, where
// the site decides at step 5, "TestSetupOAuthApp/offered/general/step_13.1_…"
// says which build flow the site offered.
func (e *env) runFlow(t *testing.T, f flow.Flow) bool {
	t.Helper()
	rec := e.record(t, f)
	run := e.runner(t)
	var failed string
	var leftOut guide.Step
	var ran []flow.Step
	in := t // the test whose subtests the steps are
	run.Enter = func(next flow.Flow, walk func() error) error {
		if path.Base(t.Name()) == next.Name {
			return walk()
		}
		var err error
		t.Run(next.Name, func(t *testing.T) {
			in = t
			t.Logf("the site offered the %s build flow", next.Name)
			err = walk()
		})
		in = t
		return err
	}
	err := run.Run(t.Context(), f, func(s flow.Step) error {
		err := errLeftOut // unless t.Run runs the subtest
		in.Run("step "+s.Name(), func(t *testing.T) {
			ran = append(ran, s)
			e.stepsRun++
			start := time.Now()
			err = rec.attempt(t, run, s)
			switch {
			case errors.Is(err, flow.ErrSignedOut):
				t.Logf("%s after %v", e.secrets.Redact(err.Error()), time.Since(start).Round(time.Millisecond))
			case err != nil:
				failed = s.Number
				rec.failed(t, s, err, start, true)
				t.Fatal(e.secrets.Redact(err.Error()))
			default:
				t.Logf("done in %v", time.Since(start).Round(time.Millisecond))
			}
		})
		if err == errLeftOut {
			leftOut = s.Step
		}
		return err
	})
	if err == nil {
		return true
	}
	if errors.Is(err, errLeftOut) {
		if e.stepsRun == 0 {
			t.Skipf("-run leaves out every step of %s, from step %s on", t.Name(), leftOut.Number)
		}
		t.Logf("-run leaves out step %s, so the steps that depend on it are not run either: %s",
			leftOut.Number, strings.Join(rec.leftOut(f, leftOut, ran), ", "))
		return false
	}
	if failed == "" { // failed in the walk itself (signing in again), named by the step it was in
		at := flow.Step{}
		if _, named := guide.StepOf(err); !named {
			at.Step = guide.SignIn
		}
		rec.failed(t, at, err, time.Now(), true)
		t.Error(e.secrets.Redact(err.Error()))
		return false
	}
	rest := rec.notRun(f, failed, ran)
	if len(rest) > 0 {
		t.Errorf("stopped at step %s; not run: %s", failed, strings.Join(rest, ", "))
	}
	return false
}

// runQuietly runs the steps without subtests and returns the first failure,
// with its artifacts in the run report's folder for this test (where a
// negative case keeps its evidence; see record): for tests that expect the
// harness to fail at a given step, and for flows reused as a helper.
func (e *env) runQuietly(t *testing.T, steps []flow.Step) error {
	t.Helper()
	return e.runFlowQuietly(t, flow.Flow{Steps: steps})
}

// runFlowQuietly is runQuietly for a flow, and the flows its Next gives.
func (e *env) runFlowQuietly(t *testing.T, f flow.Flow) error {
	t.Helper()
	rec := e.record(t, f)
	run := e.runner(t)
	var ran []flow.Step
	failed := "" // the step that was running when the walk stopped
	err := run.Run(t.Context(), f, func(s flow.Step) error {
		ran = append(ran, s)
		start := time.Now()
		err := rec.attempt(t, run, s)
		if err != nil && !errors.Is(err, flow.ErrSignedOut) {
			failed = s.Number
			rec.failed(t, s, err, start, false)
		}
		return err
	})
	if err != nil && failed != "" {
		rec.notRun(f, failed, ran)
	}
	return err
}

// do runs one step alone, under its deadline (no sign-in again). A
// failure is recorded in the report without artifacts: a test that times
// the step must not time their capture.
func (e *env) do(t *testing.T, s flow.Step) error {
	rec := e.record(t, flow.Flow{})
	start := time.Now()
	err := rec.attempt(t, e.runner(t), s)
	if err != nil {
		rec.record(t, s, err, start, false, false)
	}
	return err
}

// capture saves the screenshot, HTML and console of every tab of the
// session, secrets masked, named after the step (never after a value),
// into dir, and returns the paths written.
func (e *env) capture(t *testing.T, dir string, s guide.Step) []string {
	t.Helper()
	paths, err := artifacts.CaptureWithin(e.stepTime/2, dir, "step-"+s.Number, e.sess, e.secrets)
	if err != nil {
		t.Logf("artifacts: %v", err)
	}
	return paths
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
