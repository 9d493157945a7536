// Package harness is a run of the harness as a library: what `go test ./e2e`
// runs and what the tools in cmd/ run is this one package. From the
// configuration it opens the browser (local, remote or managed) and the run
// report; each World is one walk's sites (the stand-ins, started here in
// sim mode), an incognito session and the secrets to keep out of its
// output. A World walks a flow step by step under the runner (a deadline
// per step, the sign-in watch, patience for a step expected to fail),
// records each step for the report, captures a failed step's artifacts,
// and cleans up after itself on sites that keep what it made.
//
// It knows nothing of package testing: e2e adapts it to testing.T (a
// subtest per step, t.ArtifactDir, parallel tests); cmd/walk, the janitor
// and make login call it directly.
package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lszoom/internal/browser"
	"lszoom/internal/config"
	"lszoom/internal/report"
)

// Harness is one run: its configuration, its browser and its report.
type Harness struct {
	Config  config.Config
	Browser *browser.Browser
	Report  *report.Run
}

// Options are what a run's caller decides beside the configuration.
type Options struct {
	// ReportDir is where the run report goes (report.New); "": a folder
	// of TempReportDir's.
	ReportDir string
	// Shots: a screenshot of every guide step in the report (they cost
	// CPU; a failed step always has its own).
	Shots bool
	// Browser are options for the browser on top of the configuration's
	// (make login's visible window, a DevTools logger).
	Browser []browser.Option
}

// Open opens the browser the configuration asks for (a local Chromium, or
// the one at E2E_BROWSER_URL or from the go-rod manager at
// E2E_ROD_MANAGER_URL) and starts the report. The configuration has been
// checked (config.Load) before: a bad one never starts a browser.
func Open(cfg config.Config, o Options) (*Harness, error) {
	b, err := browser.Open(cfg, o.Browser...)
	if err != nil {
		return nil, err
	}
	dir := o.ReportDir
	if dir == "" {
		dir = TempReportDir("run", Stamp(time.Now()))
	}
	rep := report.New(dir, o.Shots)
	rep.SetBrowser(b.Describe())
	return &Harness{Config: cfg, Browser: b, Report: rep}, nil
}

// With is a harness of the same browser and report under another
// configuration: a tool's (make login's), or that of sites a test started.
func (h *Harness) With(cfg config.Config) *Harness {
	return &Harness{Config: cfg, Browser: h.Browser, Report: h.Report}
}

// Close closes the browser (a remote one: only the connection). A panic
// or a kill skips it; the guard process browser.Launch starts then kills
// Chromium and removes its profile.
func (h *Harness) Close() error { return h.Browser.Close() }

// Stamp is a run's time in its folder's name.
func Stamp(t time.Time) string { return t.UTC().Format("20060102T150405.000Z") }

// TempReportDir is a report folder for a run whose artifacts nobody asked
// to keep: $TMPDIR/lszoom-e2e/<name>-<time>-<pid>/report. The process ID:
// two runs started in the same millisecond (the play-through's children)
// once wrote into one folder, each over the other's step snapshots.
func TempReportDir(name, stamp string) string {
	return filepath.Join(os.TempDir(), "lszoom-e2e", fmt.Sprintf("%s-%s-%d", name, stamp, os.Getpid()), "report")
}

// WriteReport writes the report page, compared with the baseline (the
// summary.json at baseline, else the newest green run's beside this one),
// and returns the page's path; "" when nothing was recorded. A baseline
// that cannot be read is said in warn and left out.
func (h *Harness) WriteReport(baseline string, warn func(error)) (string, error) {
	if len(h.Report.Summary().Flows) == 0 {
		return "", nil
	}
	if baseline == "" {
		baseline = report.NewestGreen(filepath.Dir(filepath.Dir(h.Report.Dir())), h.Report.Dir())
	}
	var base *report.Summary
	if baseline != "" {
		b, err := report.Load(baseline)
		if err != nil {
			warn(err)
		} else {
			base = b
		}
	}
	return h.Report.Write(base, baseline, h.compareScreens(baseline))
}

// CopyGuideShots puts the screenshots of the guide's walks of a green run
// (the flows of the tests under prefix, "TestSetupOAuthApp/") into one
// folder, named by flow and step: classic-step-10.2.jpg and
// classic-step-LS.4.jpg (the guide, then the round trip),
// general-step-10.2.jpg. It returns how many it copied.
func (h *Harness) CopyGuideShots(prefix, dir string) (int, error) {
	s := h.Report.Summary()
	if !s.Green {
		return 0, fmt.Errorf("the run is not green; no screenshots copied")
	}
	return h.Report.CopyShots(s, dir, func(f *report.Flow, st report.Step) string {
		if rest, ok := strings.CutPrefix(f.Test, prefix); ok {
			return rest + "-step-" + st.Number + ".jpg"
		}
		return ""
	})
}
