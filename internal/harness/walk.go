package harness

import (
	"context"
	"errors"
	"strings"
	"time"

	"lszoom/internal/guide"
	"lszoom/pages/flow"
)

// ErrLeftOut: the walk's caller left a step out (go test's -run). The steps
// after it depend on its work, so the walk stops there, neither passed nor
// failed.
var ErrLeftOut = errors.New("left out by -run")

// Walker is how a walk's caller runs its steps. The zero Walker runs each
// step as it comes and keeps a failure's artifacts for Settle.
type Walker struct {
	// Step runs step s by calling attempt once, in the context it gives
	// (e2e: a subtest's), and returns attempt's error; ErrLeftOut if it
	// does not call it. nil: attempt(the walk's context).
	Step func(s flow.Step, attempt func(ctx context.Context) Attempt) error
	// Enter runs walk, the steps of the flow a step's Next gave (the build
	// flow step 5 found), e.g. in a subtest named by it. nil: walk().
	Enter func(next flow.Flow, walk func() error) error
	// Loud: a failed step's artifacts are the caller's to show now
	// (Attempt.Artifacts, Walked.Artifacts); else kept for Settle.
	Loud bool
}

// Attempt is one step's run: its error (nil: passed), how long it took,
// and a failure's artifacts, named after At: the step its error names (a
// check in step 12 can find that step 11.2 did not stick), else the step.
type Attempt struct {
	Err       error
	Took      time.Duration
	At        guide.Step
	Artifacts []string
}

// Walked is how a walk ended.
type Walked struct {
	Err error // nil: every step passed
	// Failed is the step that failed; "" when the walk failed between
	// steps (signing in again) or a step was left out.
	Failed string
	// LeftOut is the step the caller left out, when it did (Err is
	// ErrLeftOut).
	LeftOut *guide.Step
	// NotRun are the steps the stop kept from running.
	NotRun []string
	// Artifacts are a failure between steps' (when Loud).
	Artifacts []string
}

// Walk runs flow f, and the flows its Next gives, under the world's runner
// (Runner), recording each step in the world's Record, and stops at the
// first failure: later steps depend on it. A failed step leaves its
// artifacts in the record's folder, and the steps not run are recorded as
// such. ctx bounds the walk; each step has its own deadline inside it.
func (w *World) Walk(ctx context.Context, f flow.Flow, by Walker) Walked {
	rec := w.Record()
	// A flow with a Next is named by the flow it gives (the build flow
	// step 5 found), or its own name if the walk stops before.
	named := f.Next == nil
	if named {
		rec.named(f)
	}
	defer func() {
		if !named {
			rec.named(f)
		}
	}()
	run := w.Runner()
	enter := by.Enter
	run.Enter = func(next flow.Flow, walk func() error) error {
		rec.named(next)
		named = true
		if enter == nil {
			return walk()
		}
		return enter(next, walk)
	}
	if by.Step == nil {
		by.Step = func(_ flow.Step, attempt func(context.Context) Attempt) error { return attempt(ctx).Err }
	}
	var res Walked
	var ran []flow.Step
	err := run.Run(ctx, f, func(s flow.Step) error {
		err := by.Step(s, func(ctx context.Context) Attempt {
			ran = append(ran, s)
			start := time.Now()
			err := rec.attempt(ctx, run, s)
			if err != nil && !errors.Is(err, flow.ErrSignedOut) {
				err = classify(err)
			}
			a := Attempt{Err: err, Took: time.Since(start), At: failedStep(err, s.Step)}
			if err != nil && !errors.Is(err, flow.ErrSignedOut) {
				res.Failed = s.Number
				a.Artifacts = rec.failed(s, err, start, true)
				if !by.Loud {
					rec.keep(a.Artifacts)
				}
			}
			return a
		})
		if errors.Is(err, ErrLeftOut) {
			res.LeftOut = &s.Step
		}
		return err
	})
	res.Err = err
	switch {
	case err == nil:
	case res.LeftOut != nil:
		res.NotRun = rec.leftOut(f, *res.LeftOut, ran)
	case res.Failed == "": // failed in the walk itself (signing in again), named by the step it was in
		at := flow.Step{}
		if _, named := guide.StepOf(err); !named {
			at.Step = guide.SignIn
		}
		res.Artifacts = rec.failed(at, err, time.Now(), true)
		if !by.Loud {
			rec.keep(res.Artifacts)
		}
	default:
		res.NotRun = rec.notRun(f, res.Failed, ran)
	}
	return res
}

// Do runs one step alone, under its deadline (no sign-in again). A failure
// is recorded without artifacts: a caller that times the step must not time
// their capture.
func (w *World) Do(ctx context.Context, s flow.Step) error {
	rec := w.Record()
	start := time.Now()
	err := rec.attempt(ctx, w.Runner(), s)
	if err != nil {
		err = classify(err)
		rec.failed(s, err, start, false)
	}
	return err
}

// Telling is the Walker of a tool: each step runs in the walk's context
// and its outcome is said in the world's log (Logf: secrets masked) as it
// ends, a failure with its artifacts.
func (w *World) Telling(ctx context.Context) Walker {
	return Walker{Loud: true,
		Step: func(s flow.Step, attempt func(context.Context) Attempt) error {
			a := attempt(ctx)
			switch {
			case a.Err != nil && len(a.Artifacts) > 0:
				w.Logf("step %s: %v\n  artifacts of step %s: %s", s.Name(), a.Err, a.At.Number, strings.Join(a.Artifacts, ", "))
			case a.Err != nil:
				w.Logf("step %s: %v", s.Name(), a.Err)
			default:
				w.Logf("step %s: passed in %v", s.Name(), a.Took.Round(time.Millisecond))
			}
			return a.Err
		}}
}
