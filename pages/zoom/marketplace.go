package zoom

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"

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
func OpenMarketplace(d Driver, p *rod.Page) (*MarketplacePage, error) {
	sc := d.on(p)
	if err := sc.navigate(strings.TrimRight(d.Site.MarketplaceURL, "/") + "/"); err != nil {
		return nil, err
	}
	mp := &MarketplacePage{sc}
	return mp, mp.waitReady()
}

// waitReady waits for the header the single-page app renders.
func (p *MarketplacePage) waitReady() error {
	if err := p.acceptCookies(); err != nil {
		return err
	}
	_, err := p.s.Find(ui.Role("button", marketplaceLabels.develop))
	return err
}

// OpenDevelopMenu opens the Develop dropdown (guide step 4). On the live
// site it is a menu that opens on hover; a click opens it too.
func (p *MarketplacePage) OpenDevelopMenu() error {
	dev, err := p.s.Find(ui.Role("button", marketplaceLabels.develop))
	if err != nil {
		return err
	}
	if err := dev.Hover(); err != nil {
		return fmt.Errorf("hover %s: %w", marketplaceLabels.develop, err)
	}
	menu := ui.Role("menu", marketplaceLabels.developMenu)
	if ok, err := p.s.Exists(menu); err != nil || ok {
		return err
	}
	if err := p.s.Click(ui.Role("button", marketplaceLabels.develop)); err != nil {
		return err
	}
	_, err = p.s.Find(menu)
	return err
}

// MenuBuildApp is the Develop menu's item the guide uses (step 5).
var MenuBuildApp = marketplaceLabels.buildApp

// DevelopMenuItems lists the open Develop menu's items.
func (p *MarketplacePage) DevelopMenuItems() ([]string, error) {
	in, err := p.s.Within(ui.Role("menu", marketplaceLabels.developMenu))
	if err != nil {
		return nil, err
	}
	return ui.Names(in, "menuitem")
}

// BuildApp clicks Develop → Build App (guide step 5) and returns the
// "Choose your app type" page.
func (p *MarketplacePage) BuildApp() (*AppTypePage, error) {
	in, err := p.s.Within(ui.Role("menu", marketplaceLabels.developMenu))
	if err != nil {
		return nil, err
	}
	if err := in.Click(ui.Role("menuitem", marketplaceLabels.buildApp)); err != nil {
		return nil, err
	}
	at := &AppTypePage{p.screen}
	return at, at.waitReady()
}

// Manage follows the header's Manage link to Created Apps (guide step 18).
func (p *MarketplacePage) Manage() (*ManagePage, error) {
	if err := p.s.Click(ui.Role("link", marketplaceLabels.manage)); err != nil {
		return nil, err
	}
	m := &ManagePage{p.screen}
	return m, m.waitReady()
}
