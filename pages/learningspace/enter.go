package learningspace

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

// Enter opens LearningSpace in the tab and logs in unless the browser is
// logged in already (LearningSpace then sends the Log In page on to the
// dashboard): for clean-up after a walk that may or may not have logged in.
func Enter(ctx context.Context, d Driver, p *rod.Page, user, password string) (*Dashboard, error) {
	sc := d.on(p)
	pp := p.Context(ctx)
	err := pp.Navigate(strings.TrimRight(d.URL, "/") + "/login")
	if err == nil {
		err = ui.WaitLoad(pp)
	}
	if err != nil {
		return nil, fmt.Errorf("open LearningSpace: %w", err)
	}
	if u, err := url.Parse(sc.url()); err == nil && u.Path != "/login" {
		return &Dashboard{sc}, nil
	}
	return LogIn(ctx, d, p, user, password)
}
