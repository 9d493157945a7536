package zoom

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/internal/guide"
	"lszoom/pages/ui"
)

var marketplaceLabels = struct {
	header, home, develop, developMenu, buildApp, manage string
}{
	header:      "banner", // the header's role
	home:        "Zoom App Marketplace",
	develop:     "Develop",
	developMenu: "Develop",
	buildApp:    "Build App",
	manage:      "Manage",
}

// MarketplacePage is the App Marketplace with its header: Develop and Manage.
type MarketplacePage struct{ screen }

// OpenMarketplace opens the Marketplace's home in the tab (a signed-in
// browser; signed out, Zoom sends it to sign in).
func OpenMarketplace(ctx context.Context, d Driver, p *rod.Page) (*MarketplacePage, error) {
	sc := d.on(p)
	if err := sc.navigate(ctx, strings.TrimRight(d.Site.MarketplaceURL, "/")+"/"); err != nil {
		return nil, err
	}
	mp := &MarketplacePage{sc}
	return mp, mp.waitReady(ctx)
}

// MarketplaceOn is the Marketplace's header on a tab that already shows a
// Marketplace page (an app's page, say).
func MarketplaceOn(d Driver, p *rod.Page) *MarketplacePage { return &MarketplacePage{d.on(p)} }

// waitReady waits for the header the single-page app renders.
func (p *MarketplacePage) waitReady(ctx context.Context) error {
	if err := p.acceptCookies(ctx); err != nil {
		return err
	}
	_, err := p.r(ctx).Find(ui.Role("button", marketplaceLabels.develop))
	return err
}

// OpenDevelopMenu opens the Develop dropdown (guide step 4). On the live
// site it is a menu that opens on hover; a click opens it too. Opening is
// idempotent: a menu that did not open (a hover taken before the page could
// act on it, a backdrop still closing) is opened again.
func (p *MarketplacePage) OpenDevelopMenu(ctx context.Context) error {
	r := p.r(ctx)
	dev := ui.Role("button", marketplaceLabels.develop)
	menu := ui.Role("menu", marketplaceLabels.developMenu)
	try := 0
	return r.Ensure("the Develop menu to open", expandPatience,
		func() error {
			try++
			if try == 1 {
				return r.Hover(dev)
			}
			return r.Click(dev)
		},
		func() (bool, error) { return r.Exists(menu) })
}

// MenuBuildApp is the Develop menu's item the guide uses (step 5).
var MenuBuildApp = marketplaceLabels.buildApp

// DevelopMenuItems lists the open Develop menu's items.
func (p *MarketplacePage) DevelopMenuItems(ctx context.Context) ([]string, error) {
	in, err := p.r(ctx).Within(ui.Role("menu", marketplaceLabels.developMenu))
	if err != nil {
		return nil, err
	}
	return ui.Names(in, "menuitem")
}

// BuildApp clicks Develop → Build App (guide step 5) and returns the
// "Choose your app type" page.
func (p *MarketplacePage) BuildApp(ctx context.Context) (*AppTypePage, error) {
	in, err := p.r(ctx).Within(ui.Role("menu", marketplaceLabels.developMenu))
	if err != nil {
		return nil, err
	}
	if err := in.Click(ui.Role("menuitem", marketplaceLabels.buildApp)); err != nil {
		return nil, err
	}
	at := &AppTypePage{p.screen}
	return at, at.waitReady(ctx)
}

// Manage follows the header's Manage link to Created Apps (guide step 18).
func (p *MarketplacePage) Manage(ctx context.Context) (*ManagePage, error) {
	if err := p.r(ctx).Click(ui.Role("link", marketplaceLabels.manage)); err != nil {
		return nil, err
	}
	m := &ManagePage{p.screen}
	return m, m.waitReady(ctx)
}

// BuildAppAny clicks Develop → Build App (guide step 5) and finds out which
// build flow the Marketplace offers: the classic page of cards comes back
// as an *AppTypePage, the General App's dialog of app kinds as an
// *AppKindDialog (the other is nil). An account's first build shows the API
// License dialog first: it is accepted on the way.
func (p *MarketplacePage) BuildAppAny(ctx context.Context) (guide.Flow, *AppTypePage, *AppKindDialog, error) {
	r := p.r(ctx)
	in, err := r.Within(ui.Role("menu", marketplaceLabels.developMenu))
	if err != nil {
		return "", nil, nil, err
	}
	if err := in.Click(ui.Role("menuitem", marketplaceLabels.buildApp)); err != nil {
		return "", nil, nil, err
	}
	cards := &AppTypePage{p.screen}
	kinds := ui.Role("dialog", generalLabels.kinds)
	page := ui.Role("heading", appTypeLabels.heading)
	license := ui.Role("dialog", appTypeLabels.license)
	var flow guide.Flow
	err = r.WaitUntil(fmt.Sprintf("%s or %s", kinds, page), func() (bool, error) {
		if ok, err := r.Exists(license); err != nil || ok {
			if err == nil {
				_, err = cards.AcceptLicenseIfShown(ctx)
			}
			return false, err
		}
		if ok, err := r.Exists(kinds); err != nil || ok {
			flow = guide.FlowGeneral
			return ok, err
		}
		// The classic page's heading, on the page itself: the kinds
		// dialog is titled alike, and an opening dialog can show its
		// title before its name is known. While any dialog is open, wait.
		ok, err := r.Exists(page)
		if err != nil || !ok {
			return false, err
		}
		if open, err := r.Exists(ui.Role("dialog", "")); err != nil || open {
			return false, err
		}
		flow = guide.FlowClassic
		return true, nil
	})
	switch {
	case err != nil:
		return "", nil, nil, err
	case flow == guide.FlowGeneral:
		return flow, nil, &AppKindDialog{p.screen}, nil
	default:
		return flow, cards, nil, nil
	}
}
