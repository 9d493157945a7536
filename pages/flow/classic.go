package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/go-rod/rod"

	"lszoom/internal/guide"
	"lszoom/pages/zoom"
)

// Login is who signs in: on Zoom, the account owner (User is the email);
// on LearningSpace, its administrator.
type Login struct {
	User     string
	Password string // a secret
}

// Setup is what a setup flow needs: where Zoom is, the tab to work in, who
// signs in, the app to build and the URL to register for it.
type Setup struct {
	Zoom  zoom.Driver
	Tab   *rod.Page
	Owner Login
	App   App
	// RedirectURL goes into step 10.2, AllowURL onto step 10.3's list:
	// LearningSpace's URL, both.
	RedirectURL, AllowURL string
	Hooks                 Hooks
	// SavedSession: the tab's browser context was given the saved sign-in
	// (make login) before the flow; step 1 checks that Zoom still takes it
	// instead of typing the password (signin.go).
	SavedSession bool
	// AccountNo, when set, must be the Account No. on the signed-in
	// profile before anything is created (the account guard, step 1).
	AccountNo string
}

// Credentials are the app's Client ID and Client Secret (step 10.1).
type Credentials struct {
	ClientID     string
	ClientSecret string // a secret: given to Hooks.Secret before anything else
}

// Created is what a setup flow hands out once its steps have run.
type Created struct {
	AppID string
	Credentials
}

// appAt is the app's page once step 9 has created it, and the app's ID.
type appAt struct {
	page *zoom.AppPage
	id   string
}

// picking is the Add Scopes pop-up while steps 13–15 use it, the page whose
// scopes it adds, and the boxes ticked so far in each category.
type picking struct {
	app    scopesPage
	dialog *zoom.ScopesDialog
	ticked map[string][]string
}

// scopesPage is the page that lists an app's added scopes: the classic
// Scopes tab, the General App's Scopes section.
type scopesPage interface {
	AddedScopes(ctx context.Context) ([]zoom.AddedScope, error)
	WaitFor(ctx context.Context, what string, cond func() (bool, error)) error
}

// run holds what a setup flow's steps hand each other: each slot is filled
// by the step that binds it as its output.
type run struct {
	none    struct{}
	signIn  *zoom.ProfilePage
	profile *zoom.ProfilePage
	market  *zoom.MarketplacePage
	built   built // step 5, when the flow is found out there
	types   *zoom.AppTypePage
	create  *zoom.CreateDialog
	made    appAt
	kinds   *zoom.AppKindDialog
	general generalAt
	creds   Credentials
	picking picking
}

// built is what Build App opened: the classic page of cards or the General
// App's dialog of app kinds.
type built struct {
	flow  zoom.BuildFlow
	types *zoom.AppTypePage
	kinds *zoom.AppKindDialog
}

// results is what a setup flow created, whichever it was.
func (r *run) results() Created {
	id := r.made.id
	if r.general.page != nil {
		id = r.general.id
	}
	return Created{AppID: id, Credentials: r.creds}
}

// prefix is steps 1–4, the same in both build flows.
func prefix(r *run, c classic) []Step {
	return []Step{
		step(guide.SignIn, &r.none, &r.signIn, c.signIn),
		step(guide.Advanced, &r.signIn, &r.profile, c.advanced),
		step(guide.AppMarketplace, &r.profile, &r.market, c.appMarketplace),
		check(guide.Develop, &r.market, c.develop),
	}
}

// Classic is the guide's classic flow, steps 1–18, for one app; results
// tells what it created once the steps have run (empty before).
func Classic(s Setup) (f Flow, results func() Created) {
	r := &run{}
	c := classic{Setup: s}
	steps := append(prefix(r, c), step(guide.BuildApp, &r.market, &r.types, c.buildApp))
	return Flow{Name: string(zoom.FlowClassic), Steps: append(steps, classicRest(r, c)...)}, r.results
}

// ClassicForApp is the classic flow's steps 10.1–18 for an app that exists
// (made by the steps 1–9 of an earlier walk, or through a stand-in's API),
// its page open in s.Tab: what a person does who comes back to an app they
// created to go on with its settings. Step 18 starts from the Marketplace
// header of that tab.
func ClassicForApp(s Setup, app *zoom.AppPage) (f Flow, results func() Created) {
	r := &run{made: appAt{page: app, id: appIDFromURL(app.URL())}, market: zoom.MarketplaceOn(s.Zoom, s.Tab)}
	rest := classicRest(r, classic{Setup: s})
	i := slices.IndexFunc(rest, func(st Step) bool { return st.Number == guide.Credentials.Number })
	return Flow{Name: string(zoom.FlowClassic), Steps: rest[i:]}, r.results
}

// Build is the guide's setup on whichever build flow the Marketplace
// offers: steps 1–5, then (Next) the classic flow's steps 6–18 or the
// General App's, as Build App shows a page of cards or a dialog of app
// kinds. Which one is logged, and given by Found once step 5 has run.
func Build(s Setup) (f Flow, results func() Created, found func() zoom.BuildFlow) {
	r := &run{}
	c := classic{Setup: s}
	steps := append(prefix(r, c), step(guide.BuildApp, &r.market, &r.built, c.buildAny))
	next := func() (Flow, error) {
		switch r.built.flow {
		case zoom.FlowGeneral:
			r.kinds = r.built.kinds
			return Flow{Name: string(zoom.FlowGeneral), Steps: generalRest(r, c)}, nil
		case zoom.FlowClassic:
			r.types = r.built.types
			return Flow{Name: string(zoom.FlowClassic), Steps: classicRest(r, c)}, nil
		}
		return Flow{}, guide.Fail(guide.BuildApp, "a page of app types or a dialog of app kinds", "neither")
	}
	return Flow{Name: "setup", Steps: steps, Next: next}, r.results, func() zoom.BuildFlow { return r.built.flow }
}

func (c classic) buildAny(ctx context.Context, mp *zoom.MarketplacePage) (built, error) {
	flow, types, kinds, err := mp.BuildAppAny(ctx)
	if err != nil {
		return built{}, err
	}
	c.Hooks.logf("step 5: the Marketplace offers the %s build flow", flow)
	return built{flow: flow, types: types, kinds: kinds}, nil
}

// classicRest is the classic flow's steps 6–18.
func classicRest(r *run, c classic) []Step {
	return redo([]Step{
		check(guide.ChooseOAuth, &r.types, c.chooseOAuth),
		step(guide.CreateOAuth, &r.types, &r.create, c.createOAuth),
		check(guide.AppName, &r.create, c.appName),
		check(guide.UserManaged, &r.create, c.userManaged),
		check(guide.PublishOff, &r.create, c.publishOff),
		step(guide.CreateApp, &r.create, &r.made, c.createApp),
		step(guide.Credentials, &r.made, &r.creds, c.credentials),
		check(guide.RedirectURL, &r.made, c.redirectURL),
		check(guide.AllowList, &r.made, c.allowList),
		check(guide.Information, &r.made, c.toInformation),
		check(guide.Descriptions, &r.made, c.descriptions),
		check(guide.CompanyName, &r.made, c.companyName),
		check(guide.DeveloperContact, &r.made, c.developerContact),
		check(guide.Scopes, &r.made, c.toScopes),
		step(guide.AddScopes, &r.made, &r.picking, c.addScopes),
		step(guide.MeetingScopes, &r.picking, &r.picking, c.tick(guide.MeetingScopes)),
		step(guide.RecordingScopes, &r.picking, &r.picking, c.tick(guide.RecordingScopes)),
		step(guide.UserScopes, &r.picking, &r.picking, c.tick(guide.UserScopes)),
		check(guide.ScopeCount, &r.picking, c.scopeCount),
		check(guide.Done, &r.picking, c.done),
		check(guide.Activation, &r.made, c.toActivation),
		check(guide.AddEnabled, &r.made, c.addEnabled),
		check(guide.CreatedApps, &r.market, c.createdApps),
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

// classic holds the flow's fixed inputs; its methods are the steps.
type classic struct{ Setup }

func (c classic) advanced(ctx context.Context, profile *zoom.ProfilePage) (*zoom.ProfilePage, error) {
	return profile, profile.OpenAdvanced(ctx)
}

func (c classic) appMarketplace(ctx context.Context, p *zoom.ProfilePage) (*zoom.MarketplacePage, error) {
	mp, newTab, err := p.OpenAppMarketplace(ctx)
	if err != nil {
		return nil, err
	}
	where := "the same tab"
	if newTab {
		where = "a new tab"
	}
	c.Hooks.logf("step 3: App Marketplace opened in %s", where)
	return mp, nil
}

func (c classic) develop(ctx context.Context, mp *zoom.MarketplacePage) error {
	if err := mp.OpenDevelopMenu(ctx); err != nil {
		return err
	}
	items, err := mp.DevelopMenuItems(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(items, zoom.MenuBuildApp) {
		return guide.Fail(guide.Develop, fmt.Sprintf("a %q item in the Develop menu", zoom.MenuBuildApp), fmt.Sprintf("%q", items))
	}
	return nil
}

func (c classic) buildApp(ctx context.Context, mp *zoom.MarketplacePage) (*zoom.AppTypePage, error) {
	return mp.BuildApp(ctx)
}

func (c classic) chooseOAuth(ctx context.Context, p *zoom.AppTypePage) error {
	// An account's first build shows the API License dialog over the cards.
	if _, err := p.AcceptLicenseIfShown(ctx); err != nil {
		return err
	}
	cards, err := p.Cards(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(cards, zoom.AppTypeOAuth) {
		return guide.Fail(guide.ChooseOAuth, "an OAuth card", fmt.Sprintf("cards %q", cards))
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

func (c classic) createOAuth(ctx context.Context, p *zoom.AppTypePage) (*zoom.CreateDialog, error) {
	return p.Create(ctx, zoom.AppTypeOAuth)
}

func (c classic) appName(ctx context.Context, d *zoom.CreateDialog) error {
	return d.SetName(ctx, c.App.Name)
}

func (c classic) userManaged(ctx context.Context, d *zoom.CreateDialog) error {
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

func (c classic) publishOff(ctx context.Context, d *zoom.CreateDialog) error {
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

func (c classic) createApp(ctx context.Context, d *zoom.CreateDialog) (appAt, error) {
	p, err := d.Create(ctx)
	if err != nil {
		return appAt{}, err
	}
	name, err := p.Name(ctx)
	if err != nil {
		return appAt{}, err
	}
	if name != c.App.Name {
		return appAt{}, guide.Fail(guide.CreateApp, fmt.Sprintf("the app page of %q", c.App.Name), fmt.Sprintf("%q", name))
	}
	return appAt{page: p, id: appIDFromURL(p.URL())}, nil
}

// appIDFromURL takes the app's ID from its Marketplace address, in either
// shape (…/develop/apps/{id}/…, …/develop/applications/{id}/…?mode=dev).
func appIDFromURL(u string) string { return zoom.AppIDFromURL(u) }

func (c classic) credentials(ctx context.Context, a appAt) (Credentials, error) {
	return c.readCredentials(ctx, a.page)
}

// credentialsPage is where an app's credentials show: the classic App
// Credentials tab, the General App's Basic Information.
type credentialsPage interface {
	ClientID(ctx context.Context) (string, error)
	ClientSecret(ctx context.Context) (string, error)
}

// readCredentials reads the Client ID and the Client Secret (step 10.1),
// telling Hooks.Secret before anything could print or capture the secret.
func (c classic) readCredentials(ctx context.Context, p credentialsPage) (Credentials, error) {
	id, err := p.ClientID(ctx)
	if err != nil {
		return Credentials{}, err
	}
	secret, err := p.ClientSecret(ctx)
	if err != nil {
		return Credentials{}, err
	}
	c.Hooks.secret(secret)
	if secret == "" {
		return Credentials{}, guide.Fail(guide.Credentials, "a Client Secret", "an empty one")
	}
	c.Hooks.logf("step 10.1: Client ID %s; Client Secret captured (%d characters, not shown)", id, len(secret))
	return Credentials{ClientID: id, ClientSecret: secret}, nil
}

func (c classic) redirectURL(ctx context.Context, a appAt) error {
	return a.page.SetRedirectURL(ctx, c.RedirectURL)
}

func (c classic) allowList(ctx context.Context, a appAt) error {
	if err := a.page.AddAllowList(ctx, c.AllowURL); err != nil {
		return err
	}
	list, err := a.page.AllowList(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(list, c.AllowURL) {
		return guide.Fail(guide.AllowList, fmt.Sprintf("%q on the allow list", c.AllowURL), fmt.Sprintf("%q", list))
	}
	return nil
}
