package zoom

import (
	"context"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

var consentLabels = struct {
	intro, permissions, allow, decline, invalidRedirect string
}{
	intro:           "would like to access your Zoom account",
	permissions:     "Requested permissions",
	allow:           "Allow",
	decline:         "Decline",
	invalidRedirect: "Invalid redirect",
}

// ConsentPage is Zoom's OAuth consent page: the app's name, what it may do,
// Allow and Decline.
type ConsentPage struct{ screen }

// ConsentPageOn wraps a tab that Zoom's authorize URL led to.
func ConsentPageOn(d Driver, p *rod.Page) *ConsentPage { return &ConsentPage{d.on(p)} }

// Heading is the page's main heading ("<app> would like to access your Zoom
// account", or Zoom's error such as "Invalid redirect: <url> (4,700)").
func (c *ConsentPage) Heading(ctx context.Context) (string, error) {
	var h string
	r := c.r(ctx)
	err := r.WaitUntil("a heading", func() (bool, error) {
		els, err := r.All(ui.Role("heading", ""))
		if err != nil || len(els) == 0 {
			return false, err
		}
		h, err = ui.TextOf(els[0].Context(ctx))
		return err == nil && strings.TrimSpace(h) != "", err
	})
	return strings.TrimSpace(h), err
}

// Shown says, without waiting, whether the tab shows a page of Zoom's with
// a heading (the consent page or Zoom's error page).
func (c *ConsentPage) Shown(ctx context.Context) (bool, error) {
	return c.r(ctx).Exists(ui.Role("heading", ""))
}

// InvalidRedirect says whether Zoom showed its "Invalid redirect: <url>
// (4,700)" page instead of the consent page, and returns that heading.
func (c *ConsentPage) InvalidRedirect(ctx context.Context) (string, bool, error) {
	h, err := c.Heading(ctx)
	return h, err == nil && strings.HasPrefix(h, consentLabels.invalidRedirect), err
}

// AppName is the app's name as the consent page names it.
func (c *ConsentPage) AppName(ctx context.Context) (string, error) {
	h, err := c.Heading(ctx)
	if err != nil {
		return "", err
	}
	name, _, _ := strings.Cut(h, " "+consentLabels.intro)
	return strings.TrimSpace(name), nil
}

// Permissions lists what the app asks to do.
func (c *ConsentPage) Permissions(ctx context.Context) ([]string, error) {
	if err := c.acceptCookies(ctx); err != nil {
		return nil, err
	}
	list, err := c.r(ctx).Within(ui.Role("list", consentLabels.permissions))
	if err != nil {
		return nil, err
	}
	return ui.Texts(list, ui.Role("listitem", ""))
}

// Allow clicks Allow; Zoom then sends the browser to the app's redirect URL.
func (c *ConsentPage) Allow(ctx context.Context) error { return c.leaveWith(ctx, consentLabels.allow) }

// Decline clicks Decline.
func (c *ConsentPage) Decline(ctx context.Context) error {
	return c.leaveWith(ctx, consentLabels.decline)
}

func (c *ConsentPage) leaveWith(ctx context.Context, button string) error {
	if err := c.acceptCookies(ctx); err != nil {
		return err
	}
	before := c.URL()
	r := c.r(ctx)
	if err := r.Click(ui.Role("button", button)); err != nil {
		return err
	}
	return r.WaitUntil("to leave Zoom's consent page", func() (bool, error) {
		now := c.URL() // "" while between documents
		return now != "" && now != before, nil
	})
}
