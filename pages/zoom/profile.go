package zoom

import (
	"fmt"
	"strings"

	"lszoom/pages/ui"
)

var profileLabels = struct {
	sideMenu, advanced, appMarketplace string
}{
	sideMenu:       "Side menu",
	advanced:       "Advanced",
	appMarketplace: "App Marketplace",
}

// ProfilePage is the web portal's profile page with its left side menu.
type ProfilePage struct{ screen }

// OpenAdvanced expands the side menu's Advanced group (guide step 2).
func (p *ProfilePage) OpenAdvanced() error {
	if err := p.acceptCookies(); err != nil {
		return err
	}
	menu, err := p.s.Within(ui.Role("navigation", profileLabels.sideMenu))
	if err != nil {
		return err
	}
	adv, err := menu.Find(ui.Role("button", profileLabels.advanced))
	if err != nil {
		return err
	}
	if v, _ := adv.Attribute("aria-expanded"); v == nil || *v != "true" {
		if err := menu.Click(ui.Role("button", profileLabels.advanced)); err != nil {
			return err
		}
	}
	link, err := menu.Find(ui.Role("link", profileLabels.appMarketplace))
	if err != nil {
		return err
	}
	// The group slides open: a click while it moves can land beside the
	// link. Wait until the link keeps its place for two frames.
	el := link.Timeout(p.d.Timeout)
	defer el.CancelTimeout()
	if err := el.WaitStableRAF(); err != nil {
		return fmt.Errorf("%s still moving: %w", profileLabels.appMarketplace, err)
	}
	return nil
}

// AdvancedLinks lists the links shown under the side menu (for reports).
func (p *ProfilePage) AdvancedLinks() ([]string, error) {
	menu, err := p.s.Within(ui.Role("navigation", profileLabels.sideMenu))
	if err != nil {
		return nil, err
	}
	return ui.Names(menu, "link")
}

// OpenAppMarketplace follows Advanced → App Marketplace (guide step 3),
// whether it opens a new tab or the same one (not known for the live site).
// It returns the Marketplace in whichever tab it opened and whether that was
// a new tab.
func (p *ProfilePage) OpenAppMarketplace() (*MarketplacePage, bool, error) {
	menu, err := p.s.Within(ui.Role("navigation", profileLabels.sideMenu))
	if err != nil {
		return nil, false, err
	}
	if err := menu.Click(ui.Role("link", profileLabels.appMarketplace)); err != nil {
		return nil, false, err
	}
	prefix := strings.TrimRight(p.d.Site.MarketplaceURL, "/")
	var mp *MarketplacePage
	var newTab bool
	err = p.s.WaitUntil("the App Marketplace to open in this tab or a new one", func() (bool, error) {
		if strings.HasPrefix(p.URL(), prefix) {
			mp = &MarketplacePage{p.screen}
			return true, nil
		}
		tab, err := tabOpenedBy(p.Page())
		if err != nil || tab == nil {
			return false, err
		}
		mp, newTab = &MarketplacePage{p.d.on(tab)}, true
		return true, nil
	})
	if err != nil {
		return nil, false, err
	}
	if err := mp.waitURL("the App Marketplace", prefix); err != nil {
		return nil, newTab, fmt.Errorf("new tab: %w", err)
	}
	return mp, newTab, mp.waitReady()
}
