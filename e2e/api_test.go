package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"

	"lszoom/internal/zoomapi"
	"lszoom/pages/flow"
)

// Zoom's Marketplace API in a test: with the maintenance token, the setup
// flows read the app back after steps 15 and 18 (pages/flow/apicheck.go)
// and the clean-up deletes through it. A sandbox run has it when make login
// authorized the maintenance app (startSandbox); a sim test asks for it
// (withAPI), so that sim tests what the nightly does.

// maintenanceRedirect is the stand-in maintenance app's redirect URL: never
// loaded (the code is read from the address).
const maintenanceRedirect = "https://maintenance.lszoom.invalid/callback"

// withAPI gives a sim test the maintenance token the way make login gets
// one, less the browser: the stand-in's maintenance app, a code arranged
// through its API, exchanged at its token endpoint by zoomapi, saved to a
// file of the test's. It returns e.
func (e *env) withAPI(t *testing.T) *env {
	t.Helper()
	require.NotNil(t, e.zoomSim, "needs the Zoom stand-in")
	app, err := e.zoomSim.CreateMaintenanceApp(e.email, maintenanceRedirect)
	require.NoError(t, err, "make the maintenance app through the stand-in's API")
	e.secrets.Add(app.ClientSecret)
	m := zoomapi.Maintenance{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: maintenanceRedirect,
		WebURL: e.site.WebURL, APIURL: e.site.WebURL, TokenFile: filepath.Join(t.TempDir(), "api-token.json")}
	code, err := e.zoomSim.AuthorizationCode(e.email, app.ClientID, maintenanceRedirect)
	require.NoError(t, err, "the owner authorizes the maintenance app")
	ctx, cancel := context.WithTimeout(t.Context(), e.stepTime)
	defer cancel()
	require.NoError(t, m.Exchange(ctx, code, ""), "exchange the maintenance app's code")
	e.maintenance = m
	e.useAPI(m)
	require.NotNil(t, e.api, "the maintenance token")
	return e
}

// useAPI opens the Marketplace API with m's saved token. No token, or one
// Zoom no longer takes, is said once in plain words, and the test goes on
// through Zoom's pages, its report marked "API checks not done".
func (e *env) useAPI(m zoomapi.Maintenance) {
	c, err := m.Client(e.t.Context())
	switch {
	case errors.Is(err, zoomapi.ErrNoToken), errors.Is(err, zoomapi.ErrTokenRefused):
		e.apiOff(err.Error())
	case err != nil:
		require.NoError(e.t, err, "the maintenance token")
	default:
		e.api = c
		e.t.Logf("Zoom's Marketplace API: on, with the maintenance token (the app is checked after steps 15 and 18, and deleted through it)")
	}
}

// apiOff says why the API checks are not done, once, in the log and the
// report, and turns them off.
func (e *env) apiOff(why string) {
	e.api = nil
	e.t.Logf("Zoom's Marketplace API: off (%s): the run checks and cleans up through Zoom's pages only", e.secrets.Redact(why))
	e.record(e.t, flow.Flow{}).rec.Note("API checks not done: " + e.secrets.Redact(why))
}

// apiRefused is Hooks.APIRefused: the token was refused mid-run.
func (e *env) apiRefused(err error) { e.apiOff(err.Error()) }

// A maintenance token Zoom no longer takes (revoked here, as by the owner
// removing the app's authorization) is said once, in plain words; the run
// goes on through Zoom's pages and passes, its report noted "API checks not
// done". The walk is the General App flow's, as the live site's, from 10.1.
func TestARefusedMaintenanceTokenGoesOnThroughThePages(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral)).withAPI(t)
	revoke(t, e.maintenance)
	r := generalFromApp(t, e, testapp.New(e.runID), e.lsURL) // 10.1–18: the API checks are at 15 and 18
	require.True(t, e.runFlow(t, r.flow), "the walk goes on through the pages")
	assert.False(t, e.flowSaid("Zoom's Marketplace API records the app"), "no API check was done")
	f := e.record(t, flow.Flow{}).rec.Snapshot()
	require.Len(t, f.Notes, 1, "the report says so")
	assert.Contains(t, f.Notes[0], "API checks not done: the maintenance token was refused: run make login")
}

// revoke revokes the maintenance app's tokens at Zoom's /oauth/revoke.
func revoke(t *testing.T, m zoomapi.Maintenance) {
	t.Helper()
	b, err := os.ReadFile(m.TokenFile)
	require.NoError(t, err)
	var tok struct {
		Refresh string `json:"refresh_token"`
	}
	require.NoError(t, json.Unmarshal(b, &tok))
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, m.WebURL+"/oauth/revoke?token="+url.QueryEscape(tok.Refresh), nil)
	require.NoError(t, err)
	req.SetBasicAuth(m.ClientID, m.ClientSecret)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, "revoke")
}
