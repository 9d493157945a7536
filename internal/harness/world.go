package harness

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

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

// World is one walk's world: the sites under test (the stand-ins in sim
// mode), an incognito browser session, and the secrets to keep out of its
// output. Its fields are for the walk's caller to read; StepTime, Password
// and SavedSession may be changed before a walk.
type World struct {
	h       *Harness
	ctx     context.Context
	o       WorldOptions
	ZoomSim *zoomsim.Server       // nil against a real Zoom
	LSSim   *learningspace.Server // nil against a real LearningSpace
	Site    zoom.Site
	// LSURL is where users reach LearningSpace: the URL to register in Zoom.
	LSURL    string
	Zoom     zoom.Driver
	LS       lspages.Driver
	Email    string
	Password string
	RunID    string        // carried by every name the walk creates (E2E_RUN_ID)
	StepTime time.Duration // each guide step's deadline (E2E_STEP_TIMEOUT)
	Sess     *browser.Session
	Secrets  *artifacts.Redactor
	// SavedSession: the browser started from E2E_SESSION_FILE (sandbox).
	SavedSession bool

	// brokenStep and brokenWait: a walk expected to fail at brokenStep by
	// a wait that never ends gives that step brokenWait (ExpectBrokenAt).
	brokenStep string
	brokenWait time.Duration
	// made is what the walk created on sites that keep it (sandbox),
	// removed by Close, pass or fail (sandbox.go).
	made   made
	cleans bool // against sites that keep what it made
	// api is Zoom's Marketplace API with the maintenance token (api.go).
	api         *zoomapi.Client
	maintenance zoomapi.Maintenance
	recMu       sync.Mutex
	record      *Record  // the report's record of this world's walks, made at the first
	notes       []string // its notes until then
	closers     []func() error
	logMu       sync.Mutex
	logs        []string
}

// WorldOptions are what one world's caller decides.
type WorldOptions struct {
	// Name names the world's record in the report (the test's name).
	Name string
	// Zoom are the Zoom stand-in's knobs, LSRegressions the LearningSpace
	// stand-in's named regressions: sim mode only.
	Zoom          []zoomsim.Option
	LSRegressions []string
	// Log is where the flows' lines go (also kept: Said).
	Log func(format string, args ...any)
	// ArtifactDir is where the clean-up leaves created-apps.txt and, when
	// it fails, its artifacts (sandbox).
	ArtifactDir func() string
	// Fresh: a browser session with no sign-in given, and nothing to clean
	// up: make login's, where a person signs in.
	Fresh bool
	// NoSnapshots: the steps leave no accessibility snapshot. Only for
	// measuring what the snapshots cost (BenchmarkSnapshots); every run
	// writes them.
	NoSnapshots bool
}

// ErrNeedsStandIns: a world was asked for stand-in knobs against real sites.
var ErrNeedsStandIns = errors.New("stand-in knobs need E2E_TARGET=sim")

// NewWorld starts the stand-ins (sim mode) with the options' knobs and
// opens an incognito session; against real sites it gives the browser the
// saved sign-in and turns the Marketplace API on when it can (sandbox.go).
// ctx bounds the world's work (its steps run in contexts of their own).
// Close ends it.
func (h *Harness) NewWorld(ctx context.Context, o WorldOptions) (w *World, err error) {
	cfg := h.Config
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	w = &World{h: h, ctx: ctx, o: o, Email: cfg.ZoomEmail, Password: cfg.ZoomPassword, RunID: cfg.RunID,
		StepTime: cfg.StepTimeout, Secrets: &artifacts.Redactor{}}
	w.Secrets.Add(cfg.ZoomPassword)
	w.Secrets.Add(cfg.LSAdminPassword)
	w.Secrets.Add(cfg.API.ClientSecret)
	defer func() {
		if err != nil {
			err = errors.Join(err, w.close())
			w = nil
		}
	}()
	if cfg.Target == config.TargetSim {
		if err := w.startStandIns(); err != nil {
			return nil, err
		}
	} else {
		if len(o.Zoom) > 0 || len(o.LSRegressions) > 0 {
			return nil, ErrNeedsStandIns
		}
		w.Site = zoom.Site{WebURL: cfg.ZoomWebURL, MarketplaceURL: cfg.ZoomMarketplaceURL}
		w.LSURL = cfg.LearningSpaceURL
	}
	w.Zoom = zoom.Driver{Site: w.Site}
	w.LS = lspages.Driver{URL: w.LSURL}
	sess, err := h.Browser.NewSession()
	if err != nil {
		return nil, fmt.Errorf("open an incognito browser session: %w", err)
	}
	w.closers = append(w.closers, sess.Close)
	w.Sess = sess
	if cfg.Target == config.TargetSandbox && !o.Fresh {
		if err := w.startSandbox(); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// startStandIns starts the Zoom and LearningSpace stand-ins in-process on
// loopback. E2E_SIM_LATENCY and E2E_SIM_JITTER slow them as a live site is
// slow; the world's own knobs come after and win.
func (w *World) startStandIns() error {
	cfg := w.h.Config
	opts := append([]zoomsim.Option{
		zoomsim.WithOwner(cfg.ZoomEmail, cfg.ZoomPassword),
		zoomsim.WithLatency(cfg.SimLatency, cfg.SimJitter),
		zoomsim.WithSecretPrefix(cfg.SimSecretPrefix),
	}, w.o.Zoom...)
	z, err := zoomsim.Start("", opts...)
	if err != nil {
		return fmt.Errorf("start the Zoom stand-in: %w", err)
	}
	w.closers = append(w.closers, z.Close)
	w.ZoomSim = z.Server
	w.Site = zoom.Site{WebURL: z.URL, MarketplaceURL: z.URL + "/marketplace"}
	ls, err := learningspace.Start(learningspace.Config{
		ZoomWebURL: z.URL, ZoomAPIURL: z.URL,
		AdminUser: cfg.LSAdminUser, AdminPassword: cfg.LSAdminPassword,
		Latency: cfg.SimLatency, Jitter: cfg.SimJitter,
		Regressions: w.o.LSRegressions,
	})
	if err != nil {
		return fmt.Errorf("start the LearningSpace stand-in: %w", err)
	}
	w.closers = append(w.closers, ls.Close)
	w.LSURL, w.LSSim = ls.URL, ls.Server
	return nil
}

// Close ends the world: what the walks made on sites that keep it is
// removed (sandbox; an error says what may be left), then the session and
// the stand-ins are closed.
func (w *World) Close() error {
	return errors.Join(w.cleanUp(), w.close())
}

func (w *World) close() error {
	var errs []error
	for i := len(w.closers) - 1; i >= 0; i-- {
		errs = append(errs, w.closers[i]())
	}
	w.closers = nil
	return errors.Join(errs...)
}

// Context is the world's: it ends with its caller's (the test's).
func (w *World) Context() context.Context { return w.ctx }

// Config is the run's configuration.
func (w *World) Config() config.Config { return w.h.Config }

// LSAdmin is LearningSpace's administrator.
func (w *World) LSAdmin() flow.Login {
	return flow.Login{User: w.h.Config.LSAdminUser, Password: w.h.Config.LSAdminPassword}
}

// Owner is the Zoom account owner (no password in a run from a saved session).
func (w *World) Owner() flow.Login { return flow.Login{User: w.Email, Password: w.Password} }

// Portal is what a procedure on Zoom needs to sign in on this world's tab.
func (w *World) Portal() flow.Portal {
	return flow.Portal{Zoom: w.Zoom, Tab: w.Sess.Page, Owner: w.Owner(), Hooks: w.Hooks(),
		SavedSession: w.SavedSession, AccountNo: w.h.Config.AccountNo}
}

// SignIn is guide step 1 alone (flow.SignedIn) under one step's deadline:
// for the tools that only need a signed-in Zoom.
func (w *World) SignIn(ctx context.Context) (*zoom.ProfilePage, error) {
	f, profile := flow.SignedIn(w.Portal())
	ctx, cancel := context.WithTimeout(ctx, w.StepTime)
	defer cancel()
	if err := f.Steps[0].Run(ctx); err != nil {
		return nil, err
	}
	return profile(), nil
}

// Hooks give the flows this world's log, its secret mask, the API's
// refusal and, in sim, the one-time codes the stand-in "emailed".
func (w *World) Hooks() flow.Hooks {
	h := flow.Hooks{Log: w.Logf, Secret: w.Secrets.Add, APIRefused: w.apiRefused}
	if w.ZoomSim != nil {
		h.Code = w.ZoomSim.VerificationCode
	}
	return h
}

// Logf is the flows' log, its secrets masked: the caller's, and kept (Said).
func (w *World) Logf(format string, args ...any) {
	line := w.Secrets.Redact(fmt.Sprintf(format, args...))
	w.logMu.Lock()
	w.logs = append(w.logs, line)
	w.logMu.Unlock()
	w.o.Log("%s", line)
}

// Said says whether a flow of this world logged a line holding want.
func (w *World) Said(want string) bool {
	w.logMu.Lock()
	defer w.logMu.Unlock()
	return slices.ContainsFunc(w.logs, func(l string) bool { return strings.Contains(l, want) })
}

// NewApp is the guide's app with a name that carries the run's ID.
func (w *World) NewApp() guide.App { return testapp.New(w.RunID) }

// brokenStepWait is how long a step a walk expects to fail is waited on:
// long enough for the page to show what it shows instead, even on a loaded
// machine, short of the 30 s a step gets when it is expected to pass. (4 s
// was seen too short at a load average of 30 on 2 cores: step 10.3's page
// had not loaded when its deadline came, and the failure could not say
// what the page showed.)
const brokenStepWait = 6 * time.Second

// ExpectBrokenAt says the walk expects guide step number to fail by a wait
// that never ends: that step alone gets brokenStepWait. The steps before it
// keep their whole deadline, so that a slow machine cannot make the walk
// fail at a wrong step.
func (w *World) ExpectBrokenAt(number string) {
	w.brokenStep, w.brokenWait = number, brokenStepWait
}
