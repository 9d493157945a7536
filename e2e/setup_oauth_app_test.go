package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/config"
	"lszoom/internal/guide"
	"lszoom/internal/harness"
)

// TestSetupOAuthApp is the whole procedure, one subtest per step, on each
// build flow a Marketplace may offer: the customer guide, steps 1 to 18
// (the harness finds out at step 5 which flow the site offers and follows
// it), then LearningSpace's consent round trip, LS.0 to LS.6, with the app
// those steps made, which proves the app works, not only that it was saved.
// Every subtest starts from the same value, the guide's app; the flow found
// at step 5 decides which scopes it ticks.
//
// Against the stand-ins, one subtest per flow, named by the flow the
// stand-in is started with. Against a real account the site decides: one
// subtest, "offered", whose steps after 5 run in a subtest named by the flow
// found ("TestSetupOAuthApp/offered/general/step_13.1_Meetings_scopes").
func TestSetupOAuthApp(t *testing.T) {
	t.Parallel()
	if cfg.Target != config.TargetSim {
		t.Run("offered", func(t *testing.T) {
			t.Parallel()
			setUpAndTrip(t, newEnv(t), "", true)
		})
		return
	}
	for _, f := range guide.Flows {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			// With the maintenance token, as the nightly has it.
			setUpAndTrip(t, newEnv(t, zoomsim.WithFlow(f)).withAPI(t), f, true)
		})
	}
}

// TestSetupOAuthAppInFrench is the procedure on an account whose portal
// is French (steps 1–3: Profil, Avancé, App Marketplace), on each build
// flow: the harness reads the portal's language from the page and its
// labels in it; the Marketplace is English. Not held to the live
// reference, which is of the English portal. The round trip
// (LearningSpace's pages and Zoom's consent page, English in every
// language) follows on the General App flow, the live site's; on the
// classic one, steps 1–18 alone: make test's time is short.
func TestSetupOAuthAppInFrench(t *testing.T) {
	requireSim(t)
	t.Parallel()
	for _, f := range guide.Flows {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, zoomsim.WithFlow(f), zoomsim.WithLanguage("fr-FR")).withAPI(t)
			if f == guide.FlowGeneral {
				setUpAndTrip(t, e, f, false)
			} else {
				r := e.Build(testapp.New(e.RunID), e.LSURL)
				require.True(t, e.runFlow(t, r.Flow), "steps 1–18 on the French portal")
				checkApp(t, e, r, f)
			}
			assert.True(t, e.Said("step 1: the portal's language: fr-FR (French labels)"), "the language read from the page, logged")
			for _, n := range []string{"1", "2"} {
				snap, err := os.ReadFile(filepath.Join(e.Record().Dir(), "aria", n+".yml"))
				require.NoError(t, err, "step %s's snapshot", n)
				assert.Contains(t, string(snap), `button "Avancé"`, "step %s's screen is the French portal", n)
			}
		})
	}
}

// setUpAndTrip walks the guide on whichever flow the site offers, then the
// round trip; sim is the flow the stand-in offers ("" against a real Zoom).
func setUpAndTrip(t *testing.T, e *env, sim guide.Flow, hold bool) {
	r := e.Build(testapp.New(e.RunID), e.LSURL)
	if !e.runFlow(t, r.Flow) {
		return
	}
	t.Logf("the app %q was made on the %s build flow", r.App.Name, r.Found())
	if e.ZoomSim != nil {
		for _, s := range []string{"15", "18"} {
			assert.True(t, e.Said("step "+s+": Zoom's Marketplace API records the app as the guide asks"), "the API check of step %s ran", s)
		}
		checkApp(t, e, r, sim)
	}

	rt := e.RoundTrip(r)
	if !e.runSteps(t, rt.Steps()) || e.LSSim == nil {
		return
	}
	rooms := lsRooms(t, e)
	require.Len(t, rooms, 1)
	assert.Equal(t, e.Email, rooms[0].AuthorizedEmail, "the room's token is the owner's")
	assert.ElementsMatch(t, r.ScopeNames(), rooms[0].Scopes, "the token's scopes are the app's, named as its flow names them")
	if hold {
		holdToLiveSite(t, e, sim)
	}
}

// holdToLiveSite holds the stand-in's walk of a flow, screen by screen, to
// the live site's reference of that flow when one is recorded
// (fixtures/zoomsim/live/<flow>/), and says so when none is.
func holdToLiveSite(t *testing.T, e *env, sim guide.Flow) {
	t.Helper()
	ref := harness.LiveReferenceDir(string(sim))
	if ref == "" { // a child run outside the checkout (TestNoSecretInAnythingARunWrites)
		t.Logf("not run inside the checkout: no live reference to hold the %s walk to", sim)
		return
	}
	res, recorded, err := harness.HoldToReference(ref, filepath.Join(e.Record().Dir(), "aria"))
	require.NoError(t, err)
	if !recorded {
		t.Logf("no live reference recorded yet for the %s flow (%s): the stand-in is not held to the live site; fixtures/zoomsim/live/README.md says how to record one", sim, ref)
		return
	}
	assert.True(t, res.Clean(), "the stand-in's %s walk differs from the live site's reference (%s):\n%s", sim, ref, res.Text())
}

// checkApp checks what the pages said against the Zoom stand-in's own
// state of the app the walk made.
func checkApp(t *testing.T, e *env, r *setupRun, sim guide.Flow) {
	t.Helper()
	assert.Equal(t, sim, r.Found(), "step 5: the build flow the stand-in offers")
	a, ok := e.ZoomSim.AppByName(e.Email, r.App.Name)
	require.True(t, ok, "the stand-in holds the app")
	assert.Equal(t, sim, a.Flow)
	assert.False(t, a.Publish, "step 8.3: not to be published")
	assert.Equal(t, zoomsim.UserManaged, a.Management, "step 8.2")
	assert.Equal(t, r.Result().ClientID, a.ClientID, "step 10.1")
	assert.Equal(t, a.ID, r.Result().AppID, "the app's ID from its address")
	want, _ := e.ZoomSim.ClientSecret(a.ID)
	assert.True(t, want != "" && want == r.Result().ClientSecret, "step 10.1: the secret captured is the one Zoom issued (values not shown)")
	assert.Equal(t, e.LSURL, a.RedirectURL, "step 10.2")
	assert.Contains(t, a.AllowList, e.LSURL, "step 10.3")
	assert.ElementsMatch(t, r.ScopeNames(), a.Scopes, "steps 13–15")
	assert.Zero(t, a.Installs, "step 17: Add never clicked")
	assert.True(t, e.ZoomSim.LicenseAccepted(e.Email), "the account's first build went through the API License dialog")
}

// assertArtifacts checks a failed step left a screenshot, the page's HTML and
// the console, and that none of them holds a secret in clear.
func assertArtifacts(t *testing.T, dir, base string, secrets ...string) {
	t.Helper()
	for _, ext := range []string{".png", ".html", ".console.txt"} {
		matches, _ := filepath.Glob(filepath.Join(dir, base+"*"+ext))
		if !assert.NotEmpty(t, matches, "no %s%s in %s", base, ext, dir) {
			continue
		}
		for _, m := range matches {
			b, err := os.ReadFile(m)
			require.NoError(t, err)
			if ext != ".console.txt" {
				assert.NotEmpty(t, b, m)
			}
			for _, s := range secrets {
				if s != "" {
					assert.False(t, strings.Contains(string(b), s), "%s holds a secret in clear", m)
				}
			}
		}
	}
}
