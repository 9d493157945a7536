package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/config"
	"lszoom/internal/harness"
)

// env is one test's world (internal/harness): the sites under test
// (stand-ins in sim mode), an incognito browser session, and the secrets to
// keep out of its output, adapted to testing.T. It is closed when the test
// ends, after its record in the report is settled.
type env struct {
	*harness.World
	t        *testing.T
	stepsRun int // step subtests run so far (see runFlow)
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
	o := harness.WorldOptions{Name: t.Name(), Log: t.Logf, ArtifactDir: t.ArtifactDir}
	if cfg.Target == config.TargetSim || len(zopts) > 0 || len(lsRegs) > 0 {
		// -regress, then the test's own knobs, which win.
		o.Zoom = append([]zoomsim.Option{zoomsim.WithRegressions(zoomRegressions...)}, zopts...)
		o.LSRegressions = append(slices.Clone(lsRegressions), lsRegs...)
	}
	w, err := suite.NewWorld(t.Context(), o)
	require.NoError(t, err, "the test's world")
	e := &env{World: w, t: t}
	t.Cleanup(func() {
		refused, artifacts := w.Settle(t.Failed())
		for _, l := range refused {
			t.Log(l)
		}
		if len(artifacts) > 0 {
			t.Logf("artifacts: %s", strings.Join(artifacts, ", "))
		}
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	})
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

// lsRooms is the LearningSpace stand-in's rooms (sim mode only).
func lsRooms(t *testing.T, e *env) []learningspace.Room {
	t.Helper()
	require.NotNil(t, e.LSSim, "needs the LearningSpace stand-in")
	return e.LSSim.Rooms()
}

// replaceLS puts the test's LearningSpace URL where a text says %LS%.
func replaceLS(s, lsURL string) string { return strings.ReplaceAll(s, "%LS%", lsURL) }
