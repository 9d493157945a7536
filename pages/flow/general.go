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

// Zoom's current build flow, the General App (docs/procedure.md, section 2).
// Each step names the guide step it stands for, so failures and reports
// still speak the guide's numbers; guide steps with nothing to stand for
// here (9, the Information tab's 11–11.3) are left out.

// generalTitles are the General App flow's titles of the guide steps it
// does otherwise than the guide's classic flow, by guide number.
var generalTitles = map[string]string{
	guide.ChooseOAuth.Number:     "Choose your app type: General app",
	guide.CreateOAuth.Number:     "Create the General app",
	guide.AppName.Number:         "App name, with the pencil",
	guide.UserManaged.Number:     "Basic Information: User-managed",
	guide.PublishOff.Number:      "Not published: the app stays in Development",
	guide.Credentials.Number:     "App Credentials: Development Client ID and Client Secret",
	guide.RedirectURL.Number:     "OAuth Redirect URL",
	guide.AllowList.Number:       "OAuth Allow Lists, then Save",
	guide.Scopes.Number:          "Scopes section",
	guide.MeetingScopes.Number:   "Meetings scopes",
	guide.RecordingScopes.Number: "Recording scopes",
	guide.UserScopes.Number:      "User scopes",
	guide.ScopeCount.Number:      "The app's scopes selected",
	guide.Activation.Number:      "Local Test",
	guide.AddEnabled.Number:      "Nothing missing; Add app now active",
}

// general is guide step s as the General App flow does it: the guide's
// number, this flow's title.
func general(s guide.Step) guide.Step {
	if t, ok := generalTitles[s.Number]; ok {
		s.Title = t
	}
	return s
}

// generalAt is a General App's page once step 7 has created it, and its ID.
type generalAt struct {
	page *zoom.GeneralAppPage
	id   string
}

// General is the General App flow, steps 1–18 as it stands for them.
// Step 5 fails if the Marketplace offers another build flow (Build follows it).
func General(s Setup) (f Flow, results func() Created) {
	r := &run{built: built{flow: guide.FlowGeneral}}
	g := newSteps(s, r).on(guide.FlowGeneral)
	steps := append(prefix(r, g), step(guide.BuildApp, &r.market, &r.kinds, g.buildGeneral))
	return Flow{Name: string(guide.FlowGeneral), Steps: append(steps, generalRest(r, g)...)}, r.results
}

// GeneralForApp is the General App flow's steps 10.1–18 for an app that
// exists (made by an earlier walk, or through a stand-in's API), its page
// open in s.Tab on Basic Information: what a person does who comes back to
// an app they created to go on with its settings. Step 18 starts from the
// Marketplace header of that tab.
func GeneralForApp(s Setup, app *zoom.GeneralAppPage) (f Flow, results func() Created) {
	r := &run{general: generalAt{page: app, id: zoom.AppIDFromURL(app.URL())}, market: zoom.MarketplaceOn(s.Zoom, s.Tab),
		built: built{flow: guide.FlowGeneral}}
	return forApp(guide.FlowGeneral, generalRest(r, newSteps(s, r).on(guide.FlowGeneral))), r.results
}

// generalRest is the General App flow's steps 6–18.
func generalRest(r *run, g setupSteps) []Step {
	return redo([]Step{
		check(general(guide.ChooseOAuth), &r.kinds, g.chooseGeneral),
		step(general(guide.CreateOAuth), &r.kinds, &r.general, g.createGeneral),
		check(general(guide.AppName), &r.general, g.renameGeneral),
		check(general(guide.UserManaged), &r.general, g.userManagedGeneral),
		check(general(guide.PublishOff), &r.general, g.notPublished),
		step(general(guide.Credentials), &r.general, &r.creds, g.credentialsGeneral),
		check(general(guide.RedirectURL), &r.general, g.redirectURLGeneral),
		check(general(guide.AllowList), &r.general, g.allowListGeneral),
		check(general(guide.Scopes), &r.general, g.scopesSection),
		step(guide.AddScopes, &r.general, &r.picking, g.addScopesGeneral),
		step(general(guide.MeetingScopes), &r.picking, &r.picking, g.tick(guide.MeetingScopes)),
		step(general(guide.RecordingScopes), &r.picking, &r.picking, g.tick(guide.RecordingScopes)),
		step(general(guide.UserScopes), &r.picking, &r.picking, g.tick(guide.UserScopes)),
		check(general(guide.ScopeCount), &r.picking, g.scopeCount),
		check(guide.Done, &r.picking, g.done),
		check(general(guide.Activation), &r.general, g.localTest),
		check(general(guide.AddEnabled), &r.general, g.addNowEnabled),
		check(guide.CreatedApps, &r.market, g.createdApps),
	}, map[string]string{
		// Basic Information keeps nothing until its Save (in 10.3), the
		// management chosen at 8.2 included; the Add Scopes pop-up nothing
		// until Done.
		"8.3": "8.2", "10.1": "8.2", "10.2": "8.2", "10.3": "8.2",
		"13.1": "13", "13.2": "13", "13.3": "13", "14": "13", "15": "13",
	})
}

func (g setupSteps) buildGeneral(ctx context.Context, mp *zoom.MarketplacePage) (*zoom.AppKindDialog, error) {
	flow, _, kinds, err := mp.BuildAppAny(ctx)
	if err != nil {
		return nil, err
	}
	if flow != guide.FlowGeneral {
		return nil, guide.Fail(guide.BuildApp, "the General App flow's dialog of app kinds", fmt.Sprintf("the %s flow", flow))
	}
	return kinds, nil
}

// chooseGeneral stands for step 6 (choose your app type): General app.
func (g setupSteps) chooseGeneral(ctx context.Context, d *zoom.AppKindDialog) error {
	kinds, err := d.Kinds(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(kinds, zoom.GeneralAppKind) {
		f := guide.Fail(guide.ChooseOAuth, fmt.Sprintf("a %q kind", zoom.GeneralAppKind), fmt.Sprintf("kinds %q", kinds))
		f.Err = ui.Absent("radio", zoom.GeneralAppKind, "", kinds)
		return f
	}
	return d.ChooseGeneralApp(ctx)
}

// createGeneral stands for step 7: Create, then the app's page with the
// name Zoom generated.
func (g setupSteps) createGeneral(ctx context.Context, d *zoom.AppKindDialog) (generalAt, error) {
	p, err := d.Create(ctx)
	if err != nil {
		return generalAt{}, err
	}
	name, err := p.Name(ctx)
	if err != nil {
		return generalAt{}, err
	}
	g.Hooks.logf("step 7: Zoom named the new app %q", name)
	return generalAt{page: p, id: zoom.AppIDFromURL(p.URL())}, nil
}

// renameGeneral stands for step 8.1: the pencil renames the app.
func (g setupSteps) renameGeneral(ctx context.Context, a generalAt) error {
	if err := a.page.Rename(ctx, g.App.Name); err != nil {
		return err
	}
	name, err := a.page.Name(ctx)
	if err != nil {
		return err
	}
	if name != g.App.Name {
		return guide.Fail(guide.AppName, fmt.Sprintf("the app named %q", g.App.Name), fmt.Sprintf("%q", name))
	}
	return nil
}

// userManagedGeneral stands for step 8.2: Basic Information, User-managed.
func (g setupSteps) userManagedGeneral(ctx context.Context, a generalAt) error {
	if err := a.page.SelectUserManaged(ctx); err != nil {
		return err
	}
	on, err := a.page.UserManaged(ctx)
	if err != nil {
		return err
	}
	if !on {
		return guide.Fail(guide.UserManaged, "User-managed selected", "Admin-managed")
	}
	return nil
}

// notPublished stands for step 8.3: nothing is published unless one goes
// to Production and publishes; the app stays in Development.
func (g setupSteps) notPublished(ctx context.Context, a generalAt) error {
	env, err := a.page.Environment(ctx)
	if err != nil {
		return err
	}
	if env != "Development" {
		return guide.Fail(guide.PublishOff, "the app in Development (not published)", fmt.Sprintf("%q", env))
	}
	return nil
}

func (g setupSteps) credentialsGeneral(ctx context.Context, a generalAt) (Credentials, error) {
	return g.readCredentials(ctx, a.page)
}

func (g setupSteps) redirectURLGeneral(ctx context.Context, a generalAt) error {
	return a.page.SetRedirectURL(ctx, g.RedirectURL)
}

// allowListGeneral stands for step 10.3, and saves Basic Information (its
// Save must be pressed), then proves 8.2, 10.2 and 10.3 were kept: it
// reloads the page and reads them back.
func (g setupSteps) allowListGeneral(ctx context.Context, a generalAt) error {
	if err := a.page.AddAllowList(ctx, g.AllowURL); err != nil {
		return err
	}
	if err := a.page.Save(ctx); err != nil {
		return err
	}
	if err := a.page.Reload(ctx, zoom.SectionBasicInformation); err != nil {
		return err
	}
	// Basic Information keeps nothing before this Save, step 8.2's
	// User-managed included: read it back too.
	on, err := a.page.UserManaged(ctx)
	if err != nil {
		return err
	}
	if !on {
		return guide.Fail(g.step(guide.UserManaged.Number), "User-managed after Save and a reload", "Admin-managed")
	}
	return g.oauthSaved(ctx, a.page, "after Save and a reload")
}

func (g setupSteps) scopesSection(ctx context.Context, a generalAt) error {
	return a.page.OpenSection(ctx, zoom.SectionScopes)
}

func (g setupSteps) addScopesGeneral(ctx context.Context, a generalAt) (picking, error) {
	d, err := a.page.OpenAddScopes(ctx)
	if err != nil {
		return picking{}, err
	}
	return picking{app: a.page, dialog: d, ticked: map[string][]string{}}, nil
}

// localTest stands for step 16 (Continue → Activation): the Local Test
// section.
func (g setupSteps) localTest(ctx context.Context, a generalAt) error {
	return a.page.OpenSection(ctx, zoom.SectionLocalTest)
}

// addNowEnabled stands for step 17: nothing missing before a test, and "Add
// app now" active; it is never clicked.
func (g setupSteps) addNowEnabled(ctx context.Context, a generalAt) error {
	missing, err := a.page.MissingBeforeTest(ctx)
	if err != nil {
		return err
	}
	on, err := a.page.AddNowEnabled(ctx)
	if err != nil {
		return err
	}
	if len(missing) > 0 || !on {
		found := "Add app now disabled"
		if on {
			found = "Add app now active"
		}
		if len(missing) > 0 {
			found += "; missing: " + strings.Join(missing, "; ")
		}
		return guide.Fail(guide.AddEnabled, "nothing missing and Add app now active", found)
	}
	return nil
}
