package harness

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/internal/aria"
	"lszoom/internal/artifacts"
	"lszoom/internal/guide"
	"lszoom/internal/report"
	"lszoom/pages/flow"
	"lszoom/pages/ui"
)

// Record is a world's walks as the run report shows them: one flow of the
// report per world (a world that walks in several calls adds to it), its
// steps' outcomes, durations, screenshots and failed steps' artifacts.
type Record struct {
	w       *World
	rec     *report.Flow
	dir     string          // the flow's folder in the report
	shots   *report.Shooter // nil: no per-step screenshots
	snaps   *snapshots      // each step's accessibility snapshot
	mu      sync.Mutex
	quiet   []string                      // artifacts of failures not yet shown
	lastTab proto.TargetTargetID          // the tab acted on last
	before  map[proto.TargetTargetID]bool // the tabs open when the step began
	acted   bool                          // the step in progress has acted
}

// Record is the report's record of this world's walks, made at the first
// call.
func (w *World) Record() *Record {
	w.recMu.Lock()
	defer w.recMu.Unlock()
	if w.record == nil {
		rep := w.h.Report
		r := &Record{w: w, rec: rep.Flow(w.o.Name, ""), dir: rep.FlowDir(w.o.Name)}
		if !w.o.NoSnapshots {
			r.snaps = snapshotsOf(r.dir)
		}
		if rep.Shots() {
			r.shots = &report.Shooter{Dir: filepath.Join(r.dir, "shots"), Secrets: w.Secrets.Values}
		}
		for _, n := range w.notes {
			r.rec.Note(n)
		}
		w.record, w.notes = r, nil
	}
	return w.record
}

// note is a note of the world's flow in the report, kept until the world
// walks: a world that never walks has no flow there.
func (w *World) note(s string) {
	w.recMu.Lock()
	defer w.recMu.Unlock()
	if w.record != nil {
		w.record.rec.Note(s)
		return
	}
	w.notes = append(w.notes, s)
}

// Flow is the record's flow of the report.
func (r *Record) Flow() *report.Flow { return r.rec }

// Dir is where this world's failed steps leave their screenshot, HTML and
// console: its folder in the run report.
func (r *Record) Dir() string { return r.dir }

// named names the record after the flow being walked ("round trip" for
// LearningSpace's steps).
func (r *Record) named(f flow.Flow) {
	name := f.Name
	if len(f.Steps) > 0 && strings.HasPrefix(f.Steps[0].Number, "LS.") {
		name = "round trip"
	}
	r.rec.Named(name)
}

func (r *Record) step(s guide.Step, st report.Status) report.Step {
	return report.Step{Number: s.Number, Title: s.Title, French: guide.French(s.Number), Status: st}
}

// attempt runs one step under the runner, photographed, and records it
// when it passes (failed records a failure).
func (r *Record) attempt(ctx context.Context, run flow.Runner, s flow.Step) error {
	if r.shots != nil {
		r.shots.Begin(s.Number)
	}
	r.mu.Lock()
	r.acted = false
	r.before = map[proto.TargetTargetID]bool{}
	if pages, err := r.w.Sess.Pages(); err == nil {
		for _, p := range pages {
			r.before[p.TargetID] = true
		}
	}
	r.mu.Unlock()
	ctx = ui.WithObserver(ctx, r.observe)
	var wording []string
	var wmu sync.Mutex
	ctx = ui.WithWording(ctx, func(label, found string) {
		note := fmt.Sprintf("the site reads %q where the label is %q", found, label)
		wmu.Lock()
		if !slices.Contains(wording, note) {
			wording = append(wording, note)
		}
		wmu.Unlock()
	})
	start := time.Now()
	err := run.Attempt(ctx, s)
	took := time.Since(start)
	wmu.Lock()
	defer wmu.Unlock()
	shot := ""
	if r.shots != nil {
		if err == nil {
			shot = r.shots.End(r.w.Sess.Page)
		} else {
			r.shots.End(nil)
		}
	}
	if err == nil {
		st := r.step(s.Step, report.Pass)
		st.Duration, st.Shot = took, r.w.h.Report.Rel(shot)
		st.Snapshot = r.w.h.Report.Rel(r.snapshot(s.Step, aria.Pass, s.Number))
		st.Wording = wording
		r.rec.Add(st)
	}
	return err
}

// observe keeps the tab acted on last (a failed step's screenshot is that
// tab's) and hands the action to the Shooter.
func (r *Record) observe(action string, el *rod.Element) {
	r.mu.Lock()
	r.lastTab, r.acted = el.Page().TargetID, true
	r.mu.Unlock()
	if r.shots != nil {
		r.shots.Observe(action, el)
	}
}

// shotOf picks, among a capture's screenshots (one per tab, the first
// without a -tab suffix), the one of the tab acted on last.
func (r *Record) shotOf(number string, paths []string) string {
	r.mu.Lock()
	last := r.lastTab
	r.mu.Unlock()
	want := "step-" + number + ".png"
	if pages, err := r.w.Sess.Pages(); err == nil {
		for i, p := range pages {
			if p.TargetID == last && i > 0 {
				want = fmt.Sprintf("step-%s-tab%d.png", number, i)
			}
		}
	}
	for _, p := range paths {
		if filepath.Base(p) == want {
			return p
		}
	}
	return ""
}

// failed records a failed step (named by the step its error names), with
// the screenshot, HTML and console of every tab when capture is set (a walk
// timing a step alone must not time the capture too), and returns the
// artifacts' paths.
func (r *Record) failed(s flow.Step, err error, start time.Time, capture bool) []string {
	st := failedStep(err, s.Step)
	var paths []string
	snap := ""
	if capture {
		paths = r.w.Capture(r.dir, st)
		snap = r.snapshot(st, aria.Fail, s.Number)
	}
	step := r.step(st, report.Fail)
	step.Snapshot = r.w.h.Report.Rel(snap)
	step.Duration = time.Since(start)
	red := r.w.Secrets.Redact
	if f := classify(err); f != nil {
		step.Kind, step.Missing, step.Candidates, step.LabelAt = f.Kind, f.Missing, f.Candidates, f.LabelAt
	}
	var se *guide.StepError
	if errors.As(err, &se) {
		step.Expected, step.Found = red(se.Expected), red(se.Found)
		if se.Err != nil {
			step.Error = red(se.Err.Error())
		}
	} else {
		step.Error = red(err.Error())
	}
	shot := ""
	if len(paths) > 0 {
		shot = r.shotOf(st.Number, paths)
		step.Shot = r.w.h.Report.Rel(shot)
	}
	for _, p := range paths {
		if p != shot {
			step.Artifacts = append(step.Artifacts, r.w.h.Report.Rel(p))
		}
	}
	r.rec.Add(step)
	if st.Number != s.Number && s.Number != "" { // a check in this step found an earlier one broken
		also := r.step(s.Step, report.Fail)
		also.Duration, also.Error = step.Duration, "found that guide step "+st.Number+" did not hold (see there)"
		r.rec.Add(also)
	}
	return paths
}

// keep holds artifacts not shown yet: Settle hands them on if the walk's
// caller failed.
func (r *Record) keep(paths []string) {
	r.mu.Lock()
	r.quiet = append(r.quiet, paths...)
	r.mu.Unlock()
}

// notRun records the steps a failure at step failed kept from running,
// and returns their numbers. A failure in a flow that Next gave (the build
// flow step 5 found) leaves the guide's steps after it.
func (r *Record) notRun(f flow.Flow, failed string, ran []flow.Step) []string {
	var rest []string
	add := func(s guide.Step) {
		rest = append(rest, s.Number)
		r.rec.Add(r.step(s, report.NotRun))
	}
	i := slices.IndexFunc(f.Steps, func(s flow.Step) bool { return s.Number == failed })
	var after []guide.Step
	switch {
	case i >= 0:
		for _, s := range f.Steps[i+1:] {
			add(s.Step)
		}
		if f.Next != nil && len(ran) <= len(f.Steps) {
			after = stepsAfter(f.Steps[len(f.Steps)-1].Number)
		}
	case f.Next != nil:
		after = stepsAfter(failed)
	}
	for _, s := range after {
		add(s)
	}
	return rest
}

// leftOut records the step its caller left out, and those after it, as
// not run (the walk stopped there; see Walk), and lists them.
func (r *Record) leftOut(f flow.Flow, s guide.Step, ran []flow.Step) []string {
	r.rec.Add(r.step(s, report.NotRun))
	return append([]string{s.Number}, r.notRun(f, s.Number, ran)...)
}

// ExpectRefusalAt marks this world's walk as a negative case: it is to
// fail at step number, with the message the caller checks.
func (r *Record) ExpectRefusalAt(number string) { r.rec.ExpectRefusal(number) }

// Settle ends the world's record, if it walked, when its caller has its
// verdict: a walk whose caller passed although a step failed expected it,
// and refused lists such steps as lines that read as a pass; a caller that
// failed gets the artifacts of the failures not shown yet.
func (w *World) Settle(callerFailed bool) (refused []string, artifacts []string) {
	w.recMu.Lock()
	r := w.record
	w.recMu.Unlock()
	if r == nil {
		return nil, nil
	}
	return r.settle(callerFailed)
}

func (r *Record) settle(callerFailed bool) (refused []string, artifacts []string) {
	for _, s := range r.rec.Settle(callerFailed) {
		refused = append(refused, fmt.Sprintf("refused as expected at %s %s: %s", s.Number, s.Title, refusal(s)))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if callerFailed {
		artifacts = slices.Clone(r.quiet)
	}
	return refused, artifacts
}

// refusal says what a refused step expected and found.
func refusal(s report.Step) string {
	var parts []string
	if s.Expected != "" {
		parts = append(parts, "expected "+s.Expected)
	}
	if s.Found != "" {
		parts = append(parts, "found "+s.Found)
	}
	if s.Error != "" {
		parts = append(parts, s.Error)
	}
	return strings.Join(parts, "; ")
}

// Capture saves the screenshot, HTML and console of every tab of the
// session, secrets masked, named after the step (never after a value),
// into dir, and returns the paths written. It takes at most half a step's
// time: a page that hangs must not hold the walk's end.
func (w *World) Capture(dir string, s guide.Step) []string {
	paths, err := artifacts.CaptureWithin(w.StepTime/2, dir, "step-"+s.Number, w.Sess, w.Secrets)
	if err != nil {
		w.o.Log("artifacts: %v", err)
	}
	return paths
}
