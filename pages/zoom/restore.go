package zoom

import (
	"context"
	"net/url"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

// The Marketplace's session can lapse while the web portal's lives: the
// Marketplace then sends the browser to sign in although zoom.us still
// knows it, and opening the profile, then the Marketplace again, restores
// it without a password (docs/procedure.md, section 4; a live run, August
// 2026). A run from a saved session has no password to type: this is its
// way through.

// SignInReturn is where Zoom's sign-in page at addr would send the browser
// back after signing in (its continue parameter, made absolute against
// addr); "" when addr is not the sign-in page or names no way back.
func SignInReturn(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.Path != signInLabels.path {
		return ""
	}
	back := u.Query().Get(signInLabels.returnTo)
	if back == "" {
		return ""
	}
	b, err := url.Parse(back)
	if err != nil {
		return ""
	}
	return u.ResolveReference(b).String()
}

// RestoreMarketplace is what a person does whose Marketplace tab was sent to
// sign in while the web portal still knows them: it opens the profile in
// that tab and, if the portal is signed in, goes back to the Marketplace
// address the sign-in page would have returned to, and waits for the
// Marketplace's header. true: the Marketplace took the session again, the
// tab is where it was sent from, and no password was typed. false, nil: not
// this case (the tab is not on the sign-in page on its way back to the
// Marketplace, or the portal is signed out too, or the Marketplace sent
// the tab to sign in again); the tab is then on a sign-in page that returns
// to the Marketplace address, as before, for a password sign-in.
func RestoreMarketplace(ctx context.Context, d Driver, tab *rod.Page) (bool, error) {
	at := ui.URL(tab)
	back := SignInReturn(at)
	if back == "" || !d.inMarketplace(back) {
		return false, nil
	}
	sc := d.on(tab)
	if _, signedIn, err := OpenProfile(ctx, d, tab); err != nil {
		return false, err
	} else if !signedIn {
		// Back to the sign-in page the Marketplace sent the tab to, whose
		// way back is the Marketplace address (the profile's is not).
		return false, sc.navigate(ctx, at)
	}
	if err := sc.navigate(ctx, back); err != nil {
		return false, err
	}
	r := sc.r(ctx)
	var restored bool
	err := r.WaitUntil("the App Marketplace, or Zoom's sign-in page", func() (bool, error) {
		if IsSignInURL(sc.URL()) {
			return true, nil
		}
		if !d.inMarketplace(sc.URL()) {
			return false, nil
		}
		ok, err := r.Exists(ui.Role("button", marketplaceLabels.develop))
		restored = ok
		return ok, err
	})
	return restored && err == nil, err
}

// inMarketplace says whether an address is on the Marketplace.
func (d Driver) inMarketplace(addr string) bool {
	base := strings.TrimRight(d.Site.MarketplaceURL, "/")
	return addr == base || strings.HasPrefix(addr, base+"/") || strings.HasPrefix(addr, base+"?")
}
