package e2e

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/internal/guide"
	"lszoom/internal/report"
	"lszoom/pages/flow"
	"lszoom/pages/ui"
)

// The run report (internal/report): every walk of every test is recorded
// step by step, and TestMain writes the page when the tests end.
//
// Where it goes: with -artifacts, <outputdir>/report (make e2e:
// artifacts/e2e-<time>/report, make test: artifacts/test-<time>/report);
// without, $TMPDIR/lszoom-e2e/go-test-<time>/report. Its index.html path is
// printed when the tests end (go test shows it with -v, or when a test
// fails). Step screenshots are taken only with -artifacts (-shots=false
// turns them off there too): they cost CPU, and a run whose artifacts are
// not kept has nobody to show them to. Failed steps always have theirs.
//
// Baseline: -baseline <summary.json>, else the newest green run's
// summary.json among the runs beside this one (the parent of the run's
// folder: artifacts/ for make, $TMPDIR/lszoom-e2e otherwise).
var (
	baselineFlag = flag.String("baseline", "", "summary.json of an earlier run to compare with (default: the newest green run beside this one)")
	shotsFlag    = flag.Bool("shots", false, "with -artifacts, a screenshot of every guide step in the run report (make e2e sets it)")
	regressFlag  = flag.String("regress", "", "start every test's stand-ins with these named regressions, name[=arg],… (zoomsim's and learningspace's -list-regressions): to see a run fail as it would on a broken site")
	guideShots   = flag.String("guide-shots", "", "after a green run with -shots, copy each flow's step screenshots into this folder (make guide-shots)")
	rep          *report.Run
	records      sync.Map // *env → *flowRecord
)

// startReport decides where this run's report goes; flags are parsed.
func startReport() {
	keep := false
	if f := flag.Lookup("test.artifacts"); f != nil {
		keep = f.Value.String() == "true"
	}
	var dir string
	if keep {
		out := ""
		if f := flag.Lookup("test.outputdir"); f != nil {
			out = f.Value.String()
		}
		if out == "" {
			out, _ = os.Getwd()
		}
		dir = filepath.Join(out, "report")
	} else {
		dir = filepath.Join(os.TempDir(), "lszoom-e2e", "go-test-"+time.Now().UTC().Format("20060102T150405.000Z"), "report")
	}
	rep = report.New(dir, keep && *shotsFlag)
}

// writeReport writes the page, compared with the baseline, and prints
// where it is.
func writeReport() {
	if rep == nil || len(rep.Summary().Flows) == 0 {
		return
	}
	basePath := *baselineFlag
	if basePath == "" {
		basePath = report.NewestGreen(filepath.Dir(filepath.Dir(rep.Dir())), rep.Dir())
	}
	var base *report.Summary
	if basePath != "" {
		b, err := report.Load(basePath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
		} else {
			base = b
		}
	}
	page, err := rep.Write(base, basePath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return
	}
	fmt.Println("run report:", page)
	if *guideShots != "" {
		copyGuideShots()
	}
}

// copyGuideShots puts the screenshots of the guide's walks into one folder,
// named by flow and step: classic-step-10.2.jpg and classic-step-LS.4.jpg
// (TestSetupOAuthApp/classic: the guide, then the round trip), general-step-10.2.jpg.
func copyGuideShots() {
	s := rep.Summary()
	if !s.Green {
		fmt.Fprintln(os.Stderr, "e2e: -guide-shots: the run is not green; no screenshots copied")
		return
	}
	n, err := rep.CopyShots(s, *guideShots, func(f *report.Flow, st report.Step) string {
		switch {
		case strings.HasPrefix(f.Test, "TestSetupOAuthApp/"):
			return strings.TrimPrefix(f.Test, "TestSetupOAuthApp/") + "-step-" + st.Number + ".jpg"
		}
		return ""
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
	}
	fmt.Printf("guide screenshots: %d in %s\n", n, *guideShots)
}

// flowRecord is one test's walk as the report shows it.
type flowRecord struct {
	e       *env
	rec     *report.Flow
	dir     string          // the flow's folder in the report
	shots   *report.Shooter // nil: no per-step screenshots
	mu      sync.Mutex
	quiet   []string             // artifacts of failures not yet printed
	lastTab proto.TargetTargetID // the tab acted on last
}

// record is the report's record of this test's walks (one per test: a
// test that walks in several calls adds to it), made at the first.
func (e *env) record(t *testing.T, f flow.Flow) *flowRecord {
	v, loaded := records.LoadOrStore(e, &flowRecord{e: e})
	r := v.(*flowRecord)
	if !loaded {
		r.rec = rep.Flow(t.Name(), "")
		r.dir = rep.FlowDir(t.Name())
		if rep.Shots() {
			r.shots = &report.Shooter{Dir: filepath.Join(r.dir, "shots"), Secrets: e.secrets.Values}
		}
		t.Cleanup(func() { r.settle(t) })
	}
	name := f.Name
	if len(f.Steps) > 0 && strings.HasPrefix(f.Steps[0].Number, "LS.") {
		name = "round trip"
	}
	r.rec.Named(name)
	return r
}

// expectRefusalAt marks this test's walk as a negative case.
func (e *env) expectRefusalAt(t *testing.T, number string) {
	e.record(t, flow.Flow{}).rec.ExpectRefusal(number)
}

// attempt runs one step under the runner, photographed, and records it
// when it passes (failed records a failure).
func (r *flowRecord) attempt(t *testing.T, run flow.Runner, s flow.Step) error {
	if r.shots != nil {
		r.shots.Begin(s.Number)
	}
	ctx := ui.WithObserver(t.Context(), r.observe)
	start := time.Now()
	err := run.Attempt(ctx, s)
	took := time.Since(start)
	shot := ""
	if r.shots != nil {
		if err == nil {
			shot = r.shots.End(r.e.sess.Page)
		} else {
			r.shots.End(nil)
		}
	}
	if err == nil {
		r.rec.Add(report.Step{Number: s.Number, Title: s.Title, French: guide.French(s.Number),
			Status: report.Pass, Duration: took, Shot: rep.Rel(shot)})
	}
	return err
}

// observe keeps the tab acted on last (a failed step's screenshot is that
// tab's) and hands the action to the Shooter.
func (r *flowRecord) observe(action string, el *rod.Element) {
	r.mu.Lock()
	r.lastTab = el.Page().TargetID
	r.mu.Unlock()
	if r.shots != nil {
		r.shots.Observe(action, el)
	}
}

// shotOf picks, among a capture's screenshots (one per tab, the first
// without a -tab suffix), the one of the tab acted on last.
func (r *flowRecord) shotOf(number string, paths []string) string {
	r.mu.Lock()
	last := r.lastTab
	r.mu.Unlock()
	want := "step-" + number + ".png"
	if pages, err := r.e.sess.Pages(); err == nil {
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

// failed records a failed step, with the screenshot, HTML and console of
// every tab. loud: the failure is already an error of the test, so the
// artifacts' paths are printed now; else only if the test fails.
func (r *flowRecord) failed(t *testing.T, s flow.Step, err error, start time.Time, loud bool) {
	t.Helper()
	r.record(t, s, err, start, loud, true)
}

// record is failed, with the artifacts captured or not (a test timing a
// step alone must not time the capture too).
func (r *flowRecord) record(t *testing.T, s flow.Step, err error, start time.Time, loud, capture bool) {
	t.Helper()
	st := failedStep(err, s.Step)
	var paths []string
	if capture {
		paths = r.e.capture(t, r.dir, st)
	}
	if loud && len(paths) > 0 {
		t.Logf("artifacts of step %s: %s", st.Number, strings.Join(paths, ", "))
	} else {
		r.mu.Lock()
		r.quiet = append(r.quiet, paths...)
		r.mu.Unlock()
	}
	step := report.Step{Number: st.Number, Title: st.Title, French: guide.French(st.Number),
		Status: report.Fail, Duration: time.Since(start)}
	var se *guide.StepError
	if errors.As(err, &se) {
		step.Expected, step.Found = r.e.secrets.Redact(se.Expected), r.e.secrets.Redact(se.Found)
		if se.Err != nil {
			step.Error = r.e.secrets.Redact(se.Err.Error())
		}
	} else {
		step.Error = r.e.secrets.Redact(err.Error())
	}
	shot := ""
	if len(paths) > 0 {
		shot = r.shotOf(st.Number, paths)
		step.Shot = rep.Rel(shot)
	}
	for _, p := range paths {
		if p != shot {
			step.Artifacts = append(step.Artifacts, rep.Rel(p))
		}
	}
	r.rec.Add(step)
	if st.Number != s.Number && s.Number != "" { // a check in this step found an earlier one broken
		r.rec.Add(report.Step{Number: s.Number, Title: s.Title, French: guide.French(s.Number), Status: report.Fail,
			Duration: step.Duration, Error: "found that guide step " + st.Number + " did not hold (see there)"})
	}
}

// notRun records the steps a failure at step failed kept from running,
// and returns their numbers. A failure in a flow that Next gave (the build
// flow step 5 found) leaves the guide's steps after it.
func (r *flowRecord) notRun(f flow.Flow, failed string, ran []flow.Step) []string {
	var rest []string
	add := func(s guide.Step) {
		rest = append(rest, s.Number)
		r.rec.Add(report.Step{Number: s.Number, Title: s.Title, French: guide.French(s.Number), Status: report.NotRun})
	}
	after := func(number string) {
		if k := slices.IndexFunc(guide.Setup, func(s guide.Step) bool { return s.Number == number }); k >= 0 {
			for _, s := range guide.Setup[k+1:] {
				add(s)
			}
		}
	}
	i := slices.IndexFunc(f.Steps, func(s flow.Step) bool { return s.Number == failed })
	switch {
	case i >= 0:
		for _, s := range f.Steps[i+1:] {
			add(s.Step)
		}
		if f.Next != nil && len(ran) <= len(f.Steps) {
			after(f.Steps[len(f.Steps)-1].Number)
		}
	case f.Next != nil:
		after(failed)
	}
	return rest
}

// leftOut records the step that -run left out, and those after it, as not
// run (the walk stopped there; see runFlow), and lists them.
func (r *flowRecord) leftOut(f flow.Flow, s guide.Step, ran []flow.Step) []string {
	r.rec.Add(report.Step{Number: s.Number, Title: s.Title, French: guide.French(s.Number), Status: report.NotRun})
	return append([]string{s.Number}, r.notRun(f, s.Number, ran)...)
}

// settle ends the record with the test: a test that passed although a
// step failed expected it, and says so in a line that reads as a pass; a
// test that failed prints the artifacts of its quiet failures.
func (r *flowRecord) settle(t *testing.T) {
	for _, s := range r.rec.Settle(t.Failed()) {
		t.Logf("refused as expected at %s %s: %s", s.Number, s.Title, refusal(s))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if t.Failed() && len(r.quiet) > 0 {
		t.Logf("artifacts: %s", strings.Join(r.quiet, ", "))
	}
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

// evidenceDir is where this test's failed steps leave their screenshot,
// HTML and console: its folder in the run report.
func (e *env) evidenceDir(t *testing.T) string { return e.record(t, flow.Flow{}).dir }
