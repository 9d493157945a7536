package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/artifacts"
	"lszoom/internal/browser"
	"lszoom/internal/config"
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
	sess     *browser.Session
	d        zoom.Driver
	secrets  *artifacts.Redactor
}

// newEnv starts the stand-ins (sim mode) with the given knobs and opens an
// incognito session; everything is closed when the test ends.
func newEnv(t *testing.T, zopts ...zoomsim.Option) *env {
	t.Helper()
	e := &env{t: t, email: cfg.ZoomEmail, password: cfg.ZoomPassword, secrets: &artifacts.Redactor{}}
	e.secrets.Add(cfg.ZoomPassword)
	e.secrets.Add(cfg.LSAdminPassword)

	switch cfg.Target {
	case config.TargetSim:
		opts := append([]zoomsim.Option{zoomsim.WithOwner(cfg.ZoomEmail, cfg.ZoomPassword)}, zopts...)
		z, err := zoomsim.Start("", opts...)
		require.NoError(t, err, "start the Zoom stand-in")
		t.Cleanup(func() { z.Close() })
		e.zoomSim = z.Server
		e.site = zoom.Site{WebURL: z.URL, MarketplaceURL: z.URL + "/marketplace"}
		ls, err := learningspace.Start(learningspace.Config{
			ZoomWebURL: z.URL, ZoomAPIURL: z.URL,
			AdminUser: cfg.LSAdminUser, AdminPassword: cfg.LSAdminPassword,
		})
		require.NoError(t, err, "start the LearningSpace stand-in")
		t.Cleanup(func() { ls.Close() })
		e.lsURL, e.lsSim = ls.URL, ls.Server
	default:
		require.Empty(t, zopts, "stand-in knobs need E2E_TARGET=sim")
		e.site = zoom.Site{WebURL: cfg.ZoomWebURL, MarketplaceURL: cfg.ZoomMarketplaceURL}
		e.lsURL = cfg.LearningSpaceURL
	}
	e.d = zoom.Driver{Site: e.site}
	e.ls = lspages.Driver{URL: e.lsURL}

	sess, err := chrome.NewSession()
	require.NoError(t, err, "open an incognito browser session")
	t.Cleanup(func() { sess.Close() })
	e.sess = sess
	return e
}

// requireSim skips a test that needs the stand-ins' knobs (a regression
// switched on, a second user) when the harness runs against a real Zoom.
func requireSim(t *testing.T) {
	t.Helper()
	if cfg.Target != config.TargetSim {
		t.Skipf("needs the stand-ins (E2E_TARGET=sim); E2E_TARGET=%s", cfg.Target)
	}
}

// appIDFromURL takes the app's ID from its Marketplace address
// (…/develop/apps/{id}/{tab}).
func appIDFromURL(u string) string {
	_, rest, ok := strings.Cut(u, "/develop/apps/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}

// lsRooms is the LearningSpace stand-in's rooms (sim mode only).
func lsRooms(t *testing.T, e *env) []learningspace.Room {
	t.Helper()
	require.NotNil(t, e.lsSim, "needs the LearningSpace stand-in")
	return e.lsSim.Rooms()
}

// replaceLS puts the test's LearningSpace URL where a text says %LS%.
func replaceLS(s, lsURL string) string { return strings.ReplaceAll(s, "%LS%", lsURL) }
