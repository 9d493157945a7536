package flow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lszoom/internal/guide"
	"lszoom/pages/zoom"
)

// Zoom's current build flow, the General App (docs/procedure.md, section 2).
// Each step names the guide step it stands for, so failures and reports
// still speak the guide's numbers; guide steps with nothing to stand for
// here (9, the Information tab's 11–11.3) are left out.

// as is guide step s as the General App flow does it: the guide's number,
// this flow's title.
func as(s guide.Step, title string) guide.Step { return guide.Step{Number: s.Number, Title: title} }

// generalAt is a General App's page once step 7 has created it, and its ID.
type generalAt struct {
	page *zoom.GeneralAppPage
	id   string
}

// General is the General App flow, steps 1–18 as it stands for them.
func General(s Setup) (f Flow, results func() Created) {
	r := &run{}
	c := classic{Setup: s}
	steps := append(prefix(r, c), step(guide.BuildApp, &r.market, &r.kinds, c.buildGeneral))
	return Flow{Name: string(zoom.FlowGeneral), Steps: append(steps, generalRest(r, c)...)}, r.results
}

// GeneralForApp is the General App flow's steps 10.1–18 for an app that
// exists (made by an earlier walk, or through a stand-in's API), its page
// open in s.Tab on Basic Information: what a person does who comes back to
// an app they created to go on with its settings. Step 18 starts from the
// Marketplace header of that tab.
func GeneralForApp(s Setup, app *zoom.GeneralAppPage) (f Flow, results func() Created) {
	r := &run{general: generalAt{page: app, id: appIDFromURL(app.URL())}, market: zoom.MarketplaceOn(s.Zoom, s.Tab)}
	rest := generalRest(r, classic{Setup: s})
	i := slices.IndexFunc(rest, func(st Step) bool { return st.Number == guide.Credentials.Number })
	return Flow{Name: string(zoom.FlowGeneral), Steps: rest[i:]}, r.results
}

// generalRest is the General App flow's steps 6–18.
func generalRest(r *run, c classic) []Step {
	return redo([]Step{
		check(as(guide.ChooseOAuth, "Choose your app type: General app"), &r.kinds, c.chooseGeneral),
		step(as(guide.CreateOAuth, "Create the General app"), &r.kinds, &r.general, c.createGeneral),
		check(as(guide.AppName, "App name, with the pencil"), &r.general, c.renameGeneral),
		check(as(guide.UserManaged, "Basic Information: User-managed"), &r.general, c.userManagedGeneral),
		check(as(guide.PublishOff, "Not published: the app stays in Development"), &r.general, c.notPublished),
		step(as(guide.Credentials, "App Credentials: Development Client ID and Client Secret"), &r.general, &r.creds, c.credentialsGeneral),
		check(as(guide.RedirectURL, "OAuth Redirect URL"), &r.general, c.redirectURLGeneral),
		check(as(guide.AllowList, "OAuth Allow Lists, then Save"), &r.general, c.allowListGeneral),
		check(as(guide.Scopes, "Scopes section"), &r.general, c.scopesSection),
		step(guide.AddScopes, &r.general, &r.picking, c.addScopesGeneral),
		step(as(guide.MeetingScopes, "Meetings scopes"), &r.picking, &r.picking, c.tick(guide.MeetingScopes)),
		step(as(guide.RecordingScopes, "Recording scopes"), &r.picking, &r.picking, c.tick(guide.RecordingScopes)),
		step(as(guide.UserScopes, "User scopes"), &r.picking, &r.picking, c.tick(guide.UserScopes)),
		check(as(guide.ScopeCount, "The app's scopes selected"), &r.picking, c.scopeCount),
		check(guide.Done, &r.picking, c.done),
		check(as(guide.Activation, "Local Test"), &r.general, c.localTest),
		check(as(guide.AddEnabled, "Nothing missing; Add app now active"), &r.general, c.addNowEnabled),
		check(guide.CreatedApps, &r.market, c.createdApps),
	}, map[string]string{
		// Basic Information keeps nothing until its Save (in 10.3); the
		// Add Scopes pop-up nothing until Done.
		"10.3": "10.2",
		"13.1": "13", "13.2": "13", "13.3": "13", "14": "13", "15": "13",
	})
}

func (c classic) buildGeneral(ctx context.Context, mp *zoom.MarketplacePage) (*zoom.AppKindDialog, error) {
	flow, _, kinds, err := mp.BuildAppAny(ctx)
	if err != nil {
		return nil, err
	}
	if flow != zoom.FlowGeneral {
		return nil, guide.Fail(guide.BuildApp, "the General App flow's dialog of app kinds", fmt.Sprintf("the %s flow", flow))
	}
	return kinds, nil
}

// chooseGeneral stands for step 6 (choose your app type): General app.
func (c classic) chooseGeneral(ctx context.Context, d *zoom.AppKindDialog) error {
	kinds, err := d.Kinds(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(kinds, "General app") {
		return guide.Fail(guide.ChooseOAuth, `a "General app" kind`, fmt.Sprintf("kinds %q", kinds))
	}
	return d.ChooseGeneralApp(ctx)
}

// createGeneral stands for step 7: Create, then the app's page with the
// name Zoom generated.
func (c classic) createGeneral(ctx context.Context, d *zoom.AppKindDialog) (generalAt, error) {
	p, err := d.Create(ctx)
	if err != nil {
		return generalAt{}, err
	}
	name, err := p.Name(ctx)
	if err != nil {
		return generalAt{}, err
	}
	c.Hooks.logf("step 7: Zoom named the new app %q", name)
	return generalAt{page: p, id: appIDFromURL(p.URL())}, nil
}

// renameGeneral stands for step 8.1: the pencil renames the app.
func (c classic) renameGeneral(ctx context.Context, a generalAt) error {
	if err := a.page.Rename(ctx, c.App.Name); err != nil {
		return err
	}
	name, err := a.page.Name(ctx)
	if err != nil {
		return err
	}
	if name != c.App.Name {
		return guide.Fail(guide.AppName, fmt.Sprintf("the app named %q", c.App.Name), fmt.Sprintf("%q", name))
	}
	return nil
}

// userManagedGeneral stands for step 8.2: Basic Information, User-managed.
func (c classic) userManagedGeneral(ctx context.Context, a generalAt) error {
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
func (c classic) notPublished(ctx context.Context, a generalAt) error {
	env, err := a.page.Environment(ctx)
	if err != nil {
		return err
	}
	if env != "Development" {
		return guide.Fail(guide.PublishOff, "the app in Development (not published)", fmt.Sprintf("%q", env))
	}
	return nil
}

func (c classic) credentialsGeneral(ctx context.Context, a generalAt) (Credentials, error) {
	return c.readCredentials(ctx, a.page)
}

func (c classic) redirectURLGeneral(ctx context.Context, a generalAt) error {
	return a.page.SetRedirectURL(ctx, c.RedirectURL)
}

// allowListGeneral stands for step 10.3, and saves Basic Information (its
// Save must be pressed), then proves 10.2 and 10.3 were kept: it reloads
// the page and reads them back.
func (c classic) allowListGeneral(ctx context.Context, a generalAt) error {
	if err := a.page.AddAllowList(ctx, c.AllowURL); err != nil {
		return err
	}
	if err := a.page.Save(ctx); err != nil {
		return err
	}
	if err := a.page.Reload(ctx, zoom.SectionBasicInformation); err != nil {
		return err
	}
	return c.oauthSaved(ctx, a.page, "after Save and a reload")
}

func (c classic) scopesSection(ctx context.Context, a generalAt) error {
	return a.page.OpenSection(ctx, zoom.SectionScopes)
}

func (c classic) addScopesGeneral(ctx context.Context, a generalAt) (picking, error) {
	d, err := a.page.OpenAddScopes(ctx)
	if err != nil {
		return picking{}, err
	}
	return picking{app: a.page, dialog: d, ticked: map[string][]string{}}, nil
}

// localTest stands for step 16 (Continue → Activation): the Local Test
// section.
func (c classic) localTest(ctx context.Context, a generalAt) error {
	return a.page.OpenSection(ctx, zoom.SectionLocalTest)
}

// addNowEnabled stands for step 17: nothing missing before a test, and "Add
// app now" active; it is never clicked.
func (c classic) addNowEnabled(ctx context.Context, a generalAt) error {
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
