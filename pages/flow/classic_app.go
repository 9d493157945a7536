package flow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lszoom/internal/guide"
	"lszoom/pages/ui"
	"lszoom/pages/zoom"
)

// Steps 11–18 of the classic flow: the app's tabs, its scopes, Activation
// and Created Apps.

// continueTo clicks Continue and expects the named tab.
func continueTo(ctx context.Context, a appAt, s guide.Step, tab string) error {
	to, err := a.page.Continue(ctx)
	if err != nil {
		return guide.Wrap(s, fmt.Sprintf("Continue to move to %s", tab), err)
	}
	if to != tab {
		return guide.Fail(s, fmt.Sprintf("Continue to move to %s", tab), fmt.Sprintf("tab %q", to))
	}
	return nil
}

// toInformation saves App Credentials with Continue (step 11); step 12
// reads the saved values back.
func (g setupSteps) toInformation(ctx context.Context, a appAt) error {
	return continueTo(ctx, a, guide.Information, zoom.TabInformation)
}

func (g setupSteps) descriptions(ctx context.Context, a appAt) error {
	return a.page.SetDescriptions(ctx, g.App.ShortDescription, g.App.LongDescription)
}

func (g setupSteps) companyName(ctx context.Context, a appAt) error {
	return a.page.SetCompanyName(ctx, g.App.CompanyName)
}

func (g setupSteps) developerContact(ctx context.Context, a appAt) error {
	return a.page.SetDeveloperContact(ctx, g.App.DeveloperName, g.App.DeveloperEmail)
}

// toScopes saves Information with Continue (step 12), then proves that
// steps 10.2–11.3 were saved: it reloads the app (one reload for both tabs)
// and reads them back. A value that did not stick fails as the guide step
// that typed it.
func (g setupSteps) toScopes(ctx context.Context, a appAt) error {
	if err := continueTo(ctx, a, guide.Scopes, zoom.TabScopes); err != nil {
		return err
	}
	if err := a.page.Reload(ctx); err != nil {
		return err
	}
	if err := g.credentialsSaved(ctx, a); err != nil {
		return err
	}
	if err := g.informationSaved(ctx, a); err != nil {
		return err
	}
	return a.page.OpenTab(ctx, zoom.TabScopes)
}

func (g setupSteps) credentialsSaved(ctx context.Context, a appAt) error {
	if err := a.page.OpenTab(ctx, zoom.TabCredentials); err != nil {
		return err
	}
	return g.oauthSaved(ctx, a.page, "after a reload")
}

// oauthPage is where an app's redirect URL and allow list show.
type oauthPage interface {
	RedirectURL(ctx context.Context) (string, error)
	AllowList(ctx context.Context) ([]string, error)
}

// oauthSaved reads back steps 10.2 and 10.3 ("after a reload": when).
func (g setupSteps) oauthSaved(ctx context.Context, p oauthPage, when string) error {
	got, err := p.RedirectURL(ctx)
	if err != nil {
		return err
	}
	if got != g.RedirectURL {
		return guide.Fail(g.step(guide.RedirectURL.Number), fmt.Sprintf("%q %s", g.RedirectURL, when), fmt.Sprintf("%q", got))
	}
	list, err := p.AllowList(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(list, g.AllowURL) {
		return guide.Fail(g.step(guide.AllowList.Number), fmt.Sprintf("%q on the allow list %s", g.AllowURL, when), fmt.Sprintf("%q", list))
	}
	return nil
}

func (g setupSteps) informationSaved(ctx context.Context, a appAt) error {
	if err := a.page.OpenTab(ctx, zoom.TabInformation); err != nil {
		return err
	}
	got, err := a.page.Information(ctx)
	if err != nil {
		return err
	}
	app := g.App
	for _, f := range []struct {
		s         guide.Step
		field     string
		want, got string
	}{
		{guide.Descriptions, "Short description", app.ShortDescription, got.ShortDescription},
		{guide.Descriptions, "Long description", app.LongDescription, got.LongDescription},
		{guide.CompanyName, "Company Name", app.CompanyName, got.CompanyName},
		{guide.DeveloperContact, "developer Name", app.DeveloperName, got.DeveloperName},
		{guide.DeveloperContact, "developer Email", app.DeveloperEmail, got.DeveloperEmail},
	} {
		if f.got != f.want {
			return guide.Fail(f.s, fmt.Sprintf("%s %q after a reload", f.field, f.want), fmt.Sprintf("%q", f.got))
		}
	}
	return nil
}

func (g setupSteps) addScopes(ctx context.Context, a appAt) (picking, error) {
	d, err := a.page.OpenAddScopes(ctx)
	if err != nil {
		return picking{}, err
	}
	return picking{app: a.page, dialog: d, ticked: map[string][]string{}}, nil
}

// tick is one of steps 13.1–13.3: it ticks the app's boxes of that step in
// their category and hands on what is ticked there.
func (g setupSteps) tick(s guide.Step) func(context.Context, picking) (picking, error) {
	return func(ctx context.Context, p picking) (picking, error) {
		want := g.boxes.OfStep(s.Number)
		if len(want) == 0 {
			return p, nil // this app leaves the category out
		}
		category := want[0].Category
		if err := p.dialog.SelectCategory(ctx, category); err != nil {
			return p, err
		}
		for _, sc := range want {
			ok, err := p.dialog.HasBox(ctx, sc.Description)
			if err != nil {
				return p, err
			}
			if !ok {
				boxes, _ := p.dialog.Boxes(ctx)
				f := guide.Fail(s, fmt.Sprintf("a %q box (%s) in %s", sc.Description, sc.Name, category),
					fmt.Sprintf("boxes %q", boxNames(boxes)))
				f.Err = ui.Absent("checkbox", sc.Description, fmt.Sprintf("tabpanel %q", category), boxNames(boxes))
				return p, f
			}
			if err := p.dialog.Tick(ctx, sc.Description); err != nil {
				return p, err
			}
		}
		boxes, err := p.dialog.Boxes(ctx)
		if err != nil {
			return p, err
		}
		ticked := map[string][]string{}
		for k, v := range p.ticked {
			ticked[k] = v
		}
		ticked[category] = nil
		for _, b := range boxes {
			if b.Checked {
				ticked[category] = append(ticked[category], b.Description)
			}
		}
		p.ticked = ticked
		return p, nil
	}
}

func boxNames(bs []zoom.Box) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Description)
	}
	return out
}

// scopeCount checks the pop-up's count (step 14) and that the boxes ticked
// are exactly the app's scopes. With both, no box of another category can
// be ticked, without opening each one.
func (g setupSteps) scopeCount(ctx context.Context, p picking) error {
	want := len(g.boxes)
	n, err := p.dialog.SelectedCount(ctx)
	if err != nil {
		return err
	}
	if n != want {
		txt, _ := p.dialog.CountText(ctx)
		return guide.Fail(guide.ScopeCount, fmt.Sprintf("a count of %d at the pop-up's top right", want), fmt.Sprintf("%q", txt))
	}
	var ticked []string
	for _, boxes := range p.ticked {
		ticked = append(ticked, boxes...)
	}
	slices.Sort(ticked)
	if expected := g.boxes.Descriptions(); !slices.Equal(ticked, expected) {
		return guide.Fail(guide.ScopeCount, fmt.Sprintf("exactly the boxes %q ticked", expected), fmt.Sprintf("%q", ticked))
	}
	return nil
}

// done saves the pop-up (step 15) and checks the Scopes tab lists exactly
// the app's scopes, by name and description.
func (g setupSteps) done(ctx context.Context, p picking) error {
	if err := p.dialog.Done(ctx); err != nil {
		return err
	}
	var listed []string
	err := p.app.WaitFor(ctx, "the Scopes tab to list the saved scopes", func() (bool, error) {
		got, err := p.app.AddedScopes(ctx)
		if err != nil {
			return false, err
		}
		listed = listed[:0]
		for _, s := range got {
			listed = append(listed, s.Name+" ("+s.Description+")")
		}
		return len(got) > 0, nil
	})
	if err != nil {
		return err
	}
	var expected []string
	for _, s := range g.boxes {
		expected = append(expected, s.Name+" ("+s.Description+")")
	}
	if !sameSet(listed, expected) {
		slices.Sort(listed)
		slices.Sort(expected)
		return guide.Fail(guide.Done, fmt.Sprintf("the Scopes tab to list %q", expected), fmt.Sprintf("%q", listed))
	}
	return g.verifyRecord(ctx, guide.Done, "after Done")
}

func (g setupSteps) toActivation(ctx context.Context, a appAt) error {
	return continueTo(ctx, a, guide.Activation, zoom.TabActivation)
}

// addEnabled checks Activation's Add is active (step 17); it never clicks it.
func (g setupSteps) addEnabled(ctx context.Context, a appAt) error {
	on, err := a.page.AddEnabled(ctx)
	if err != nil {
		return err
	}
	if !on {
		missing, _ := a.page.MissingRequirements(ctx)
		found := "Add disabled"
		if len(missing) > 0 {
			found += "; missing: " + strings.Join(missing, "; ")
		}
		return guide.Fail(guide.AddEnabled, "the Add button active", found)
	}
	return nil
}

func (g setupSteps) createdApps(ctx context.Context, mp *zoom.MarketplacePage) error {
	m, err := mp.Manage(ctx)
	if err != nil {
		return err
	}
	if err := m.WaitForApp(ctx, g.App.Name); err != nil {
		return guide.Wrap(guide.CreatedApps, fmt.Sprintf("%q under Created Apps", g.App.Name), err)
	}
	sel, err := m.CreatedTabSelected(ctx)
	if err != nil {
		return err
	}
	if !sel {
		return guide.Fail(guide.CreatedApps, "the Created Apps tab selected", "another tab")
	}
	return g.verifyRecord(ctx, guide.CreatedApps, "after step 18")
}
