package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"lszoom/internal/guide"
	"lszoom/pages/ui"
	"lszoom/pages/zoom"
)

// Classic is the guide's classic flow, steps 1–18, for one app; results
// tells what it created once the steps have run (empty before). Step 5
// fails if the Marketplace offers another build flow (Build follows it).
func Classic(s Setup) (f Flow, results func() Created) {
	r := &run{built: built{flow: guide.FlowClassic}}
	g := newSteps(s, r).on(guide.FlowClassic)
	steps := append(prefix(r, g), step(guide.BuildApp, &r.market, &r.types, g.buildApp))
	return Flow{Name: string(guide.FlowClassic), Steps: append(steps, classicRest(r, g)...)}, r.results
}

// ClassicForApp is the classic flow's steps 10.1–18 for an app that exists
// (made by the steps 1–9 of an earlier walk, or through a stand-in's API),
// its page open in s.Tab: what a person does who comes back to an app they
// created to go on with its settings. Step 18 starts from the Marketplace
// header of that tab.
func ClassicForApp(s Setup, app *zoom.AppPage) (f Flow, results func() Created) {
	r := &run{made: appAt{page: app, id: zoom.AppIDFromURL(app.URL())}, market: zoom.MarketplaceOn(s.Zoom, s.Tab),
		built: built{flow: guide.FlowClassic}}
	return forApp(guide.FlowClassic, classicRest(r, newSteps(s, r).on(guide.FlowClassic))), r.results
}

// classicRest is the classic flow's steps 6–18.
func classicRest(r *run, g setupSteps) []Step {
	return redo([]Step{
		check(guide.ChooseOAuth, &r.types, g.chooseOAuth),
		step(guide.CreateOAuth, &r.types, &r.create, g.createOAuth),
		check(guide.AppName, &r.create, g.appName),
		check(guide.UserManaged, &r.create, g.userManaged),
		check(guide.PublishOff, &r.create, g.publishOff),
		step(guide.CreateApp, &r.create, &r.made, g.createApp),
		step(guide.Credentials, &r.made, &r.creds, g.credentials),
		check(guide.RedirectURL, &r.made, g.redirectURL),
		check(guide.AllowList, &r.made, g.allowList),
		check(guide.Information, &r.made, g.toInformation),
		check(guide.Descriptions, &r.made, g.descriptions),
		check(guide.CompanyName, &r.made, g.companyName),
		check(guide.DeveloperContact, &r.made, g.developerContact),
		check(guide.Scopes, &r.made, g.toScopes),
		step(guide.AddScopes, &r.made, &r.picking, g.addScopes),
		step(guide.MeetingScopes, &r.picking, &r.picking, g.tick(guide.MeetingScopes)),
		step(guide.RecordingScopes, &r.picking, &r.picking, g.tick(guide.RecordingScopes)),
		step(guide.UserScopes, &r.picking, &r.picking, g.tick(guide.UserScopes)),
		check(guide.ScopeCount, &r.picking, g.scopeCount),
		check(guide.Done, &r.picking, g.done),
		check(guide.Activation, &r.made, g.toActivation),
		check(guide.AddEnabled, &r.made, g.addEnabled),
		check(guide.CreatedApps, &r.market, g.createdApps),
	}, map[string]string{
		// What a sign-in session that ends mid-step makes the page forget:
		// the create dialog (steps 6–9), what was typed on a tab but not yet
		// saved by its Continue (10.2–11, 11.1–12), the Add Scopes pop-up
		// (13–15). The walk signs in again and goes back to the first step of it.
		"7": "6", "8.1": "6", "8.2": "6", "8.3": "6", "9": "6",
		"10.3": "10.2", "11": "10.2",
		"11.2": "11.1", "11.3": "11.1", "12": "11.1",
		"13.1": "13", "13.2": "13", "13.3": "13", "14": "13", "15": "13",
	})
}

func (g setupSteps) buildApp(ctx context.Context, mp *zoom.MarketplacePage) (*zoom.AppTypePage, error) {
	return mp.BuildApp(ctx)
}

func (g setupSteps) chooseOAuth(ctx context.Context, p *zoom.AppTypePage) error {
	// An account's first build shows the API License dialog over the cards.
	if _, err := p.AcceptLicenseIfShown(ctx); err != nil {
		return err
	}
	cards, err := p.Cards(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(cards, zoom.AppTypeOAuth) {
		f := guide.Fail(guide.ChooseOAuth, "an OAuth card", fmt.Sprintf("cards %q", cards))
		f.Err = ui.Absent("group", zoom.AppTypeOAuth, "", cards)
		return f
	}
	ok, err := p.CreateEnabled(ctx, zoom.AppTypeOAuth)
	if err != nil {
		return err
	}
	if !ok {
		return guide.Fail(guide.ChooseOAuth, "the OAuth card's Create enabled", "it is disabled")
	}
	return nil
}

func (g setupSteps) createOAuth(ctx context.Context, p *zoom.AppTypePage) (*zoom.CreateDialog, error) {
	return p.Create(ctx, zoom.AppTypeOAuth)
}

func (g setupSteps) appName(ctx context.Context, d *zoom.CreateDialog) error {
	return d.SetName(ctx, g.App.Name)
}

func (g setupSteps) userManaged(ctx context.Context, d *zoom.CreateDialog) error {
	if err := d.SelectUserManaged(ctx); err != nil {
		return err
	}
	on, err := d.UserManaged(ctx)
	if err != nil {
		return err
	}
	if !on {
		return guide.Fail(guide.UserManaged, "User-managed app selected", "Account-level app")
	}
	return nil
}

func (g setupSteps) publishOff(ctx context.Context, d *zoom.CreateDialog) error {
	if err := d.SetPublish(ctx, false); err != nil {
		if errors.Is(err, zoom.ErrSwitchFlippedBack) {
			return guide.Fail(guide.PublishOff, "the publish switch off, and staying off", "it went back on by itself")
		}
		return err
	}
	on, err := d.Publish(ctx)
	if err != nil {
		return err
	}
	if on {
		return guide.Fail(guide.PublishOff, "the publish switch off", "on")
	}
	return nil
}

func (g setupSteps) createApp(ctx context.Context, d *zoom.CreateDialog) (appAt, error) {
	p, err := d.Create(ctx)
	if err != nil {
		return appAt{}, err
	}
	name, err := p.Name(ctx)
	if err != nil {
		return appAt{}, err
	}
	if name != g.App.Name {
		return appAt{}, guide.Fail(guide.CreateApp, fmt.Sprintf("the app page of %q", g.App.Name), fmt.Sprintf("%q", name))
	}
	return appAt{page: p, id: zoom.AppIDFromURL(p.URL())}, nil
}

func (g setupSteps) credentials(ctx context.Context, a appAt) (Credentials, error) {
	return g.readCredentials(ctx, a.page)
}

// credentialsPage is where an app's credentials show: the classic App
// Credentials tab, the General App's Basic Information.
type credentialsPage interface {
	ClientID(ctx context.Context) (string, error)
	ClientSecret(ctx context.Context) (string, error)
}

// readCredentials reads the Client ID and the Client Secret (step 10.1),
// telling Hooks.Secret before anything could print or capture the secret.
func (g setupSteps) readCredentials(ctx context.Context, p credentialsPage) (Credentials, error) {
	id, err := p.ClientID(ctx)
	if err != nil {
		return Credentials{}, err
	}
	secret, err := p.ClientSecret(ctx)
	if err != nil {
		return Credentials{}, err
	}
	g.Hooks.secret(secret)
	if secret == "" {
		return Credentials{}, guide.Fail(guide.Credentials, "a Client Secret", "an empty one")
	}
	g.Hooks.logf("step 10.1: Client ID %s; Client Secret captured (%d characters, not shown)", id, len(secret))
	return Credentials{ClientID: id, ClientSecret: secret}, nil
}

func (g setupSteps) redirectURL(ctx context.Context, a appAt) error {
	return a.page.SetRedirectURL(ctx, g.RedirectURL)
}

func (g setupSteps) allowList(ctx context.Context, a appAt) error {
	if err := a.page.AddAllowList(ctx, g.AllowURL); err != nil {
		return err
	}
	list, err := a.page.AllowList(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(list, g.AllowURL) {
		return guide.Fail(guide.AllowList, fmt.Sprintf("%q on the allow list", g.AllowURL), fmt.Sprintf("%q", list))
	}
	return nil
}
