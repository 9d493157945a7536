package flow

import (
	"context"
	"fmt"

	"github.com/go-rod/rod"

	"lszoom/internal/session"
	"lszoom/pages/zoom"
)

// SaveSignIn is make login's procedure (cmd/zoomlogin; with a maintenance
// app configured, AuthorizeMaintenance follows it in the same tab): it opens Zoom's
// sign-in page in the tab, waits, within ctx's deadline, until a person
// has signed in there (reCAPTCHA, an emailed code and all), then saves the
// browser context's cookies and the signed-in origin's local storage to
// file, mode 0600. Nothing of the session is logged. ctxBrowser is the
// tab's browser context (browser.Session.Context).
func SaveSignIn(ctx context.Context, d zoom.Driver, ctxBrowser *rod.Browser, tab *rod.Page, file string, hooks Hooks) error {
	p, err := zoom.OpenSignIn(ctx, d, tab, "")
	if err != nil {
		return err
	}
	hooks.logf("sign in to Zoom in the browser window (with any code Zoom asks for); waiting for the profile page")
	if ok, at := p.WaitLanded(ctx); !ok {
		return fmt.Errorf("no sign-in within the time given: the browser is at %s", at)
	}
	st, err := session.Capture(ctx, ctxBrowser, tab)
	if err != nil {
		return err
	}
	if err := session.Save(file, st); err != nil {
		return err
	}
	hooks.logf("saved the Zoom sign-in to %s (%d cookies, mode 0600): sandbox runs start from it", file, len(st.Cookies))
	return nil
}
