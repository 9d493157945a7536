package e2e

import (
	"context"
	"errors"
	"path"
	"strings"
	"testing"
	"time"

	"lszoom/internal/guide"
	"lszoom/internal/harness"
	"lszoom/pages/flow"
)

// The walk (harness.World.Walk) adapted to testing.T: a subtest per step,
// named by its guide number, and go test's -run choosing which run.

// runSteps runs the steps, each as a subtest named by its guide number
// ("step_13.3_User_scopes"), and stops at the first failure: later steps
// depend on it. A failed step leaves its artifacts in the run report's
// folder for the test, and the steps not run are listed. A step that -run
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
	in := t // the test whose subtests the steps are
	res := e.Walk(t.Context(), f, harness.Walker{
		Loud: true,
		Enter: func(next flow.Flow, walk func() error) error {
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
		},
		Step: func(s flow.Step, attempt func(context.Context) harness.Attempt) error {
			err := harness.ErrLeftOut // unless t.Run runs the subtest
			in.Run("step "+s.Name(), func(t *testing.T) {
				e.stepsRun++
				a := attempt(t.Context())
				err = a.Err
				switch {
				case errors.Is(err, flow.ErrSignedOut):
					t.Logf("%s after %v", e.Secrets.Redact(err.Error()), a.Took.Round(time.Millisecond))
				case err != nil:
					if len(a.Artifacts) > 0 {
						t.Logf("artifacts of step %s: %s", a.At.Number, strings.Join(a.Artifacts, ", "))
					}
					t.Fatal(e.Secrets.Redact(err.Error()))
				default:
					t.Logf("done in %v", a.Took.Round(time.Millisecond))
				}
			})
			return err
		},
	})
	switch {
	case res.Err == nil:
		return true
	case res.LeftOut != nil:
		if e.stepsRun == 0 {
			t.Skipf("-run leaves out every step of %s, from step %s on", t.Name(), res.LeftOut.Number)
		}
		t.Logf("-run leaves out step %s, so the steps that depend on it are not run either: %s",
			res.LeftOut.Number, strings.Join(res.NotRun, ", "))
	case res.Failed == "": // failed in the walk itself (signing in again)
		if len(res.Artifacts) > 0 {
			t.Logf("artifacts: %s", strings.Join(res.Artifacts, ", "))
		}
		t.Error(e.Secrets.Redact(res.Err.Error()))
	case len(res.NotRun) > 0:
		t.Errorf("stopped at step %s; not run: %s", res.Failed, strings.Join(res.NotRun, ", "))
	}
	return false
}

// runQuietly runs the steps without subtests and returns the first failure,
// with its artifacts in the run report's folder for this test (where a
// negative case keeps its evidence): for tests that expect the harness to
// fail at a given step, and for flows reused as a helper.
func (e *env) runQuietly(t *testing.T, steps []flow.Step) error {
	t.Helper()
	return e.runFlowQuietly(t, flow.Flow{Steps: steps})
}

// runFlowQuietly is runQuietly for a flow, and the flows its Next gives.
func (e *env) runFlowQuietly(t *testing.T, f flow.Flow) error {
	t.Helper()
	return e.Walk(t.Context(), f, harness.Walker{}).Err
}

// do runs one step alone, under its deadline (no sign-in again), its
// failure recorded without artifacts (harness.World.Do).
func (e *env) do(t *testing.T, s flow.Step) error { return e.Do(t.Context(), s) }

// stepOf is the guide step an error names ("" if none).
func stepOf(err error) string {
	var se *guide.StepError
	if errors.As(err, &se) {
		return se.Step.Number
	}
	return ""
}
