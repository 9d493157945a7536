// Package zoom holds the page objects of Zoom's web portal and App Marketplace
// for the classic OAuth-app flow of CAE's customer guide. Methods are what a
// user does or reads on a screen; a click that navigates returns the next
// screen's page object. No assertions here: callers decide what is right.
//
// Every screen keeps its labels (accessible names, the live site's English
// wording) in one block at the top of its file, so a label changed on the
// live site is a one-line fix. Locators go by role and accessible name first
// (pages/ui), then visible text, then CSS.
package zoom

import (
	"fmt"
	"net/url"
	"strings"
	"time"

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

// Driver is what every page object shares: the site and the deadline of one
// action (each method gets a fresh one; none is shared by a whole run).
type Driver struct {
	Site    Site
	Timeout time.Duration
}

// screen is the common part of the page objects: one tab and its locators.
type screen struct {
	d Driver
	s ui.Scope
}

func (d Driver) on(p *rod.Page) screen { return screen{d: d, s: ui.NewScope(p, d.Timeout)} }

// Page is the tab this screen is in.
func (sc screen) Page() *rod.Page { return sc.s.Page() }

// URL is the tab's current address.
func (sc screen) URL() string { return ui.URL(sc.s.Page()) }

// navigate opens u in the tab and waits for its document to load.
func (sc screen) navigate(u string) error {
	p := sc.s.Page().Timeout(sc.d.Timeout)
	defer p.CancelTimeout()
	if err := p.Navigate(u); err != nil {
		return fmt.Errorf("open %s: %w", u, err)
	}
	if err := p.WaitLoad(); err != nil {
		return fmt.Errorf("load %s: %w", u, err)
	}
	return nil
}

// waitURL waits until the tab's address starts with prefix.
func (sc screen) waitURL(what, prefix string) error {
	return sc.s.WaitUntil(what+" ("+prefix+"…)", func() (bool, error) {
		return strings.HasPrefix(sc.URL(), prefix), nil
	})
}

// waitPath waits until the tab's path satisfies ok.
func (sc screen) waitPath(what string, ok func(path string) bool) error {
	return sc.s.WaitUntil(what, func() (bool, error) {
		u, err := url.Parse(sc.URL())
		return err == nil && ok(u.Path), nil
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
// page's buttons until accepted (spec section 4).
func (sc screen) acceptCookies() error {
	banner := ui.Role("region", cookieLabels.banner)
	shown, err := sc.s.Exists(banner)
	if err != nil || !shown {
		return err
	}
	in, err := sc.s.Within(banner)
	if err != nil {
		return err
	}
	if err := in.Click(ui.Role("button", cookieLabels.accept)); err != nil {
		return fmt.Errorf("accept cookies: %w", err)
	}
	return sc.s.WaitGone(banner)
}

var cookieLabels = struct{ banner, accept string }{
	banner: "Cookie banner",
	accept: "Accept Cookies",
}

// FieldError is a validation message the site shows beside a field.
type FieldError struct {
	Messages []string
}

func (e *FieldError) Error() string {
	return "the page says: " + strings.Join(e.Messages, "; ")
}

// alerts returns the texts of the alerts now shown in scope.
func alerts(s ui.Scope) ([]string, error) { return ui.Texts(s, ui.Role("alert", "")) }

// WaitFor waits, within one action's deadline, until cond holds on this
// screen: for callers that wait for a state the page object has no name for.
func (sc screen) WaitFor(what string, cond func() (bool, error)) error {
	return sc.s.WaitUntil(what, cond)
}
