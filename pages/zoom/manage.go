package zoom

import (
	"fmt"

	"lszoom/pages/ui"
)

var manageLabels = struct{ heading, createdApps string }{
	heading:     "Manage",
	createdApps: "Created Apps",
}

// ManagePage is Manage → Created Apps (guide step 18).
type ManagePage struct{ screen }

func (m *ManagePage) waitReady() error {
	if _, err := m.s.Find(ui.Role("heading", manageLabels.heading)); err != nil {
		return err
	}
	_, err := m.s.Find(ui.Role("table", manageLabels.createdApps))
	return err
}

// CreatedTabSelected says whether the Created Apps tab is the selected one.
func (m *ManagePage) CreatedTabSelected() (bool, error) {
	el, err := m.s.Find(ui.Role("tab", manageLabels.createdApps))
	if err != nil {
		return false, err
	}
	v, err := el.Attribute("aria-selected")
	return err == nil && v != nil && *v == "true", err
}

// WaitForApp waits until the Created Apps table lists the app (its name is
// a link to the app); on timeout the error lists the apps that were there.
func (m *ManagePage) WaitForApp(name string) error {
	table, err := m.s.Within(ui.Role("table", manageLabels.createdApps))
	if err != nil {
		return err
	}
	if _, err := table.Find(ui.Role("link", name)); err != nil {
		names, _ := ui.Names(table, "link")
		return fmt.Errorf("app %q not listed under %s (listed: %q): %w", name, manageLabels.createdApps, names, err)
	}
	return nil
}

// AppNames lists the apps the Created Apps table shows now.
func (m *ManagePage) AppNames() ([]string, error) {
	table, err := m.s.Within(ui.Role("table", manageLabels.createdApps))
	if err != nil {
		return nil, err
	}
	return ui.Names(table, "link")
}
