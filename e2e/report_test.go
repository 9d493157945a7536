package e2e

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"lszoom/internal/harness"
)

// The run report (internal/report, recorded by internal/harness): every walk
// of every test is recorded step by step, and TestMain writes the page when
// the tests end.
//
// Where it goes: with -artifacts, <outputdir>/report (make e2e:
// artifacts/e2e-<time>/report, make test: artifacts/test-<time>/report);
// without, $TMPDIR/lszoom-e2e/go-test-<time>-<pid>/report. Its index.html path is
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
)

// reportDir decides where this run's report goes, from go test's flags
// (parsed), and whether it has step screenshots.
func reportDir() (dir string, shots bool) {
	keep := false
	if f := flag.Lookup("test.artifacts"); f != nil {
		keep = f.Value.String() == "true"
	}
	if !keep {
		return harness.TempReportDir("go-test", harness.Stamp(time.Now())), false
	}
	out := ""
	if f := flag.Lookup("test.outputdir"); f != nil {
		out = f.Value.String()
	}
	if out == "" {
		out, _ = os.Getwd()
	}
	return filepath.Join(out, "report"), *shotsFlag
}

// writeReport writes the page, compared with the baseline, and prints
// where it is; with -guide-shots, it copies the guide's screenshots.
func writeReport() {
	page, err := suite.WriteReport(*baselineFlag, func(err error) { fmt.Fprintln(os.Stderr, "e2e:", err) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return
	}
	if page == "" {
		return
	}
	fmt.Println("run report:", page)
	if *guideShots != "" {
		n, err := suite.CopyGuideShots("TestSetupOAuthApp/", *guideShots)
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e: -guide-shots:", err)
			return
		}
		fmt.Printf("guide screenshots: %d in %s\n", n, *guideShots)
	}
}
