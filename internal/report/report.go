// Package report is the run report: one page per run of the harness that
// follows the customer guide, flow by flow and step by step (title in
// English, the French guide's label, pass, fail, refused as expected or not
// run, duration, a screenshot with the control acted on outlined), and a
// summary.json a later run compares itself with. The page needs no network:
// its images sit beside it, its style is inline.
//
// The e2e tests record into a Run; TestMain writes it when the tests end.
// Nothing here asserts: a Run only says what the harness saw.
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Status is what became of a step or a flow.
type Status string

// The statuses. Refused is a step a test expected to fail, that failed as
// expected, with the expected message: a pass of a negative case.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Refused Status = "refused as expected"
	NotRun  Status = "not run"
)

// Step is one guide step of a flow as the run met it.
type Step struct {
	Number   string        `json:"number"`
	Title    string        `json:"title"`
	French   string        `json:"french,omitempty"`
	Status   Status        `json:"status"`
	Duration time.Duration `json:"duration_ns"`
	// Shot is the step's screenshot, relative to the report's directory.
	Shot string `json:"shot,omitempty"`
	// Snapshot is the step's accessibility snapshot (Playwright's ARIA
	// YAML), relative to the report's directory.
	Snapshot string `json:"snapshot,omitempty"`
	// Kind is a failed step's kind: "site moved" (a control known by a
	// label is not on the page) or "set-up broken" (anything else).
	Kind string `json:"kind,omitempty"`
	// Missing, Candidates and LabelAt are a moved site's: the control
	// not found, what the page showed nearest to it, and where its label
	// is defined (the one line to change).
	Missing    string   `json:"missing,omitempty"`
	Candidates []string `json:"candidates,omitempty"`
	LabelAt    []string `json:"label_at,omitempty"`
	// Differences are the step's snapshot against the same step of the
	// baseline run, or of the live site's reference (Against says which).
	Differences []string `json:"differences,omitempty"`
	Against     string   `json:"against,omitempty"`
	// Wording notes names the step matched only as a person reads them
	// (case, white space): the step passed; the site's spelling differs.
	Wording []string `json:"wording,omitempty"`
	// Expected and Found say why the step failed (or was refused).
	Expected string `json:"expected,omitempty"`
	Found    string `json:"found,omitempty"`
	Error    string `json:"error,omitempty"`
	// Artifacts are the failed step's page HTML, console and full-page
	// screenshot, relative to the report's directory.
	Artifacts []string `json:"artifacts,omitempty"`
	// Change is what the baseline comparison found ("newly failing",
	// "slower: 1.2s, was 0.7s"); empty when nothing changed.
	Change string `json:"change,omitempty"`
}

// Flow is one walk of one test: a build flow, the round trip, or a
// negative case that expects a refusal at one step.
type Flow struct {
	Test string `json:"test"` // the go test name
	Name string `json:"name"` // "classic", "general", "round trip"
	// ExpectRefusalAt is the guide step a negative case expects to fail
	// ("" for a walk expected to pass).
	ExpectRefusalAt string `json:"expect_refusal_at,omitempty"`
	Status          Status `json:"status"`
	Steps           []Step `json:"steps"`
	// Fidelity is the flow's screens held to another run's (the
	// baseline's, or the live site's reference): cmd/fidelity's answer.
	Fidelity *Fidelity `json:"fidelity,omitempty"`
	// Notes are what the walk could not do and says beside its outcome
	// ("API checks not done: …").
	Notes []string `json:"notes,omitempty"`

	mu         *sync.Mutex
	testFailed bool
}

// Summary is the run: summary.json holds it.
type Summary struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Green    bool      `json:"green"`
	// Baseline is the summary.json this run was compared with, if any.
	Baseline string `json:"baseline,omitempty"`
	// Browser is the browser the run drove (browser.Describe).
	Browser string  `json:"browser,omitempty"`
	Flows   []*Flow `json:"flows"`
}

// Run collects the flows of one run of the tests; safe for concurrent use.
type Run struct {
	dir   string
	mu    sync.Mutex
	sum   Summary
	shots bool
}

// New is a run whose report will be written into dir. With shots, each
// step's screenshot is taken (Shooter); without, only failed steps have one.
func New(dir string, shots bool) *Run {
	return &Run{dir: dir, shots: shots, sum: Summary{Started: time.Now()}}
}

// SetBrowser names the browser the run drives.
func (r *Run) SetBrowser(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Browser = s
}

// Dir is where the report goes.
func (r *Run) Dir() string { return r.dir }

// Shots says whether every step is photographed.
func (r *Run) Shots() bool { return r != nil && r.shots }

var unsafe = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// FlowDir is a flow's folder under the report's directory (its shots and
// failure artifacts), made from the test's name.
func (r *Run) FlowDir(test string) string {
	return filepath.Join(r.dir, "flows", strings.Trim(unsafe.ReplaceAllString(test, "_"), "_."))
}

// Flow starts the record of a flow of test.
func (r *Run) Flow(test, name string) *Flow {
	f := &Flow{Test: test, Name: name, Status: Pass, mu: &sync.Mutex{}}
	if r == nil {
		return f
	}
	r.mu.Lock()
	r.sum.Flows = append(r.sum.Flows, f)
	r.mu.Unlock()
	return f
}

// Rel is path relative to the report's directory ("" if it is not under it).
func (r *Run) Rel(path string) string {
	rel, err := filepath.Rel(r.dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel)
}

// Note adds a note to the flow, once.
func (f *Flow) Note(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.Contains(f.Notes, s) {
		f.Notes = append(f.Notes, s)
	}
}

// ExpectRefusal marks the flow as a negative case: step number is expected
// to fail.
func (f *Flow) ExpectRefusal(number string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ExpectRefusalAt = number
}

// Add records a step's end. A step with the same number already recorded
// (a walk that went back after a new sign-in, an authorization tried
// again) is replaced.
func (f *Flow) Add(s Step) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if i := slices.IndexFunc(f.Steps, func(x Step) bool { return x.Number == s.Number }); i >= 0 {
		f.Steps[i] = s // in its place: the page follows the guide's order
		return
	}
	f.Steps = append(f.Steps, s)
}

// Named adds name to the flow's name ("classic", then "classic, round
// trip" when the round trip follows).
func (f *Flow) Named(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case name == "" || strings.Contains(f.Name, name):
	case f.Name == "":
		f.Name = name
	default:
		f.Name += ", " + name
	}
}

// Settle ends the flow when its test ends. A test that passed although a
// step failed expected that failure (a negative case): those steps become
// Refused, and the returned ones are them. A test that failed fails the
// flow, whatever its steps say.
func (f *Flow) Settle(testFailed bool) (refused []Step) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.testFailed = testFailed
	if testFailed {
		return nil
	}
	for i := range f.Steps {
		if f.Steps[i].Status == Fail {
			f.Steps[i].Status = Refused
			refused = append(refused, f.Steps[i])
			if f.ExpectRefusalAt == "" {
				f.ExpectRefusalAt = f.Steps[i].Number
			}
		}
	}
	return refused
}

// Snapshot is a copy of the flow as recorded so far.
func (f *Flow) Snapshot() Flow {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := *f
	c.Steps = slices.Clone(f.Steps)
	c.Notes = slices.Clone(f.Notes)
	c.mu = nil
	c.Status = Pass
	if f.testFailed || slices.ContainsFunc(f.Steps, func(s Step) bool { return s.Status == Fail }) {
		c.Status = Fail
	}
	return c
}

// Summary is the run as recorded so far, flows in test order.
func (r *Run) Summary() Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sum
	s.Flows = nil
	s.Green = true
	for _, f := range r.sum.Flows {
		c := f.Snapshot()
		s.Flows = append(s.Flows, &c)
		if c.Status != Pass {
			s.Green = false
		}
	}
	// Failed flows first, then the walks that passed, then the negative
	// cases; by test name within each.
	rank := func(f *Flow) int {
		switch {
		case f.Status == Fail:
			return 0
		case f.ExpectRefusalAt == "":
			return 1
		}
		return 2
	}
	slices.SortStableFunc(s.Flows, func(a, b *Flow) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a.Test, b.Test)
	})
	return s
}

// Fidelity is a flow's step snapshots compared with another set.
type Fidelity struct {
	Against string   `json:"against"` // what they were compared with
	Clean   bool     `json:"clean"`
	Lines   []string `json:"lines"` // cmd/fidelity's text, line by line
}

// Write writes index.html and summary.json into the report's directory,
// compared with base when it is not nil (baselinePath names it), and
// returns the page's path. amend, if not nil, adds to the summary before
// it is written (the screens' comparison).
func (r *Run) Write(base *Summary, baselinePath string, amend ...func(*Summary)) (string, error) {
	s := r.Summary()
	s.Finished = time.Now()
	if base != nil {
		Compare(&s, base)
		s.Baseline = baselinePath
	}
	for _, a := range amend {
		a(&s)
	}
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	js, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	if err := os.WriteFile(filepath.Join(r.dir, "summary.json"), append(js, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	page := filepath.Join(r.dir, "index.html")
	out, err := os.Create(page)
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	err = render(out, s)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	return page, nil
}

// CopyShots copies the screenshots of the passed steps of green flows of
// s into out, each under the name name gives it ("" leaves it out), and
// returns how many it copied.
func (r *Run) CopyShots(s Summary, out string, name func(f *Flow, st Step) string) (int, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, fmt.Errorf("report: %w", err)
	}
	n := 0
	for _, f := range s.Flows {
		if f.Status != Pass || f.ExpectRefusalAt != "" {
			continue
		}
		for _, st := range f.Steps {
			to := name(f, st)
			if st.Status != Pass || st.Shot == "" || to == "" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(st.Shot)))
			if err != nil {
				return n, fmt.Errorf("report: %w", err)
			}
			if err := os.WriteFile(filepath.Join(out, to), b, 0o644); err != nil {
				return n, fmt.Errorf("report: %w", err)
			}
			n++
		}
	}
	return n, nil
}
