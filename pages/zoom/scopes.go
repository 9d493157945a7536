package zoom

import (
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
func (a *AppPage) AddedScopes() ([]AddedScope, error) {
	pan, err := a.panel(appLabels.tabScopes)
	if err != nil {
		return nil, err
	}
	list, err := pan.Within(ui.Role("list", scopesLabels.added))
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
func (a *AppPage) OpenAddScopes() (*ScopesDialog, error) {
	pan, err := a.panel(appLabels.tabScopes)
	if err != nil {
		return nil, err
	}
	if err := pan.Click(ui.Role("button", scopesLabels.addScopes)); err != nil {
		return nil, err
	}
	in, err := a.s.Within(ui.Role("dialog", scopesLabels.dialog))
	if err != nil {
		return nil, err
	}
	if _, err := in.Find(ui.Role("tablist", scopesLabels.categories)); err != nil {
		return nil, err
	}
	return &ScopesDialog{app: a, in: in}, nil
}

// ScopesDialog is the Add Scopes pop-up: categories, boxes and a count.
type ScopesDialog struct {
	app *AppPage
	in  ui.Scope
}

// Categories lists the pop-up's categories.
func (d *ScopesDialog) Categories() ([]string, error) {
	tl, err := d.in.Within(ui.Role("tablist", scopesLabels.categories))
	if err != nil {
		return nil, err
	}
	return ui.Names(tl, "tab")
}

// SelectCategory shows a category's boxes (e.g. "Meeting", step 13.1).
func (d *ScopesDialog) SelectCategory(name string) error {
	tl, err := d.in.Within(ui.Role("tablist", scopesLabels.categories))
	if err != nil {
		return err
	}
	if err := tl.Click(ui.Role("tab", name)); err != nil {
		return err
	}
	return tl.WaitUntil(fmt.Sprintf("category %q selected", name), func() (bool, error) {
		el, err := tl.Find(ui.Role("tab", name))
		if err != nil {
			return false, err
		}
		v, err := el.Attribute("aria-selected")
		return err == nil && v != nil && *v == "true", err
	})
}

// Box is a scope checkbox: its description (the accessible name) and state.
type Box struct {
	Description string
	Checked     bool
}

// Boxes lists the checkboxes shown now (the selected category, or the
// matches of a search).
func (d *ScopesDialog) Boxes() ([]Box, error) {
	els, err := d.in.All(ui.Role("checkbox", ""))
	if err != nil {
		return nil, err
	}
	names, err := ui.Names(d.in, "checkbox")
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
func (d *ScopesDialog) HasBox(description string) (bool, error) {
	return d.in.Exists(ui.Role("checkbox", description))
}

// Tick ticks the box with that description and waits until it shows ticked.
func (d *ScopesDialog) Tick(description string) error {
	q := ui.Role("checkbox", description)
	el, err := d.in.Find(q)
	if err != nil {
		return err
	}
	if on, err := ui.Checked(el); err != nil || on {
		return err
	}
	if err := d.in.Click(q); err != nil {
		return err
	}
	return d.in.WaitUntil(q.String()+" ticked", func() (bool, error) {
		return ui.Checked(el)
	})
}

// Search types into the pop-up's search box.
func (d *ScopesDialog) Search(text string) error {
	return d.in.Fill(ui.Role("searchbox", scopesLabels.search), text)
}

// CountText is the count at the pop-up's top right, as shown ("7 scopes added").
func (d *ScopesDialog) CountText() (string, error) {
	return d.in.Text(ui.Role("status", ""))
}

// SelectedCount reads the number in the pop-up's count (guide step 14).
func (d *ScopesDialog) SelectedCount() (int, error) {
	txt, err := d.CountText()
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
func (d *ScopesDialog) Done() error {
	if err := d.in.Click(ui.Role("button", scopesLabels.done)); err != nil {
		return err
	}
	var msgs []string
	err := d.app.s.WaitUntil("the Add scopes pop-up to save and close", func() (bool, error) {
		open, err := d.app.s.Exists(ui.Role("dialog", scopesLabels.dialog))
		if err != nil || !open {
			return !open, err
		}
		msgs, err = alerts(d.in)
		return len(msgs) > 0, err
	})
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		return &FieldError{Messages: msgs}
	}
	return nil
}
