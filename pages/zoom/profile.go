package zoom

import (
	"context"
	"strings"
	"time"

	"lszoom/pages/ui"
)

var profileLabels = struct {
	sideMenu, advanced, appMarketplace, path, accountNo string
}{
	sideMenu:       "Side menu",
	advanced:       "Advanced",
	appMarketplace: "App Marketplace",
	path:           "/profile",
	// The fact the account guard reads (account.go): the label, then the
	// number (a description list in the stand-in; on the live site, to be
	// confirmed, a label and a value side by side: both read as the label
	// then the digits).
	accountNo: "Account No.",
}

// ProfilePage is the web portal's profile page with its left side menu.
type ProfilePage struct{ screen }

// words are the profile's labels in the page's language.
func (p *ProfilePage) words(ctx context.Context) profileWords { return profileWordsIn(p.language(ctx)) }

// Language is the portal's language as the page says it ("fr-FR").
func (p *ProfilePage) Language(ctx context.Context) string { return p.language(ctx) }

// WaitReady waits for what a sign-in promises: the portal's page with its
// side menu (step 1's effect, so that the step's screen is the page it
// lands on, not the sign-in page still unloading).
//
// The language is read again on each look: the page that just landed may
// not have said it yet.
func (p *ProfilePage) WaitReady(ctx context.Context) error {
	r := p.r(ctx)
	err := r.WaitUntil("the portal's side menu", func() (bool, error) {
		return r.Exists(ui.Role("navigation", p.words(ctx).sideMenu))
	})
	if err != nil {
		// The query's own error says what the page showed instead, and
		// that the site moved when the menu's label is gone.
		if _, ferr := r.Find(ui.Role("navigation", p.words(ctx).sideMenu)); ferr != nil {
			return ferr
		}
	}
	return err
}

// OpenAdvanced expands the side menu's Advanced group (guide step 2) and
// waits until its App Marketplace link can be clicked. A page still starting
// may ignore the first click: the group is expanded again until it shows
// expanded (expanding is idempotent).
func (p *ProfilePage) OpenAdvanced(ctx context.Context) error {
	if err := p.acceptCookies(ctx); err != nil {
		return err
	}
	w := p.words(ctx)
	menu, err := p.r(ctx).Within(ui.Role("navigation", w.sideMenu))
	if err != nil {
		return err
	}
	adv := ui.Role("button", w.advanced)
	link := ui.Role("link", w.appMarketplace)
	return menu.Ensure(w.advanced+" to expand", expandPatience,
		func() error { return menu.Click(adv) },
		func() (bool, error) {
			el, err := menu.Find(adv)
			if err != nil {
				return false, err
			}
			if v, err := ui.Attr(el, "aria-expanded"); err != nil || v != "true" {
				return false, err
			}
			return menu.Exists(link)
		})
}

// expandPatience is how long an idempotent action (expand, open, select) is
// given to show its effect before it is tried again: long enough for an
// animation or a round trip, short against a step's deadline.
const expandPatience = 1500 * time.Millisecond

// AdvancedLinks lists the links shown under the side menu (for reports).
func (p *ProfilePage) AdvancedLinks(ctx context.Context) ([]string, error) {
	menu, err := p.r(ctx).Within(ui.Role("navigation", p.words(ctx).sideMenu))
	if err != nil {
		return nil, err
	}
	return ui.Names(menu, "link")
}

// OpenAppMarketplace follows Advanced → App Marketplace (guide step 3),
// whether it opens a new tab or the same one (not known for the live site).
// It returns the Marketplace in whichever tab it opened and whether that was
// a new tab.
func (p *ProfilePage) OpenAppMarketplace(ctx context.Context) (*MarketplacePage, bool, error) {
	r := p.r(ctx)
	w := p.words(ctx)
	menu, err := r.Within(ui.Role("navigation", w.sideMenu))
	if err != nil {
		return nil, false, err
	}
	if err := menu.Click(ui.Role("link", w.appMarketplace)); err != nil {
		return nil, false, err
	}
	prefix := strings.TrimRight(p.d.Site.MarketplaceURL, "/")
	var mp *MarketplacePage
	var newTab bool
	err = r.WaitUntil("the App Marketplace to open in this tab or a new one", func() (bool, error) {
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
	if err := mp.waitURL(ctx, "the App Marketplace", prefix); err != nil {
		return nil, newTab, err
	}
	return mp, newTab, mp.waitReady(ctx)
}
