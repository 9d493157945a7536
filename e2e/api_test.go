package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"

	"lszoom/internal/zoomapi"
)

// withAPI gives a sim test the maintenance token the way make login gets
// one, less the browser (harness.World.WithStandInAPI), so that sim tests
// what the nightly does. It returns e.
func (e *env) withAPI(t *testing.T) *env {
	t.Helper()
	require.NoError(t, e.WithStandInAPI(t.TempDir()), "the maintenance token")
	return e
}

// A maintenance token Zoom no longer takes (revoked here, as by the owner
// removing the app's authorization) is said once, in plain words; the run
// goes on through Zoom's pages and passes, its report noted "API checks not
// done". The walk is the General App flow's, as the live site's, from 10.1.
func TestARefusedMaintenanceTokenGoesOnThroughThePages(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral)).withAPI(t)
	revoke(t, e.Maintenance())
	r := generalFromApp(t, e, testapp.New(e.RunID), e.LSURL) // 10.1–18: the API checks are at 15 and 18
	require.True(t, e.runFlow(t, r.Flow), "the walk goes on through the pages")
	assert.False(t, e.Said("Zoom's Marketplace API records the app"), "no API check was done")
	f := e.Record().Flow().Snapshot()
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
