package e2e

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"lszoom/internal/config"
	"lszoom/internal/guide"
	"lszoom/internal/session"
	"lszoom/pages/flow"
)

// made is what a test may have created on sites that keep it: its apps
// (by name, with whether the walk got as far as creating each) and rooms.
// Every name carries the run's ID.
type made struct {
	apps  []madeApp
	rooms []string
}

type madeApp struct {
	name string
	id   func() string // the app's ID once step 9 (or the General App's create) has run
}

func (m *made) app(name string, id func() string) { m.apps = append(m.apps, madeApp{name, id}) }
func (m *made) room(name string)                  { m.rooms = append(m.rooms, name) }

// createdApps are the apps the walks got as far as creating, name → ID.
func (m *made) createdApps() map[string]string {
	out := map[string]string{}
	for _, a := range m.apps {
		if id := a.id(); id != "" {
			out[a.name] = id
		}
	}
	return out
}

// cleanUpStep names the clean-up in messages and artifacts: it is no step
// of the guide, and runs after them, pass or fail.
var cleanUpStep = guide.Step{Number: "clean-up", Title: "Remove the apps and rooms of the run"}

// startSandbox readies a test against real sites: the browser gets the
// saved sign-in (E2E_SESSION_FILE) if there is one, and whatever the test
// creates is removed through the sites' pages when it ends.
func (e *env) startSandbox() {
	t := e.t
	if cfg.SessionFile != "" {
		st, err := session.Load(cfg.SessionFile)
		require.NoError(t, err, "%s: the saved Zoom sign-in", config.EnvSessionFile)
		ctx, cancel := context.WithTimeout(t.Context(), e.stepTime)
		err = session.Restore(ctx, e.sess.Context, e.sess.Page, st)
		cancel()
		require.NoError(t, err, "give the browser the saved Zoom sign-in")
		for _, c := range st.Cookies {
			if len(c.Value) >= 8 { // a sign-in's cookie: masked wherever a page might show it
				e.secrets.Add(c.Value)
			}
		}
		// The password is never typed in a run from a saved session: a
		// sign-in page then stops the run with flow.ErrSessionExpired.
		e.savedSession, e.password = true, ""
	}
	if cfg.API.Enabled() {
		e.useAPI(cfg.API.Maintenance(cfg.ZoomWebURL))
	} else {
		e.apiOff("no maintenance app configured (" + config.EnvZoomAPIClientID + ")")
	}
	t.Cleanup(e.cleanUp) // registered after the session's Close: runs before it
}

// cleanUp deletes the test's apps and rooms, pass or fail: the apps
// through Zoom's Marketplace API when the run has the maintenance token
// (then Created Apps must no longer list them), else from Created Apps
// (the row's menu, Delete); the rooms from System → Rooms. Every app ID the
// test created is written to created-apps.txt in its artifacts first (a
// user-level token cannot list apps: that file is how a person finds them).
// What it cannot remove fails the test, names the leftovers and leaves
// artifacts; make janitor removes the apps later.
func (e *env) cleanUp() {
	t := e.t
	apps := e.made.createdApps()
	if len(apps) == 0 && len(e.made.rooms) == 0 {
		return
	}
	writeCreatedApps(t, apps)
	// The test's own context has ended by now.
	ctx, cancel := context.WithTimeout(context.Background(), 2*e.stepTime+10*time.Second)
	defer cancel()
	h := flow.Hooks{Log: t.Logf, Secret: e.secrets.Add}
	names := slices.Sorted(maps.Keys(apps))
	remove := func() error { return flow.RemoveApps(ctx, e.d, e.sess.Page, names, h) }
	if e.api != nil {
		remove = func() error { return flow.DeleteApps(ctx, e.api, e.d, e.sess.Page, apps, h) }
	}
	// Rooms first: LearningSpace revokes a room's Zoom token as it deletes
	// the room, which needs the app still there.
	err := errors.Join(
		flow.RemoveRooms(ctx, e.ls, e.sess.Page, flow.Login{User: cfg.LSAdminUser, Password: cfg.LSAdminPassword}, e.made.rooms, h),
		remove(),
	)
	if err != nil {
		e.capture(t, t.ArtifactDir(), cleanUpStep)
		t.Errorf("%s: apps %q, rooms %q may be left: %s (make janitor removes the apps of killed or failed clean-ups)",
			cleanUpStep.Title, names, e.made.rooms, e.secrets.Redact(err.Error()))
	}
}

// writeCreatedApps writes the test's apps, "ID<TAB>name" a line, to
// created-apps.txt in its artifact directory.
func writeCreatedApps(t *testing.T, apps map[string]string) {
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(apps)) {
		fmt.Fprintf(&b, "%s\t%s\n", apps[n], n)
	}
	f := filepath.Join(t.ArtifactDir(), "created-apps.txt")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Logf("created apps: %v", err)
		return
	}
	t.Logf("the apps this test created are listed in %s", f)
}
