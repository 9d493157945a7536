package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"lszoom/fixtures/testapp"
	"lszoom/internal/config"
	"lszoom/pages/flow"
)

// The tools' procedures that need only a signed-in Zoom: make login's and
// the janitor's.

// SaveSignIn is make login's procedure on this world's tab (a Fresh world):
// a person signs in on Zoom's sign-in page, code and all, within ctx; the
// browser's sign-in is saved to E2E_SESSION_FILE (0600); guide step 1 is then
// run from it, as a nightly run starts (Zoom takes it; the account guard,
// when ZOOM_ACCOUNT_NUMBER is set, removes a session of another account);
// with a maintenance app configured, the signed-in browser authorizes it
// and its token is saved beside the session (E2E_API_TOKEN_FILE).
func (w *World) SaveSignIn(ctx context.Context) error {
	cfg := w.h.Config
	if err := flow.SaveSignIn(ctx, w.Zoom, w.Sess.Context, w.Sess.Page, cfg.SessionFile, w.Hooks()); err != nil {
		return err
	}
	w.SavedSession, w.Password = true, ""
	if _, err := w.SignIn(ctx); err != nil {
		if cfg.AccountNo != "" {
			err = errors.Join(err, os.Remove(cfg.SessionFile))
			return fmt.Errorf("%w (the saved session was removed)", err)
		}
		return err
	}
	if !cfg.API.Enabled() {
		w.Logf("no maintenance app configured (%s): runs check and clean up through Zoom's pages only", config.EnvZoomAPIClientID)
		return nil
	}
	return flow.AuthorizeMaintenance(ctx, w.Zoom, w.Sess.Page, cfg.API.Maintenance(cfg.ZoomWebURL), w.Hooks())
}

// Sweep is the janitor's procedure: signed in (SignIn: the saved session
// or the password, and the account guard), it deletes the apps named with
// the harness's prefix older than olderThan at now (flow.Stale): through
// Zoom's Marketplace API when the world has the maintenance token (Created
// Apps is then only read), else from Created Apps' row menus. It returns
// the names of the apps deleted.
func (w *World) Sweep(ctx context.Context, olderThan time.Duration, now time.Time) ([]string, error) {
	if _, err := w.SignIn(ctx); err != nil {
		return nil, err
	}
	var api flow.Deleter
	if w.api != nil {
		api = w.api
		w.Logf("deleting through Zoom's Marketplace API (the maintenance token); Created Apps is only read")
	} else {
		w.Logf("deleting through Created Apps' row menus")
	}
	w.Logf("deleting apps named %q… older than %v (made before %s)", testapp.NamePrefix, olderThan, now.Add(-olderThan).Format(time.RFC3339))
	return flow.Sweep(ctx, api, w.Zoom, w.Sess.Page, flow.Stale(testapp.NamePrefix, olderThan, now), w.Hooks())
}
