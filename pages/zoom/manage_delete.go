package zoom

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

// ErrSignedOut: the Marketplace sent the tab to Zoom's sign-in page.
var ErrSignedOut = errors.New("zoom: the Marketplace sent the browser to sign in")

// CreatedApp is one row of Created Apps.
type CreatedApp struct {
	Name    string
	Created string // as the table shows it ("Nov 27, 2026")
	// ID is the app's ID, from the address its name links to ("" if the
	// row links nowhere): what Zoom's Marketplace API deletes it by.
	ID string
}

// OpenCreatedApps opens Manage → Created Apps by its address, in a tab
// signed in already; ErrSignedOut if Zoom asks to sign in instead.
func OpenCreatedApps(ctx context.Context, d Driver, p *rod.Page) (*ManagePage, error) {
	sc := d.on(p)
	if err := sc.navigate(ctx, strings.TrimRight(d.Site.MarketplaceURL, "/")+manageLabels.createdPath); err != nil {
		return nil, err
	}
	m := &ManagePage{sc}
	r := sc.r(ctx)
	table := ui.Role("table", manageLabels.createdApps)
	err := r.WaitUntil("Created Apps or the sign-in page", func() (bool, error) {
		if IsSignInURL(sc.URL()) {
			return true, nil
		}
		return r.Exists(table)
	})
	if err != nil {
		return nil, err
	}
	if IsSignInURL(sc.URL()) {
		return nil, ErrSignedOut
	}
	return m, m.waitReady(ctx)
}

// CreatedApps reads the Created Apps table: each app's name and date.
func (m *ManagePage) CreatedApps(ctx context.Context) ([]CreatedApp, error) {
	table, err := m.r(ctx).Within(ui.Role("table", manageLabels.createdApps))
	if err != nil {
		return nil, err
	}
	heads, err := ui.Names(table, "columnheader")
	if err != nil {
		return nil, err
	}
	name, created := slices.Index(heads, manageLabels.colName), slices.Index(heads, manageLabels.colCreated)
	if name < 0 || created < 0 {
		return nil, fmt.Errorf("the %s table has no %q or %q column (columns: %q)", manageLabels.createdApps,
			manageLabels.colName, manageLabels.colCreated, heads)
	}
	rows, err := table.All(ui.Role("row", ""))
	if err != nil {
		return nil, err
	}
	var out []CreatedApp
	for _, row := range rows {
		cells, err := ui.Texts(table.WithinElement(row), ui.Role("cell", ""))
		if err != nil {
			return nil, err
		}
		if len(cells) <= max(name, created) {
			continue // the header row
		}
		app := CreatedApp{Name: cells[name], Created: cells[created]}
		links, err := table.WithinElement(row).All(ui.Role("link", app.Name))
		if err != nil {
			return nil, err
		}
		if len(links) == 1 {
			href, err := ui.Attr(links[0], "href")
			if err != nil {
				return nil, err
			}
			app.ID = AppIDFromURL(href)
		}
		out = append(out, app)
	}
	return out, nil
}

// DeleteApp deletes an app from its row: the row's menu, Delete, then the
// dialog's Delete. It returns once the table no longer lists the app. A
// confirmation the site failed to save is pressed again, as a person would.
func (m *ManagePage) DeleteApp(ctx context.Context, name string) error {
	r := m.r(ctx)
	table, err := r.Within(ui.Role("table", manageLabels.createdApps))
	if err != nil {
		return err
	}
	menuBtn := ui.Role("button", fmt.Sprintf(manageLabels.rowMenu, name))
	item := ui.Role("menuitem", manageLabels.deleteItem)
	err = r.Ensure("the menu of "+name+" to open", expandPatience,
		func() error { return table.Click(menuBtn) },
		func() (bool, error) { return r.Exists(item) })
	if err != nil {
		return err
	}
	if err := r.Click(item); err != nil {
		return err
	}
	dlg, err := r.Within(ui.Role("dialog", manageLabels.dialog))
	if err != nil {
		return err
	}
	gone := func() (bool, error) {
		if open, err := r.Exists(ui.Role("dialog", manageLabels.dialog)); err != nil || open {
			return false, err
		}
		names, err := m.AppNames(ctx)
		return err == nil && !slices.Contains(names, name), err
	}
	err = save(r, dlg, fmt.Sprintf("%q to leave %s", name, manageLabels.createdApps),
		func() error { return dlg.Click(ui.Role("button", manageLabels.confirm)) }, gone)
	if err != nil {
		return fmt.Errorf("delete %q from %s: %w", name, manageLabels.createdApps, err)
	}
	return nil
}
