package e2e

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
)

// Two things the live site does that the guide does not say, which the
// harness meets on a real account.

// Zoom skips its consent page for an app the user allowed before, with the
// same scopes: a second authorization comes straight back to LearningSpace,
// and the round trip goes on without a consent page to read.
func TestConsentRememberedByZoom(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t, zoomsim.WithConsentRemembered(true))
	rt := e.RoundTrip(setUp(t, e, e.NewApp(), e.LSURL))
	require.NoError(t, e.runQuietly(t, fromRoom(t, rt)), "the first authorization, with its consent page")
	require.NoError(t, e.runQuietly(t, rt.Again()), "a second authorization, which Zoom lets through without asking")
	assert.Equal(t, 2, e.ZoomSim.TokensIssued(rt.Setup().Result().ClientID), "two authorizations, two tokens")
}

// After sign-in the live site may move the browser to a regional host
// (us06web.zoom.us): the walk follows it. It walks steps 1–9: the web host
// is met at steps 1–3 (the profile, Advanced, App Marketplace), and the app
// made at step 9 proves the Marketplace took the session that came through
// it; steps 10–18 never touch the web host (TestSetupOAuthApp walks them).
func TestSignInLandsOnARegionalHost(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t, zoomsim.WithRegionalHost("127.0.0.2"))
	var mu sync.Mutex
	var regional []string
	stop := e.Sess.OnURL(func(u string) {
		if strings.HasPrefix(u, "http://127.0.0.2:") {
			mu.Lock()
			regional = append(regional, u)
			mu.Unlock()
		}
	})
	r := e.Classic(e.NewApp(), e.LSURL)
	steps := r.Flow.Steps
	require.NoError(t, e.runQuietly(t, steps[:indexOf(t, steps, guide.CreateApp.Number)+1]), "steps 1–9")
	stop()
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, regional, "the walk never went to the regional host: the test proves nothing")
	t.Logf("on the regional host: %s", strings.Join(regional, ", "))
	_, ok := e.ZoomSim.AppByName(e.Email, r.App.Name)
	assert.True(t, ok, "the app was made")
}
