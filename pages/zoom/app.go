package zoom

import (
	"context"
	"fmt"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

var appLabels = struct {
	tabs                                                                 string
	tabCredentials, tabInformation, tabFeature, tabScopes, tabActivation string
	continueBtn                                                          string
}{
	tabs:           "App settings",
	tabCredentials: "App Credentials",
	tabInformation: "Information",
	tabFeature:     "Feature",
	tabScopes:      "Scopes",
	tabActivation:  "Activation",
	continueBtn:    "Continue",
}

// The app's tabs, for callers that open one or expect Continue to reach it.
var (
	TabCredentials = appLabels.tabCredentials
	TabInformation = appLabels.tabInformation
	TabScopes      = appLabels.tabScopes
	TabActivation  = appLabels.tabActivation
)

// AppPage is an app's settings in the Marketplace: a heading with its name,
// the tabs App Credentials, Information, Feature, Scopes, Activation, and the
// selected tab's panel. The tab-specific reads and actions are in
// credentials.go, information.go, scopes.go and activation.go.
type AppPage struct{ screen }

// OpenApp opens an app's page by its Marketplace address (after a reload or
// in a new tab).
func OpenApp(ctx context.Context, d Driver, p *rod.Page, appURL string) (*AppPage, error) {
	sc := d.on(p)
	if err := sc.navigate(ctx, appURL); err != nil {
		return nil, err
	}
	a := &AppPage{sc}
	return a, a.waitLoaded(ctx)
}

// Name is the app's name as its heading shows it.
func (a *AppPage) Name(ctx context.Context) (string, error) {
	return a.r(ctx).Text(ui.Role("heading", "").First())
}

// SelectedTab is the name of the selected tab.
func (a *AppPage) SelectedTab(ctx context.Context) (string, error) {
	in, err := a.r(ctx).Within(ui.Role("tablist", appLabels.tabs))
	if err != nil {
		return "", err
	}
	tabs, err := in.FindAll(ui.Role("tab", ""))
	if err != nil {
		return "", err
	}
	for _, t := range tabs {
		if v, _ := ui.Attr(t, "aria-selected"); v == "true" {
			return ui.TextOf(t.Context(ctx))
		}
	}
	return "", fmt.Errorf("no tab of %q is selected", appLabels.tabs)
}

// OpenTab selects a tab and waits for its panel. Selecting a tab is
// idempotent: a click the page ignored is made again.
func (a *AppPage) OpenTab(ctx context.Context, name string) error {
	r := a.r(ctx)
	in, err := r.Within(ui.Role("tablist", appLabels.tabs))
	if err != nil {
		return err
	}
	err = r.Ensure(fmt.Sprintf("tab %q selected", name), expandPatience,
		func() error { return in.Click(ui.Role("tab", name)) },
		func() (bool, error) {
			on, err := a.tabSelected(r, name)
			return err == nil && on, nil
		})
	if err != nil {
		return err
	}
	return a.waitTab(ctx, name)
}

// waitTab waits until the tab is selected and its panel shown.
func (a *AppPage) waitTab(ctx context.Context, name string) error {
	r := a.r(ctx)
	err := r.WaitUntil(fmt.Sprintf("tab %q selected", name), func() (bool, error) {
		on, err := a.tabSelected(r, name)
		return err == nil && on, nil
	})
	if err != nil {
		return err
	}
	_, err = r.Find(ui.Role("tabpanel", name))
	return err
}

// tabSelected reads one tab's aria-selected (no wait); an error when the
// tab is not there at all (the app re-rendering), which is not "unselected".
func (a *AppPage) tabSelected(r ui.Region, name string) (bool, error) {
	lists, err := r.All(ui.Role("tablist", appLabels.tabs))
	if err != nil || len(lists) != 1 {
		return false, fmt.Errorf("want one tablist %q, found %d (%v)", appLabels.tabs, len(lists), err)
	}
	els, err := r.WithinElement(lists[0]).All(ui.Role("tab", name))
	if err != nil {
		return false, err
	}
	if len(els) != 1 {
		return false, fmt.Errorf("want one tab %q, found %d", name, len(els))
	}
	v, err := ui.Attr(els[0], "aria-selected")
	return v == "true", err
}

// panel is the selected tab's panel, as a region.
func (a *AppPage) panel(ctx context.Context, name string) (ui.Region, error) {
	return a.r(ctx).Within(ui.Role("tabpanel", name))
}

// Continue clicks the panel's Continue: the site validates and saves the tab,
// then moves to the next one. It returns the tab it moved to, or the page's
// messages as *FieldError when it stayed. A save the site failed (it says
// so) is pressed again; nothing else is.
func (a *AppPage) Continue(ctx context.Context) (string, error) {
	r := a.r(ctx)
	from, err := a.SelectedTab(ctx)
	if err != nil {
		return "", err
	}
	pan, err := a.panel(ctx, from)
	if err != nil {
		return "", err
	}
	err = save(r, r, fmt.Sprintf("Continue from %q to move on", from),
		func() error { return pan.Click(ui.Role("button", appLabels.continueBtn)) },
		func() (bool, error) {
			still, err := a.tabSelected(r, from)
			return err == nil && !still, nil
		})
	if err != nil {
		return "", err
	}
	var to string
	err = r.WaitUntil(fmt.Sprintf("a tab selected after %q", from), func() (bool, error) {
		var err error
		to, err = a.SelectedTab(ctx)
		return err == nil && to != "", nil
	})
	if err != nil {
		return "", err
	}
	return to, a.waitTab(ctx, to)
}

// Reload reloads the page and waits for the app to render from the site's
// data again: what it shows then is what was saved.
func (a *AppPage) Reload(ctx context.Context) error {
	p := a.Page().Context(ctx)
	if err := p.Reload(); err != nil {
		return err
	}
	if err := ui.WaitLoad(p); err != nil {
		return err
	}
	return a.waitLoaded(ctx)
}

// waitLoaded waits for the app's heading and the selected panel, which the
// single-page app renders once the app's data has arrived.
func (a *AppPage) waitLoaded(ctx context.Context) error {
	if err := a.acceptCookies(ctx); err != nil {
		return err
	}
	r := a.r(ctx)
	return r.WaitUntil("the app's page to render", func() (bool, error) {
		name, err := r.All(ui.Role("heading", ""))
		if err != nil || len(name) == 0 {
			return false, err
		}
		cur, err := a.SelectedTab(ctx)
		if err != nil {
			return false, nil
		}
		return r.Exists(ui.Role("tabpanel", cur))
	})
}

// value reads a textbox of a panel.
func (a *AppPage) value(ctx context.Context, tab, label string) (string, error) {
	pan, err := a.panel(ctx, tab)
	if err != nil {
		return "", err
	}
	return pan.Value(ui.Role("textbox", label))
}

// fill types into a textbox of a panel.
func (a *AppPage) fill(ctx context.Context, tab, label, v string) error {
	pan, err := a.panel(ctx, tab)
	if err != nil {
		return err
	}
	return pan.Fill(ui.Role("textbox", label), v)
}
