package e2e

import (
	"crypto/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
)

// setUp gives a test that starts after the guide an app to use. Against
// the stand-ins the app is made through the stand-in's Go API, the fastest
// honest path: the guide walk through the UI is TestSetupOAuthApp's (and
// the allow cases'), and these tests only read the app. Against a real Zoom
// it is the walk, guide steps 1–18; a failure there names the step.
func setUp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	if e.ZoomSim == nil {
		return walkSetUp(t, e, app, registerURL)
	}
	r, err := e.MadeThroughAPI(app, registerURL)
	require.NoError(t, err)
	t.Logf("the app %q made through the stand-in's API (the guide walk is TestSetupOAuthApp's)", app.Name)
	return r
}

// walkSetUp runs guide steps 1–18 for a test that starts after them.
func walkSetUp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	r := e.Build(app, registerURL)
	require.NoError(t, e.runFlowQuietly(t, r.Flow), "guide steps 1–18")
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
			tweak: func(rt *roundTrip) { rt.Decline = true },
			step:  "LS.5",
			says:  []string{"The Zoom user declined to authorize LearningSpace."},
		},
		{
			name:  "tampered state",
			tweak: func(rt *roundTrip) { rt.TamperState = true },
			step:  "LS.5",
			says:  []string{"Invalid or expired authorization state."},
		},
		{
			name:  "wrong secret in LearningSpace",
			tweak: func(rt *roundTrip) { rt.ClientSecret = "wrong-" + rand.Text() }, // nothing of the real one
			step:  "LS.5",
			says:  []string{"Zoom refused the authorization code:", "(invalid_client)"},
		},
		{
			name: "redirect URL that is not LearningSpace's",
			setup: func(e *env) (guide.App, string) {
				return e.NewApp(), "https://learningspace.invalid/"
			},
			step: "10.2",
			says: []string{"guide step 10.2 Redirect URL for OAuth failed", "Invalid redirect: " + "%LS%" + " (4,700)"},
		},
		{
			name: "a Recording scope left out",
			setup: func(e *env) (guide.App, string) {
				return e.NewApp().Without("recording:read"), e.LSURL
			},
			step: "13.2",
			says: []string{"guide step 13.2 Recording scopes failed", "recording:read", "does not contain scopes:[recording:read]"},
		},
		{
			name:  "Registration email of another user",
			tweak: func(rt *roundTrip) { rt.RegistrationEmail = zoomsim.MemberEmail },
			step:  "LS.5",
			says:  []string{"The Zoom user who authorized (" + cfg.ZoomEmail + ") is not this room's Registration email (" + zoomsim.MemberEmail + ")."},
		},
	}
	for _, c := range failures {
		t.Run(c.name, func(t *testing.T) {
			requireSim(t)
			t.Parallel()
			e := newEnv(t)
			app, register := e.NewApp(), e.LSURL
			if c.setup != nil {
				app, register = c.setup(e)
			}
			rt := e.RoundTrip(setUp(t, e, app, register))
			if c.tweak != nil {
				c.tweak(rt)
			}
			err := e.runQuietly(t, fromRoom(t, rt))
			require.Error(t, err, "the round trip must fail")
			msg := err.Error()
			assert.Equal(t, c.step, stepOf(err), "failed at the wrong step: %s", e.Secrets.Redact(msg))
			for _, s := range c.says {
				assert.Contains(t, msg, replaceLS(s, e.LSURL))
			}
			assertArtifacts(t, e.Record().Dir(), "step-", rt.Setup().Result().ClientSecret, e.Password)
		})
	}
}
