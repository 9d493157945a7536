package e2e

import (
	"context"
	"errors"
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
	name    string
	created func() bool // step 9 (or the General App's create) has run
}

func (m *made) app(name string, created func() bool) { m.apps = append(m.apps, madeApp{name, created}) }
func (m *made) room(name string)                     { m.rooms = append(m.rooms, name) }

// createdApps are the apps the walks got as far as creating.
func (m *made) createdApps() []string {
	var out []string
	for _, a := range m.apps {
		if a.created() {
			out = append(out, a.name)
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
	t.Cleanup(e.cleanUp) // registered after the session's Close: runs before it
}

// cleanUp deletes the test's apps (Created Apps, the row's menu, Delete)
// and rooms (System → Rooms), pass or fail. What it cannot remove fails the
// test, names the leftovers and leaves artifacts; make janitor removes the
// apps later.
func (e *env) cleanUp() {
	t := e.t
	apps := e.made.createdApps()
	if len(apps) == 0 && len(e.made.rooms) == 0 {
		return
	}
	// The test's own context has ended by now.
	ctx, cancel := context.WithTimeout(context.Background(), 2*e.stepTime+10*time.Second)
	defer cancel()
	h := flow.Hooks{Log: t.Logf, Secret: e.secrets.Add}
	// Rooms first: LearningSpace revokes a room's Zoom token as it deletes
	// the room, which needs the app still there.
	err := errors.Join(
		flow.RemoveRooms(ctx, e.ls, e.sess.Page, flow.Login{User: cfg.LSAdminUser, Password: cfg.LSAdminPassword}, e.made.rooms, h),
		flow.RemoveApps(ctx, e.d, e.sess.Page, apps, h),
	)
	if err != nil {
		e.capture(t, t.ArtifactDir(), cleanUpStep)
		t.Errorf("%s: apps %q, rooms %q may be left: %s (make janitor removes the apps of killed or failed clean-ups)",
			cleanUpStep.Title, apps, e.made.rooms, e.secrets.Redact(err.Error()))
	}
}
