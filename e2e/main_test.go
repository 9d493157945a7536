// Package e2e is the harness QA runs: `go test ./e2e` sets up a Zoom OAuth
// app exactly as CAE's customer guide says (steps 1–18) and proves that
// LearningSpace completes an OAuth consent round trip with it. Each guide
// step is a subtest named by its number; a failure names the step, what was
// expected and what was found, and leaves a screenshot, the page's HTML and
// the browser console in the test's artifact directory
// (go test -artifacts -outputdir DIR).
//
// By default (E2E_TARGET=sim) every test starts its own Zoom and LearningSpace
// stand-ins in-process on loopback; see .env.example for the settings.
//
// The machinery of a run is internal/harness; these files are the tests and
// their adapters to testing.T.
package e2e

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"lszoom/internal/config"
	"lszoom/internal/harness"
)

// One harness, and so one browser, for the whole test binary (each test
// gets an incognito context of it), as go-rod's e2e example does: starting
// Chromium is the slowest thing a test could do.
var (
	cfg   config.Config
	suite *harness.Harness
)

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.list"); f != nil && f.Value.String() != "" {
		os.Exit(m.Run()) // go test -list (scripts/shard.sh) needs no browser
	}
	if err := parseRegressFlag(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	var err error
	cfg, err = config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	dir, shots := reportDir()
	// A local Chromium, or the browser at E2E_BROWSER_URL or from the
	// go-rod manager at E2E_ROD_MANAGER_URL (never closed by us).
	suite, err = harness.Open(cfg, harness.Options{ReportDir: dir, Shots: shots})
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(2)
	}
	code := m.Run()
	writeReport()
	// A panic or a -timeout skips this line; the guard process that
	// browser.Launch starts then kills Chromium and removes its profile.
	if err := suite.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: closing the browser:", err)
	}
	os.Exit(code)
}
