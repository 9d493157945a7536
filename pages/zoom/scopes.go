package zoom

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"lszoom/pages/ui"
)

var scopesLabels = struct {
	added, addScopes, dialog, search, categories, done, cancel string
}{
	added:      "Added scopes",
	addScopes:  "Add Scopes",
	dialog:     "Add scopes",
	search:     "Search by scope name or description",
	categories: "Scope categories",
	done:       "Done",
	cancel:     "Cancel",
}

// AddedScope is one line of the Scopes tab: the description and the scope.
type AddedScope struct {
	Description string
	Name        string
}

// AddedScopes reads the Scopes tab's list (what step 15 saved). Each line
// shows the description, then the scope name (which has no spaces).
func (a *AppPage) AddedScopes(ctx context.Context) ([]AddedScope, error) {
	pan, err := a.panel(ctx, appLabels.tabScopes)
	if err != nil {
		return nil, err
	}
	return addedScopes(pan)
}

// addedScopes reads a list "Added scopes" of the region (the classic Scopes
// tab, the General App's Scopes section).
func addedScopes(r ui.Region) ([]AddedScope, error) {
	list, err := r.Within(ui.Role("list", scopesLabels.added))
	if err != nil {
		return nil, err
	}
	items, err := ui.Texts(list, ui.Role("listitem", ""))
	if err != nil {
		return nil, err
	}
	var out []AddedScope
	for _, txt := range items {
		f := strings.Fields(txt)
		if len(f) < 2 {
			continue
		}
		out = append(out, AddedScope{Description: strings.Join(f[:len(f)-1], " "), Name: f[len(f)-1]})
	}
	return out, nil
}

// OpenAddScopes clicks Add Scopes (guide step 13) and returns the pop-up once
// its categories have loaded.
func (a *AppPage) OpenAddScopes(ctx context.Context) (*ScopesDialog, error) {
	r := a.r(ctx)
	pan, err := a.panel(ctx, appLabels.tabScopes)
	if err != nil {
		return nil, err
	}
	dlg := ui.Role("dialog", scopesLabels.dialog)
	err = r.Ensure("the Add scopes pop-up to open", expandPatience,
		func() error { return pan.Click(ui.Role("button", scopesLabels.addScopes)) },
		func() (bool, error) { return r.Exists(dlg) })
	if err != nil {
		return nil, err
	}
	d := &ScopesDialog{sc: a.screen, tabs: scopesLabels.categories, search: scopesLabels.search}
	in, err := d.in(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := in.Find(ui.Role("tablist", d.tabs)); err != nil {
		return nil, err
	}
	return d, nil
}

// ScopesDialog is the Add Scopes pop-up: categories (the classic flow) or
// products (the General App) as tabs, boxes named by their description,
// and a count.
type ScopesDialog struct {
	sc           screen
	tabs, search string // the tablist's and the searchbox's names
}

// in is the pop-up as a region.
func (d *ScopesDialog) in(ctx context.Context) (ui.Region, error) {
	return d.sc.r(ctx).Within(ui.Role("dialog", scopesLabels.dialog))
}

// SelectCategory shows a category's boxes (e.g. "Meeting", step 13.1).
// Selecting a tab is idempotent: a click the page ignored is made again.
func (d *ScopesDialog) SelectCategory(ctx context.Context, name string) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	tl, err := in.Within(ui.Role("tablist", d.tabs))
	if err != nil {
		return err
	}
	tab := ui.Role("tab", name)
	return tl.Ensure(fmt.Sprintf("category %q selected", name), expandPatience,
		func() error { return tl.Click(tab) },
		func() (bool, error) {
			el, err := tl.Find(tab)
			if err != nil {
				return false, err
			}
			v, err := ui.Attr(el, "aria-selected")
			return v == "true", err
		})
}

// Box is a scope checkbox: its description (the accessible name) and state.
type Box struct {
	Description string
	Checked     bool
}

// Boxes lists the checkboxes shown now (the selected category, or the
// matches of a search).
func (d *ScopesDialog) Boxes(ctx context.Context) ([]Box, error) {
	in, err := d.in(ctx)
	if err != nil {
		return nil, err
	}
	els, err := in.All(ui.Role("checkbox", ""))
	if err != nil {
		return nil, err
	}
	names, err := ui.Names(in, "checkbox")
	if err != nil {
		return nil, err
	}
	if len(names) != len(els) {
		return nil, fmt.Errorf("checkboxes changed while reading them")
	}
	out := make([]Box, len(els))
	for i, el := range els {
		on, err := ui.Checked(el)
		if err != nil {
			return nil, err
		}
		out[i] = Box{Description: names[i], Checked: on}
	}
	return out, nil
}

// HasBox says whether a box with that description is shown now (no wait:
// call it once the category is selected).
func (d *ScopesDialog) HasBox(ctx context.Context, description string) (bool, error) {
	in, err := d.in(ctx)
	if err != nil {
		return false, err
	}
	return in.Exists(ui.Role("checkbox", description))
}

// Tick ticks the box with that description and waits until it shows ticked.
// A box toggles: it is clicked once, never again blindly.
func (d *ScopesDialog) Tick(ctx context.Context, description string) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	q := ui.Role("checkbox", description)
	if on, err := checked(in, q); err != nil || on {
		return err
	}
	if err := in.Click(q); err != nil {
		return err
	}
	return in.WaitUntil(q.String()+" ticked", func() (bool, error) {
		return checked(in, q)
	})
}

// Search types into the pop-up's search box.
func (d *ScopesDialog) Search(ctx context.Context, text string) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	return in.Fill(ui.Role("searchbox", d.search), text)
}

// CountText is the count at the pop-up's top right, as shown ("7 scopes added").
func (d *ScopesDialog) CountText(ctx context.Context) (string, error) {
	in, err := d.in(ctx)
	if err != nil {
		return "", err
	}
	return in.Text(ui.Role("status", ""))
}

// SelectedCount reads the number in the pop-up's count (guide step 14).
func (d *ScopesDialog) SelectedCount(ctx context.Context) (int, error) {
	txt, err := d.CountText(ctx)
	if err != nil {
		return 0, err
	}
	f := strings.Fields(txt)
	if len(f) == 0 {
		return 0, fmt.Errorf("the scope count is empty")
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return 0, fmt.Errorf("the scope count %q does not start with a number", txt)
	}
	return n, nil
}

// Done clicks Done (guide step 15) and waits until the pop-up has saved and
// closed.
// A save the site failed (it says so) is pressed again; nothing else is.
func (d *ScopesDialog) Done(ctx context.Context) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	r := d.sc.r(ctx)
	return save(r, in, "the Add scopes pop-up to save and close",
		func() error { return in.Click(ui.Role("button", scopesLabels.done)) },
		func() (bool, error) {
			open, err := r.Exists(ui.Role("dialog", scopesLabels.dialog))
			return err == nil && !open, err
		})
}
