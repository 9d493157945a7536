package zoom

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

// accountNoAfter finds the number after the label in the page's text,
// digits possibly grouped by spaces or dashes.
func accountNoAfter(label string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(label) + `\s*:?\s*([0-9][0-9 -]*[0-9])`)
}

// OpenProfile opens the web portal's profile page in the tab, as a browser
// that is signed in already (a saved session) starts. signedIn is false when
// Zoom sent the tab to its sign-in page instead: the session is not (or no
// longer) accepted.
func OpenProfile(ctx context.Context, d Driver, p *rod.Page) (profile *ProfilePage, signedIn bool, err error) {
	sc := d.on(p)
	if err := sc.navigate(ctx, strings.TrimRight(d.Site.WebURL, "/")+profileLabels.path); err != nil {
		return nil, false, err
	}
	var landed bool
	err = sc.r(ctx).WaitUntil("the profile page or the sign-in page", func() (bool, error) {
		switch {
		case IsSignInURL(sc.URL()):
			return true, nil
		case isLandingURL(sc.URL()):
			landed = true
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return nil, false, err
	}
	return &ProfilePage{sc}, landed, nil
}

// AccountNumber reads the Account No. the profile page shows, as digits.
func (p *ProfilePage) AccountNumber(ctx context.Context) (string, error) {
	r := p.r(ctx)
	var no, seen string
	label := p.words(ctx).accountNo
	after := accountNoAfter(label)
	err := r.WaitUntil(fmt.Sprintf("%q on the profile page", label), func() (bool, error) {
		text, err := r.Text(ui.CSS("body"))
		if err != nil {
			return false, err
		}
		seen = text
		if m := after.FindStringSubmatch(text); m != nil {
			no = strings.NewReplacer(" ", "", "-", "").Replace(m[1])
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return "", fmt.Errorf("no %q on the profile page (it shows %q): %w", label, clip(seen, 200), err)
	}
	return no, nil
}

// clip shortens s for a message.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// isLandingURL says whether an address is a page Zoom lands on after sign-in
// (any host: the live site may move to a regional one).
func isLandingURL(addr string) bool {
	u, err := url.Parse(addr)
	return err == nil && slices.Contains(signInLabels.landing, u.Path)
}
