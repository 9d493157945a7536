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

// do runs one step under its own deadline (E2E_STEP_TIMEOUT), shared by
// every wait inside it, and makes sure its error names a guide step.
func (e *env) do(t *testing.T, s step) (err error) {
	ctx, cancel := context.WithTimeout(t.Context(), cfg.StepTimeout)
	defer cancel()
	defer func() {
		// A page object that panics (rod's Must* are not used, but a nil
		// page could be) is this step's failure, not the whole binary's.
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
		err = guide.Wrap(s.Step, "", err)
	}()
	return s.run(ctx)
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
