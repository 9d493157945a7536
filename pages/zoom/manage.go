package zoom

import (
	"context"
	"fmt"

	"lszoom/pages/ui"
)

// The labels of Manage → Created Apps. The delete ones (the row's menu, its
// item, the confirmation dialog) and the columns are the stand-in's wording:
// a first run against the live Marketplace must confirm them (README,
// "Nightly against a real Zoom account").
var manageLabels = struct {
	heading, createdApps, createdPath, colName, colCreated, rowMenu, deleteItem, dialog, confirm string
}{
	heading:     "Manage",
	createdApps: "Created Apps",
	createdPath: "/user/build", // under the Marketplace URL
	colName:     "App name",
	colCreated:  "Created",
	rowMenu:     "More actions for %s",
	deleteItem:  "Delete",
	dialog:      "Delete app",
	confirm:     "Delete",
}

// ManagePage is Manage → Created Apps (guide step 18).
type ManagePage struct{ screen }

func (m *ManagePage) waitReady(ctx context.Context) error {
	r := m.r(ctx)
	if _, err := r.Find(ui.Role("heading", manageLabels.heading)); err != nil {
		return err
	}
	_, err := r.Find(ui.Role("table", manageLabels.createdApps))
	return err
}

// CreatedTabSelected says whether the Created Apps tab is the selected one.
func (m *ManagePage) CreatedTabSelected(ctx context.Context) (bool, error) {
	el, err := m.r(ctx).Find(ui.Role("tab", manageLabels.createdApps))
	if err != nil {
		return false, err
	}
	v, err := ui.Attr(el, "aria-selected")
	return v == "true", err
}

// WaitForApp waits until the Created Apps table lists the app (its name is
// a link to the app); on timeout the error lists the apps that were there.
func (m *ManagePage) WaitForApp(ctx context.Context, name string) error {
	table, err := m.r(ctx).Within(ui.Role("table", manageLabels.createdApps))
	if err != nil {
		return err
	}
	if _, err := table.Find(ui.Role("link", name)); err != nil {
		// The error lists the links that were there.
		return fmt.Errorf("app %q not listed under %s: %w", name, manageLabels.createdApps, err)
	}
	return nil
}

// AppNames lists the apps the Created Apps table shows now.
func (m *ManagePage) AppNames(ctx context.Context) ([]string, error) {
	table, err := m.r(ctx).Within(ui.Role("table", manageLabels.createdApps))
	if err != nil {
		return nil, err
	}
	return ui.Names(table, "link")
}
