package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/zoomsim"
)

// TestSetupOAuthApp is the customer guide, steps 1 to 18, one subtest per step.
func TestSetupOAuthApp(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := newSetupRun(e, e.newApp(), e.lsURL)
	if !e.runSteps(t, r.steps()) {
		return
	}
	if e.zoomSim != nil {
		// What the pages said, checked against the stand-in's own state.
		a, ok := e.zoomSim.AppByName(e.email, r.app.Name)
		require.True(t, ok, "the stand-in holds the app")
		assert.False(t, a.Publish, "step 8.3: not to be published")
		assert.Equal(t, zoomsim.UserManaged, a.Management, "step 8.2")
		assert.Equal(t, r.result().ClientID, a.ClientID, "step 10.1")
		assert.Equal(t, a.ID, r.result().AppID, "step 9: the app's ID from its address")
		want, _ := e.zoomSim.ClientSecret(a.ID)
		assert.True(t, want != "" && want == r.result().ClientSecret, "step 10.1: the secret captured is the one Zoom issued (values not shown)")
		assert.ElementsMatch(t, r.app.ScopeNames(), a.Scopes, "steps 13–15")
		assert.Zero(t, a.Installs, "step 17: Add never clicked")
	}
}

// The harness must fail at the right step, with what it expected and what
// it found, on a Zoom that is broken in a known way; and leave artifacts.
func TestSetupFailsAtTheBrokenStep(t *testing.T) {
	requireSim(t)
	t.Parallel()
	cases := []struct {
		name       string
		regression zoomsim.Regression
		step       string
		says       []string
	}{
		{
			name:       "company name not saved",
			regression: zoomsim.Regression{Name: zoomsim.RegCompanyNameNotSaved},
			step:       "11.2",
			says:       []string{"guide step 11.2 Company Name failed", `expected Company Name "CAE Healthcare" after a reload`, `found ""`},
		},
		{
			name:       "recording box missing from the pop-up",
			regression: zoomsim.Regression{Name: zoomsim.RegScopeBoxMissing, Arg: "recording:write"},
			step:       "13.2",
			says:       []string{"guide step 13.2 Recording scopes failed", `"View and manage your recordings" box (recording:write) in Recording`, `found boxes ["View your recordings"]`},
		},
		{
			name:       "Add stuck disabled",
			regression: zoomsim.Regression{Name: zoomsim.RegAddStuckDisabled},
			step:       "17",
			says:       []string{"guide step 17 Add button active failed", "expected the Add button active", "found Add disabled"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, zoomsim.WithRegressions(c.regression))
			r := newSetupRun(e, e.newApp(), e.lsURL)
			err := e.runQuietly(t, r.steps())
			require.Error(t, err, "the harness must notice the broken stand-in")
			assert.Equal(t, c.step, stepOf(err), "failed at the wrong guide step: %v", err)
			for _, s := range c.says {
				assert.Contains(t, err.Error(), s)
			}
			assertArtifacts(t, t.ArtifactDir(), "step-"+c.step, r.result().ClientSecret, e.password)
		})
	}
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
