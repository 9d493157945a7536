package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/pages/flow"
)

// TestJanitorDeletesOnlyOldPrefixedApps: the janitor's sweep (what
// cmd/janitor runs: harness.World.Sweep) deletes the apps named with the harness's prefix whose run ID says they
// are older than OLDER_THAN (of either build flow), and leaves a fresh
// run's, one whose age it cannot tell from its name and Created date, and
// any app the harness did not make; the nightly's clean-up then deletes the
// one it names. Without the maintenance token both go through Created Apps'
// row menus; with it, Created Apps is only read (the app IDs its rows link
// to) and the apps are deleted through Zoom's Marketplace API.
func TestJanitorDeletesOnlyOldPrefixedApps(t *testing.T) {
	requireSim(t)
	t.Parallel()
	t.Run("through the row menus", func(t *testing.T) { t.Parallel(); janitorSweeps(t, newEnv(t)) })
	t.Run("through Zoom's API", func(t *testing.T) { t.Parallel(); janitorSweeps(t, newEnv(t).withAPI(t)) })
}

func janitorSweeps(t *testing.T, e *env) {
	now := time.Now().UTC()
	id := func(at time.Time) string { return "r" + at.Format("0102-150405") + "-beef" }
	names := map[string]string{
		"old":     fmt.Sprintf("%s %s 0001", testapp.NamePrefix, id(now.Add(-49*time.Hour))),
		"fresh":   fmt.Sprintf("%s %s 0002", testapp.NamePrefix, id(now.Add(-time.Hour))),
		"chosen":  testapp.NamePrefix + " nightly-7 0003", // E2E_RUN_ID chosen: Created says today
		"foreign": "Customer production app",
		"general": fmt.Sprintf("%s %s 0004", testapp.NamePrefix, id(now.Add(-50*time.Hour))), // made by the General App flow
	}
	for k, n := range names {
		spec := zoomsim.AppSpec{Name: n, RedirectURL: e.LSURL, AllowList: []string{e.LSURL}}
		if k == "general" {
			spec.Flow = zoomsim.FlowGeneral
		}
		_, err := e.ZoomSim.CreateApp(e.Email, spec)
		require.NoError(t, err)
	}
	ctx := t.Context()
	deleted, err := e.Sweep(ctx, 24*time.Hour, now) // what cmd/janitor runs
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{names["old"], names["general"]}, deleted)
	assert.ElementsMatch(t, []string{names["fresh"], names["chosen"], names["foreign"]}, appNames(e))

	if e.API() == nil {
		require.NoError(t, flow.RemoveApps(ctx, e.Zoom, e.Sess.Page, []string{names["fresh"], "never made"}, e.Hooks()))
	} else {
		fresh, ok := e.ZoomSim.AppByName(e.Email, names["fresh"])
		require.True(t, ok)
		require.NoError(t, flow.DeleteApps(ctx, e.API(), e.Zoom, e.Sess.Page, map[string]string{names["fresh"]: fresh.ID, "never made": "nOsUcHaPp"}, e.Hooks()))
	}
	assert.ElementsMatch(t, []string{names["chosen"], names["foreign"]}, appNames(e))
}

// appNames are the owner's apps in the stand-in, less the maintenance app.
func appNames(e *env) []string {
	var out []string
	for _, a := range e.ZoomSim.Apps(e.Email) {
		if a.Name != zoomsim.MaintenanceAppName {
			out = append(out, a.Name)
		}
	}
	return out
}
