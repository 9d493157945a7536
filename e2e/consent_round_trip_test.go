package e2e

import (
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
	"lszoom/pages/flow"
)

// setUp gives a test that starts after the guide an app to use. Against
// the stand-ins the app is made through the stand-in's Go API, the fastest
// honest path: the guide walk through the UI is TestSetupOAuthApp's (and
// the allow cases'), and these tests only read the app. Against a real Zoom
// it is the walk, guide steps 1–18; a failure there names the step.
func setUp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	if e.zoomSim == nil {
		return walkSetUp(t, e, app, registerURL)
	}
	// The stand-in's build flow for the owner decides, as step 5 would.
	found := e.zoomSim.AccountFlow(e.email)
	spec := zoomsim.AppSpec{
		Name: app.Name, RedirectURL: registerURL, AllowList: []string{registerURL}, Scopes: app.Boxes(found).Names(),
		Info: zoomsim.AppInfo{
			ShortDescription: app.ShortDescription, LongDescription: app.LongDescription,
			CompanyName: app.CompanyName, DeveloperName: app.DeveloperName, DeveloperEmail: app.DeveloperEmail,
		},
	}
	if found == zoomsim.FlowGeneral {
		spec.Flow, spec.Info = zoomsim.FlowGeneral, zoomsim.AppInfo{}
	}
	a, err := e.zoomSim.CreateApp(e.email, spec)
	require.NoError(t, err, "make the app through the stand-in's API")
	e.secrets.Add(a.ClientSecret)
	t.Logf("the app %q made through the stand-in's API (the guide walk is TestSetupOAuthApp's)", a.Name)
	made := flow.Created{AppID: a.ID, Flow: found, Credentials: flow.Credentials{ClientID: a.ClientID, ClientSecret: a.ClientSecret}}
	return &setupRun{app: app, created: func() flow.Created { return made }}
}

// walkSetUp runs guide steps 1–18 for a test that starts after them.
func walkSetUp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	r := newBuildRun(e, app, registerURL)
	require.NoError(t, e.runFlowQuietly(t, r.flow), "guide steps 1–18")
	return r
}

// TestConsentRoundTrip: each way LearningSpace's round trip goes wrong, with
// the guide's app (or one made wrong on purpose), is shown to the person
// and named by the harness at its step.
func TestConsentRoundTrip(t *testing.T) {
	t.Parallel()

	// The guide's way, allow, is TestSetupOAuthApp's end, with the app its
	// walk made. These are the ways it goes wrong: each is shown to the
	// person, and named by the harness.
	failures := []struct {
		name  string
		setup func(e *env) (guide.App, string) // the app and the URL registered in Zoom
		tweak func(rt *roundTrip)
		step  string
		says  []string
	}{
		{
			name:  "decline",
			tweak: func(rt *roundTrip) { rt.decline = true },
			step:  "LS.5",
			says:  []string{"The Zoom user declined to authorize LearningSpace."},
		},
		{
			name:  "tampered state",
			tweak: func(rt *roundTrip) { rt.tamperState = true },
			step:  "LS.5",
			says:  []string{"Invalid or expired authorization state."},
		},
		{
			name:  "wrong secret in LearningSpace",
			tweak: func(rt *roundTrip) { rt.clientSecret = "wrong-" + rand.Text() }, // nothing of the real one
			step:  "LS.5",
			says:  []string{"Zoom refused the authorization code:", "(invalid_client)"},
		},
		{
			name: "redirect URL that is not LearningSpace's",
			setup: func(e *env) (guide.App, string) {
				return e.newApp(), "https://learningspace.invalid/"
			},
			step: "10.2",
			says: []string{"guide step 10.2 Redirect URL for OAuth failed", "Invalid redirect: " + "%LS%" + " (4,700)"},
		},
		{
			name: "a Recording scope left out",
			setup: func(e *env) (guide.App, string) {
				return e.newApp().Without("recording:read"), e.lsURL
			},
			step: "13.2",
			says: []string{"guide step 13.2 Recording scopes failed", "recording:read", "does not contain scopes:[recording:read]"},
		},
		{
			name:  "Registration email of another user",
			tweak: func(rt *roundTrip) { rt.regEmail = zoomsim.MemberEmail },
			step:  "LS.5",
			says:  []string{"The Zoom user who authorized (" + cfg.ZoomEmail + ") is not this room's Registration email (" + zoomsim.MemberEmail + ")."},
		},
	}
	for _, c := range failures {
		t.Run(c.name, func(t *testing.T) {
			requireSim(t)
			t.Parallel()
			e := newEnv(t)
			app, register := e.newApp(), e.lsURL
			if c.setup != nil {
				app, register = c.setup(e)
			}
			rt := newRoundTrip(e, setUp(t, e, app, register))
			if c.tweak != nil {
				c.tweak(rt)
			}
			err := e.runQuietly(t, rt.fromRoom(t))
			require.Error(t, err, "the round trip must fail")
			msg := err.Error()
			assert.Equal(t, c.step, stepOf(err), "failed at the wrong step: %s", e.secrets.Redact(msg))
			for _, s := range c.says {
				assert.Contains(t, msg, replaceLS(s, e.lsURL))
			}
			assertArtifacts(t, e.evidenceDir(t), "step-", rt.setup.result().ClientSecret, e.password)
		})
	}
}
