// Package zoom holds the page objects of Zoom's web portal and App Marketplace
// for CAE's customer guide, on either build flow the Marketplace offers: the
// guide's classic OAuth-app flow and Zoom's General App flow, the only one
// the live Marketplace offers since 2024. Methods are what a
// user does or reads on a screen; a click that navigates returns the next
// screen's page object. No assertions here: callers decide what is right.
//
// Every method takes the context of the guide step it works for: its
// deadline bounds every wait inside the method, however many there are.
//
// Every screen keeps its labels (accessible names, the live site's English
// wording) in one block at the top of its file, so a label changed on the
// live site is a one-line fix. Locators go by role and accessible name first
// (pages/ui), then visible text, then CSS.
package zoom

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/pages/ui"
)

// Site says where Zoom lives. On the live site the web portal is
// https://zoom.us and the Marketplace https://marketplace.zoom.us; the
// stand-in serves both from one origin, the Marketplace under /marketplace.
type Site struct {
	WebURL         string
	MarketplaceURL string
}

// Driver is what every page object shares: the site.
type Driver struct {
	Site Site
}

// screen is the common part of the page objects: one tab.
type screen struct {
	d    Driver
	page *rod.Page
}

func (d Driver) on(p *rod.Page) screen { return screen{d: d, page: p} }

// r is the tab as a region under the step's deadline.
func (sc screen) r(ctx context.Context) ui.Region { return ui.In(ctx, sc.page) }

// Page is the tab this screen is in.
func (sc screen) Page() *rod.Page { return sc.page }

// URL is the tab's current address.
func (sc screen) URL() string { return ui.URL(sc.page) }

// navigate opens u in the tab and waits for its document to load.
func (sc screen) navigate(ctx context.Context, u string) error {
	p := sc.page.Context(ctx)
	if err := p.Navigate(u); err != nil {
		return fmt.Errorf("open %s: %w", u, err)
	}
	if err := ui.WaitLoad(p); err != nil {
		return fmt.Errorf("load %s: %w", u, err)
	}
	return nil
}

// waitURL waits until the tab's address starts with prefix.
func (sc screen) waitURL(ctx context.Context, what, prefix string) error {
	return sc.r(ctx).WaitUntil(what+" ("+prefix+"…)", func() (bool, error) {
		return strings.HasPrefix(sc.URL(), prefix), nil
	})
}

// tabOpenedBy finds a page target opened by p (a link with target=_blank).
func tabOpenedBy(p *rod.Page) (*rod.Page, error) {
	res, err := proto.TargetGetTargets{}.Call(p)
	if err != nil {
		return nil, err
	}
	for _, t := range res.TargetInfos {
		if t.Type == proto.TargetTargetInfoTypePage && t.OpenerID == p.TargetID {
			return p.Browser().PageFromTarget(t.TargetID)
		}
	}
	return nil, nil
}

// acceptCookies dismisses the cookie banner if it is showing: it covers the
// page's buttons until accepted (docs/procedure.md, section 4).
func (sc screen) acceptCookies(ctx context.Context) error {
	r := sc.r(ctx)
	banner := ui.Role("region", cookieLabels.banner)
	shown, err := r.Exists(banner)
	if err != nil || !shown {
		return err
	}
	in, err := r.Within(banner)
	if err != nil {
		return err
	}
	if err := in.Click(ui.Role("button", cookieLabels.accept)); err != nil {
		return fmt.Errorf("accept cookies: %w", err)
	}
	return r.WaitGone(banner)
}

var cookieLabels = struct{ banner, accept string }{
	banner: "Cookie banner",
	accept: "Accept Cookies",
}

// saveLabels: what the Marketplace says when a save did not reach the site
// (an HTTP 500): nothing was saved, and the same button may be pressed again.
var saveLabels = struct{ failed string }{
	failed: "Something went wrong, please try again",
}

// maxSaveTries bounds how often a save the site refused is pressed again.
const maxSaveTries = 3

// FieldError is a validation message the site shows beside a field.
type FieldError struct {
	Messages []string
}

func (e *FieldError) Error() string {
	return "the page says: " + strings.Join(e.Messages, "; ")
}

// alerts returns the texts of the alerts now shown in the region.
func alerts(r ui.Region) ([]string, error) { return ui.Texts(r, ui.Role("alert", "")) }

// onlySaveFailed says whether every message is the site's "save failed, try
// again": then pressing the button again is what a person does.
func onlySaveFailed(msgs []string) bool {
	for _, m := range msgs {
		if !strings.HasPrefix(m, saveLabels.failed) {
			return false
		}
	}
	return len(msgs) > 0
}

// save presses a button that creates or saves (Create, Continue, Done) and
// waits until saved() holds or the page says something in msgs. Such a
// button is never pressed again blindly: only when the page says the save
// failed and asks to try again (nothing was saved), as a person would, at
// most maxSaveTries times. Any other message comes back as *FieldError.
// press is the click; saved reports the effect the page promised.
func save(r, msgs ui.Region, what string, press func() error, saved func() (bool, error)) error {
	for try := 1; ; try++ {
		if err := press(); err != nil {
			return err
		}
		var said []string
		err := r.WaitUntil(what+", or a message", func() (bool, error) {
			if ok, err := saved(); err == nil && ok {
				said = nil
				return true, nil
			}
			m, err := alerts(msgs)
			said = m
			return len(m) > 0, err
		})
		if err != nil {
			return err
		}
		if len(said) == 0 {
			return nil
		}
		if !onlySaveFailed(said) || try == maxSaveTries {
			return &FieldError{Messages: said}
		}
	}
}

// WaitFor waits, within the step's deadline, until cond holds on this
// screen: for callers that wait for a state the page object has no name for.
func (sc screen) WaitFor(ctx context.Context, what string, cond func() (bool, error)) error {
	return sc.r(ctx).WaitUntil(what, cond)
}
