package harness

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"lszoom/internal/config"
	"lszoom/internal/guide"
	"lszoom/internal/session"
	"lszoom/pages/flow"
)

// Against real sites (sandbox): the browser starts from the saved sign-in,
// and whatever a world's walks create is removed when it closes.

// made is what a world may have created on sites that keep it: its apps
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

// Made notes an app the world's walk may create: id gives its ID once the
// walk got as far as creating it.
func (w *World) Made(name string, id func() string) {
	w.made.apps = append(w.made.apps, madeApp{name, id})
}

// MadeRoom notes a LearningSpace room the world's walk may create.
func (w *World) MadeRoom(name string) { w.made.rooms = append(w.made.rooms, name) }

// CreatedApps are the apps the walks got as far as creating, name → ID.
func (w *World) CreatedApps() map[string]string {
	out := map[string]string{}
	for _, a := range w.made.apps {
		if id := a.id(); id != "" {
			out[a.name] = id
		}
	}
	return out
}

// CleanUpStep names the clean-up in messages and artifacts: it is no step
// of the guide, and runs after them, pass or fail.
var CleanUpStep = guide.Step{Number: "clean-up", Title: "Remove the apps and rooms of the run"}

// startSandbox readies a world against real sites: the browser gets the
// saved sign-in (E2E_SESSION_FILE) if there is one, and the Marketplace API
// is on when make login authorized the maintenance app.
func (w *World) startSandbox() error {
	cfg := w.h.Config
	w.cleans = true
	if cfg.SessionFile != "" {
		st, err := session.Load(cfg.SessionFile)
		if err != nil {
			return fmt.Errorf("%s: the saved Zoom sign-in: %w", config.EnvSessionFile, err)
		}
		ctx, cancel := context.WithTimeout(w.ctx, w.StepTime)
		err = session.Restore(ctx, w.Sess.Context, w.Sess.Page, st)
		cancel()
		if err != nil {
			return fmt.Errorf("give the browser the saved Zoom sign-in: %w", err)
		}
		for _, c := range st.Cookies {
			if len(c.Value) >= 8 { // a sign-in's cookie: masked wherever a page might show it
				w.Secrets.Add(c.Value)
			}
		}
		// The password is never typed in a run from a saved session: a
		// sign-in page then stops the run with flow.ErrSessionExpired.
		w.SavedSession, w.Password = true, ""
	}
	if cfg.API.Enabled() {
		return w.UseAPI(cfg.API.Maintenance(cfg.ZoomWebURL))
	}
	w.APIOff("no maintenance app configured (" + config.EnvZoomAPIClientID + ")")
	return nil
}

// cleanUp deletes the world's apps and rooms, pass or fail: the apps
// through Zoom's Marketplace API when the run has the maintenance token
// (then Created Apps must no longer list them), else from Created Apps
// (the row's menu, Delete); the rooms from System → Rooms. Every app ID the
// world created is written to created-apps.txt in its artifact directory
// first (a user-level token cannot list apps: that file is how a person
// finds them). What it cannot remove is an error that names the leftovers,
// with artifacts; make janitor removes the apps later.
func (w *World) cleanUp() error {
	if !w.cleans {
		return nil
	}
	apps := w.CreatedApps()
	if len(apps) == 0 && len(w.made.rooms) == 0 {
		return nil
	}
	dir := ""
	if w.o.ArtifactDir != nil {
		dir = w.o.ArtifactDir()
		w.writeCreatedApps(dir, apps)
	}
	// The world's own context may have ended by now.
	ctx, cancel := context.WithTimeout(context.Background(), 2*w.StepTime+10*time.Second)
	defer cancel()
	h := flow.Hooks{Log: w.o.Log, Secret: w.Secrets.Add}
	names := slices.Sorted(maps.Keys(apps))
	remove := func() error { return flow.RemoveApps(ctx, w.Zoom, w.Sess.Page, names, h) }
	if w.api != nil {
		remove = func() error { return flow.DeleteApps(ctx, w.api, w.Zoom, w.Sess.Page, apps, h) }
	}
	// Rooms first: LearningSpace revokes a room's Zoom token as it deletes
	// the room, which needs the app still there.
	err := errors.Join(
		flow.RemoveRooms(ctx, w.LS, w.Sess.Page, w.LSAdmin(), w.made.rooms, h),
		remove(),
	)
	if err == nil {
		return nil
	}
	if dir != "" {
		w.Capture(dir, CleanUpStep)
	}
	return fmt.Errorf("%s: apps %q, rooms %q may be left: %s (make janitor removes the apps of killed or failed clean-ups)",
		CleanUpStep.Title, names, w.made.rooms, w.Secrets.Redact(err.Error()))
}

// writeCreatedApps writes the world's apps, "ID<TAB>name" a line, to
// created-apps.txt in dir.
func (w *World) writeCreatedApps(dir string, apps map[string]string) {
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(apps)) {
		fmt.Fprintf(&b, "%s\t%s\n", apps[n], n)
	}
	f := filepath.Join(dir, "created-apps.txt")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		w.o.Log("created apps: %v", err)
		return
	}
	w.o.Log("the apps this walk created are listed in %s", f)
}
