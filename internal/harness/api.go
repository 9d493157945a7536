package harness

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"lszoom/internal/zoomapi"
	"lszoom/pages/flow"
)

// Zoom's Marketplace API in a world: with the maintenance token, the setup
// flows read the app back after steps 15 and 18 (pages/flow/apicheck.go)
// and the clean-up deletes through it. A sandbox world has it when make
// login authorized the maintenance app (startSandbox); a sim world gets it
// from the stand-in (WithStandInAPI), so that sim tests what the nightly
// does.

// MaintenanceRedirect is the stand-in maintenance app's redirect URL: never
// loaded (the code is read from the address).
const MaintenanceRedirect = "https://maintenance.lszoom.invalid/callback"

// API is the Marketplace API with the maintenance token, nil without one.
// A nil *zoomapi.Client is not a nil flow.AppRecords: use APIRecords.
func (w *World) API() *zoomapi.Client { return w.api }

// APIRecords is the API as the setup flows take it (nil: none).
func (w *World) APIRecords() flow.AppRecords {
	if w.api == nil {
		return nil
	}
	return w.api
}

// Maintenance is the maintenance app the world's token is of.
func (w *World) Maintenance() zoomapi.Maintenance { return w.maintenance }

// WithStandInAPI gives a sim world the maintenance token the way make
// login gets one, less the browser: the stand-in's maintenance app, a code
// arranged through its API, exchanged at its token endpoint by zoomapi,
// saved to a file in dir.
func (w *World) WithStandInAPI(dir string) error {
	if w.ZoomSim == nil {
		return errors.New("the maintenance app of the stand-in needs the Zoom stand-in (E2E_TARGET=sim)")
	}
	app, err := w.ZoomSim.CreateMaintenanceApp(w.Email, MaintenanceRedirect)
	if err != nil {
		return fmt.Errorf("make the maintenance app through the stand-in's API: %w", err)
	}
	w.Secrets.Add(app.ClientSecret)
	m := zoomapi.Maintenance{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: MaintenanceRedirect,
		WebURL: w.Site.WebURL, APIURL: w.Site.WebURL, TokenFile: filepath.Join(dir, "api-token.json")}
	code, err := w.ZoomSim.AuthorizationCode(w.Email, app.ClientID, MaintenanceRedirect)
	if err != nil {
		return fmt.Errorf("the owner authorizes the maintenance app: %w", err)
	}
	ctx, cancel := context.WithTimeout(w.ctx, w.StepTime)
	defer cancel()
	if err := m.Exchange(ctx, code, ""); err != nil {
		// As a night whose saved token Zoom no longer takes: the walk goes
		// on through Zoom's pages, its report marked "API checks not
		// done". A broken token endpoint (token-endpoint-500) is then the
		// walk's to meet at LS.5, not a reason never to walk.
		w.APIOff(fmt.Sprintf("exchanging the maintenance app's code: %v", err))
		return nil
	}
	w.maintenance = m
	if err := w.UseAPI(m); err != nil {
		return err
	}
	if w.api == nil {
		return errors.New("the maintenance token was not taken")
	}
	return nil
}

// UseAPI opens the Marketplace API with m's saved token. No token, or one
// Zoom no longer takes, is said once in plain words, and the world goes on
// through Zoom's pages, its report marked "API checks not done"; any other
// failure is an error.
func (w *World) UseAPI(m zoomapi.Maintenance) error {
	c, err := m.Client(w.ctx)
	switch {
	case errors.Is(err, zoomapi.ErrNoToken), errors.Is(err, zoomapi.ErrTokenRefused):
		w.APIOff(err.Error())
	case err != nil:
		return fmt.Errorf("the maintenance token: %w", err)
	default:
		w.api = c
		w.o.Log("Zoom's Marketplace API: on, with the maintenance token (the app is checked after steps 15 and 18, and deleted through it)")
	}
	return nil
}

// APIOff says why the API checks are not done, once, in the log and the
// report (once the world walks), and turns them off.
func (w *World) APIOff(why string) {
	w.api = nil
	w.o.Log("Zoom's Marketplace API: off (%s): the run checks and cleans up through Zoom's pages only", w.Secrets.Redact(why))
	w.note("API checks not done: " + w.Secrets.Redact(why))
}

// apiRefused is Hooks.APIRefused: the token was refused mid-run.
func (w *World) apiRefused(err error) { w.APIOff(err.Error()) }
