package e2e

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/artifacts"
	"lszoom/internal/browser"
	"lszoom/internal/config"
	"lszoom/internal/guide"
	"lszoom/internal/zoomapi"
	"lszoom/pages/flow"
	lspages "lszoom/pages/learningspace"
	"lszoom/pages/zoom"
)

// env is one test's world: the sites under test (stand-ins in sim mode),
// an incognito browser session, and the secrets to keep out of its output.
type env struct {
	t        *testing.T
	zoomSim  *zoomsim.Server       // nil against a real Zoom
	lsSim    *learningspace.Server // nil against a real LearningSpace
	site     zoom.Site
	lsURL    string // where users reach LearningSpace: the URL to register in Zoom
	ls       lspages.Driver
	email    string
	password string
	runID    string        // carried by every name the test creates (E2E_RUN_ID)
	stepTime time.Duration // each guide step's deadline (E2E_STEP_TIMEOUT)
	// brokenStep and brokenWait: a test that expects step brokenStep to
	// fail by waiting for what never comes gives it brokenWait, not the
	// whole stepTime (see expectBrokenAt).
	brokenStep string
	brokenWait time.Duration
	sess       *browser.Session
	d          zoom.Driver
	secrets    *artifacts.Redactor
	// savedSession: the browser started from E2E_SESSION_FILE (sandbox).
	// made: what the test created on sites that keep it (sandbox), removed
	// when it ends, pass or fail (nightly_env_test.go).
	savedSession bool
	made         made
	stepsRun     int // step subtests run so far (see runFlow)
	// api is Zoom's Marketplace API with the maintenance token (api_test.go),
	// nil without one.
	api         *zoomapi.Client
	maintenance zoomapi.Maintenance // withAPI's
	// logs are the lines the flows logged (logf).
	logMu sync.Mutex
	logs  []string
}

// newEnv starts the stand-ins (sim mode) with the given knobs and opens an
// incognito session; everything is closed when the test ends.
func newEnv(t *testing.T, zopts ...zoomsim.Option) *env {
	t.Helper()
	return newEnvLS(t, nil, zopts...)
}

// newEnvLS is newEnv with the LearningSpace stand-in started with named
// regressions (learningspace.Regressions).
func newEnvLS(t *testing.T, lsRegs []string, zopts ...zoomsim.Option) *env {
	t.Helper()
	e := &env{t: t, email: cfg.ZoomEmail, password: cfg.ZoomPassword, runID: cfg.RunID, stepTime: cfg.StepTimeout,
		secrets: &artifacts.Redactor{}}
	e.secrets.Add(cfg.ZoomPassword)
	e.secrets.Add(cfg.LSAdminPassword)
	e.secrets.Add(cfg.API.ClientSecret)

	switch cfg.Target {
	case config.TargetSim:
		// E2E_SIM_LATENCY and E2E_SIM_JITTER slow the in-process stand-ins
		// as a live site is slow (the soak runs with them); a test's own
		// knobs come after and win.
		opts := append([]zoomsim.Option{
			zoomsim.WithOwner(cfg.ZoomEmail, cfg.ZoomPassword),
			zoomsim.WithLatency(cfg.SimLatency, cfg.SimJitter),
			zoomsim.WithSecretPrefix(cfg.SimSecretPrefix),
			zoomsim.WithRegressions(zoomRegressions...), // -regress
		}, zopts...)
		z, err := zoomsim.Start("", opts...)
		require.NoError(t, err, "start the Zoom stand-in")
		t.Cleanup(func() { _ = z.Close() })
		e.zoomSim = z.Server
		e.site = zoom.Site{WebURL: z.URL, MarketplaceURL: z.URL + "/marketplace"}
		ls, err := learningspace.Start(learningspace.Config{
			ZoomWebURL: z.URL, ZoomAPIURL: z.URL,
			AdminUser: cfg.LSAdminUser, AdminPassword: cfg.LSAdminPassword,
			Latency: cfg.SimLatency, Jitter: cfg.SimJitter,
			Regressions: append(slices.Clone(lsRegressions), lsRegs...), // -regress, then the test's
		})
		require.NoError(t, err, "start the LearningSpace stand-in")
		t.Cleanup(func() { _ = ls.Close() })
		e.lsURL, e.lsSim = ls.URL, ls.Server
	default:
		require.Empty(t, zopts, "stand-in knobs need E2E_TARGET=sim")
		require.Empty(t, lsRegs, "stand-in knobs need E2E_TARGET=sim")
		e.site = zoom.Site{WebURL: cfg.ZoomWebURL, MarketplaceURL: cfg.ZoomMarketplaceURL}
		e.lsURL = cfg.LearningSpaceURL
	}
	e.d = zoom.Driver{Site: e.site}
	e.ls = lspages.Driver{URL: e.lsURL}

	sess, err := chrome.NewSession()
	require.NoError(t, err, "open an incognito browser session")
	t.Cleanup(func() { _ = sess.Close() })
	e.sess = sess
	if cfg.Target == config.TargetSandbox {
		e.startSandbox() // from the saved session; clean up at the end
	}
	return e
}

// brokenStepWait is how long a step a test expects to fail is waited on:
// long enough for the page to show what it shows instead, even on a loaded
// machine, short of the 30 s a step gets when it is expected to pass. (4 s
// was seen too short at a load average of 30 on 2 cores: step 10.3's page
// had not loaded when its deadline came, and the failure could not say
// what the page showed.)
const brokenStepWait = 6 * time.Second

// expectBrokenAt says the test expects guide step number to fail by a wait
// that never ends: that step alone gets brokenStepWait. The steps before it
// keep their whole deadline, so that a slow machine cannot make the walk
// fail at a wrong step.
func (e *env) expectBrokenAt(number string) {
	e.brokenStep, e.brokenWait = number, brokenStepWait
}

// requireSim skips a test that needs the stand-ins' knobs (a regression
// switched on, a second user) when the harness runs against a real Zoom.
func requireSim(t *testing.T) {
	t.Helper()
	if cfg.Target != config.TargetSim {
		t.Skipf("needs the stand-ins (E2E_TARGET=sim); E2E_TARGET=%s", cfg.Target)
	}
}

// hooks give the flows this test's log, its secret mask and, in sim, the
// one-time codes the stand-in "emailed" (on a real account the saved
// session of a later issue avoids that page).
func (e *env) hooks() flow.Hooks {
	h := flow.Hooks{Log: e.logf, Secret: e.secrets.Add, APIRefused: e.apiRefused}
	if e.zoomSim != nil {
		h.Code = e.zoomSim.VerificationCode
	}
	return h
}

// logf is the flows' log: the test's, and kept, for a test to check what
// the flows said (said).
func (e *env) logf(format string, args ...any) {
	e.t.Helper()
	line := fmt.Sprintf(format, args...)
	e.logMu.Lock()
	e.logs = append(e.logs, line)
	e.logMu.Unlock()
	e.t.Log(line)
}

// flowSaid says whether a flow of this test logged a line holding want.
func (e *env) flowSaid(want string) bool {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return slices.ContainsFunc(e.logs, func(l string) bool { return strings.Contains(l, want) })
}

// newApp is the guide's app with a name that carries the run's ID.
func (e *env) newApp() guide.App { return testapp.New(e.runID) }

// lsRooms is the LearningSpace stand-in's rooms (sim mode only).
func lsRooms(t *testing.T, e *env) []learningspace.Room {
	t.Helper()
	require.NotNil(t, e.lsSim, "needs the LearningSpace stand-in")
	return e.lsSim.Rooms()
}

// replaceLS puts the test's LearningSpace URL where a text says %LS%.
func replaceLS(s, lsURL string) string { return strings.ReplaceAll(s, "%LS%", lsURL) }
