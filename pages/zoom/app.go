package zoom

import (
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
func OpenApp(d Driver, p *rod.Page, appURL string) (*AppPage, error) {
	sc := d.on(p)
	if err := sc.navigate(appURL); err != nil {
		return nil, err
	}
	a := &AppPage{sc}
	return a, a.waitLoaded()
}

// Name is the app's name as its heading shows it.
func (a *AppPage) Name() (string, error) {
	return a.s.Text(ui.Role("heading", ""))
}

// SelectedTab is the name of the selected tab.
func (a *AppPage) SelectedTab() (string, error) {
	in, err := a.s.Within(ui.Role("tablist", appLabels.tabs))
	if err != nil {
		return "", err
	}
	tabs, err := in.FindAll(ui.Role("tab", ""))
	if err != nil {
		return "", err
	}
	for _, t := range tabs {
		if v, _ := t.Attribute("aria-selected"); v != nil && *v == "true" {
			return t.Text()
		}
	}
	return "", fmt.Errorf("no tab of %q is selected", appLabels.tabs)
}

// OpenTab clicks a tab and waits for its panel.
func (a *AppPage) OpenTab(name string) error {
	in, err := a.s.Within(ui.Role("tablist", appLabels.tabs))
	if err != nil {
		return err
	}
	if err := in.Click(ui.Role("tab", name)); err != nil {
		return err
	}
	return a.waitTab(name)
}

// waitTab waits until the tab is selected and its panel shown.
func (a *AppPage) waitTab(name string) error {
	err := a.s.WaitUntil(fmt.Sprintf("tab %q selected", name), func() (bool, error) {
		on, err := a.tabSelected(name)
		return err == nil && on, nil
	})
	if err != nil {
		return err
	}
	_, err = a.s.Find(ui.Role("tabpanel", name))
	return err
}

// tabSelected reads one tab's aria-selected (no wait); an error when the
// tab is not there at all (the app re-rendering), which is not "unselected".
func (a *AppPage) tabSelected(name string) (bool, error) {
	lists, err := a.s.All(ui.Role("tablist", appLabels.tabs))
	if err != nil || len(lists) == 0 {
		return false, fmt.Errorf("no tablist %q (%v)", appLabels.tabs, err)
	}
	els, err := a.s.WithinElement(lists[0]).All(ui.Role("tab", name))
	if err != nil {
		return false, err
	}
	if len(els) == 0 {
		return false, fmt.Errorf("no tab %q", name)
	}
	v, err := els[0].Attribute("aria-selected")
	return err == nil && v != nil && *v == "true", err
}

// panel scopes locators to the selected tab's panel.
func (a *AppPage) panel(name string) (ui.Scope, error) {
	return a.s.Within(ui.Role("tabpanel", name))
}

// Continue clicks the panel's Continue: the site validates and saves the tab,
// then moves to the next one. It returns the tab it moved to, or the page's
// messages as *FieldError when it stayed.
func (a *AppPage) Continue() (string, error) {
	from, err := a.SelectedTab()
	if err != nil {
		return "", err
	}
	pan, err := a.panel(from)
	if err != nil {
		return "", err
	}
	if err := pan.Click(ui.Role("button", appLabels.continueBtn)); err != nil {
		return "", err
	}
	var moved bool
	var msgs []string
	err = a.s.WaitUntil(fmt.Sprintf("Continue from %q to move on or to show a message", from), func() (bool, error) {
		if still, err := a.tabSelected(from); err == nil && !still {
			moved = true
			return true, nil
		}
		m, err := alerts(a.s)
		msgs = m
		return len(m) > 0, err
	})
	if err != nil {
		return "", err
	}
	if !moved {
		return "", &FieldError{Messages: msgs}
	}
	var to string
	err = a.s.WaitUntil(fmt.Sprintf("a tab selected after %q", from), func() (bool, error) {
		var err error
		to, err = a.SelectedTab()
		return err == nil && to != "", nil
	})
	if err != nil {
		return "", err
	}
	return to, a.waitTab(to)
}

// Reload reloads the page and waits for the app to render from the site's
// data again: what it shows then is what was saved.
func (a *AppPage) Reload() error {
	p := a.Page().Timeout(a.d.Timeout)
	defer p.CancelTimeout()
	if err := p.Reload(); err != nil {
		return err
	}
	if err := p.WaitLoad(); err != nil {
		return err
	}
	return a.waitLoaded()
}

// waitLoaded waits for the app's heading and the selected panel, which the
// single-page app renders once the app's data has arrived.
func (a *AppPage) waitLoaded() error {
	if err := a.acceptCookies(); err != nil {
		return err
	}
	err := a.s.WaitUntil("the app's page to render", func() (bool, error) {
		name, err := a.s.All(ui.Role("heading", ""))
		if err != nil || len(name) == 0 {
			return false, err
		}
		cur, err := a.SelectedTab()
		if err != nil {
			return false, nil
		}
		return a.s.Exists(ui.Role("tabpanel", cur))
	})
	return err
}

// value reads a textbox of a panel.
func (a *AppPage) value(tab, label string) (string, error) {
	pan, err := a.panel(tab)
	if err != nil {
		return "", err
	}
	return pan.Value(ui.Role("textbox", label))
}

// fill types into a textbox of a panel.
func (a *AppPage) fill(tab, label, v string) error {
	pan, err := a.panel(tab)
	if err != nil {
		return err
	}
	return pan.Fill(ui.Role("textbox", label), v)
}
