package flow

import (
	"context"
	"fmt"
	"slices"

	"github.com/go-rod/rod"

	"lszoom/internal/guide"
	"lszoom/pages/zoom"
)

// The guide's setup, steps 1–18, on either build flow: what both flows
// share (who signs in, the app, what the steps hand each other, steps 1–5),
// and Build, which follows the flow the Marketplace offers.

// Login is who signs in: on Zoom, the account owner (User is the email);
// on LearningSpace, its administrator.
type Login struct {
	User     string
	Password string // a secret
}

// Portal is what guide step 1 needs, and so every procedure on Zoom: where
// Zoom is, the tab to work in, who signs in and how (signin.go).
type Portal struct {
	Zoom  zoom.Driver
	Tab   *rod.Page
	Owner Login
	Hooks Hooks
	// SavedSession: the tab's browser context was given the saved sign-in
	// (make login) before the flow; step 1 checks that Zoom still takes it
	// instead of typing the password.
	SavedSession bool
	// AccountNo, when set, must be the Account No. on the signed-in
	// profile before anything is created (the account guard, step 1).
	AccountNo string
}

// Setup is what a setup flow needs: the portal it signs in to, the app to
// build and the URL to register for it.
type Setup struct {
	Portal
	App guide.App
	// RedirectURL goes into step 10.2, AllowURL onto step 10.3's list:
	// LearningSpace's URL, both.
	RedirectURL, AllowURL string
	// API, when set (a maintenance token), reads the app back from Zoom's
	// Marketplace API after steps 15 and 18 (apicheck.go); nil: the
	// screens alone say what was saved.
	API AppRecords
}

// Credentials are the app's Client ID and Client Secret (step 10.1).
type Credentials struct {
	ClientID     string
	ClientSecret string // a secret: given to Hooks.Secret before anything else
}

// Created is what a setup flow hands out once its steps have run: the
// app's ID, the build flow that made it (known once step 5 has run) and
// its credentials.
type Created struct {
	AppID string
	Flow  guide.Flow
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
	flow  guide.Flow
	types *zoom.AppTypePage
	kinds *zoom.AppKindDialog
}

// results is what a setup flow created, whichever it was.
func (r *run) results() Created {
	id := r.made.id
	if r.general.page != nil {
		id = r.general.id
	}
	return Created{AppID: id, Flow: r.built.flow, Credentials: r.creds}
}

// setupSteps holds a setup flow's fixed inputs, and the view of the app's
// scopes that the build flow shows (boxes: set when the flow is known, at
// step 5 for Build); its methods are the steps of both flows.
type setupSteps struct {
	Setup
	flow  guide.Flow
	boxes guide.Boxes
	rec   *records // the API checks' state, shared by the flow's steps
}

// newSteps is the steps of one run of a setup flow.
func newSteps(s Setup, r *run) setupSteps {
	return setupSteps{Setup: s, rec: &records{appID: func() string { return r.results().AppID }}}
}

// on is the steps with the app's scopes as build flow f shows them.
func (g setupSteps) on(f guide.Flow) setupSteps {
	g.flow, g.boxes = f, g.App.Boxes(f)
	return g
}

// prefix is steps 1–4, the same in both build flows.
func prefix(r *run, g setupSteps) []Step {
	return []Step{
		step(guide.SignIn, &r.none, &r.signIn, g.signIn),
		step(guide.Advanced, &r.signIn, &r.profile, g.advanced),
		step(guide.AppMarketplace, &r.profile, &r.market, g.appMarketplace),
		check(guide.Develop, &r.market, g.develop),
	}
}

// Build is the guide's setup on whichever build flow the Marketplace
// offers: steps 1–5, then (Next) the classic flow's steps 6–18 or the
// General App's, as Build App shows a page of cards or a dialog of app
// kinds. Step 5 logs which, and results gives it (Created.Flow); only then
// are the app's scopes seen as that flow names them.
func Build(s Setup) (f Flow, results func() Created) {
	r := &run{}
	g := newSteps(s, r)
	steps := append(prefix(r, g), step(guide.BuildApp, &r.market, &r.built, g.buildAny))
	return Flow{Name: "setup", Steps: steps, Next: func() (Flow, error) { return r.next(g) }}, r.results
}

// next is the rest of the setup on the flow step 5 found.
func (r *run) next(g setupSteps) (Flow, error) {
	switch r.built.flow {
	case guide.FlowGeneral:
		r.kinds = r.built.kinds
		return Flow{Name: string(guide.FlowGeneral), Steps: generalRest(r, g.on(guide.FlowGeneral))}, nil
	case guide.FlowClassic:
		r.types = r.built.types
		return Flow{Name: string(guide.FlowClassic), Steps: classicRest(r, g.on(guide.FlowClassic))}, nil
	}
	return Flow{}, guide.Fail(guide.BuildApp, "a page of app types or a dialog of app kinds", "neither")
}

func (g setupSteps) buildAny(ctx context.Context, mp *zoom.MarketplacePage) (built, error) {
	flow, types, kinds, err := mp.BuildAppAny(ctx)
	if err != nil {
		return built{}, err
	}
	g.Hooks.logf("step 5: the Marketplace offers the %s build flow", flow)
	return built{flow: flow, types: types, kinds: kinds}, nil
}

// forApp is a flow's steps from 10.1 on, for an app that exists.
func forApp(f guide.Flow, rest []Step) Flow {
	i := slices.IndexFunc(rest, func(st Step) bool { return st.Number == guide.Credentials.Number })
	return Flow{Name: string(f), Steps: rest[i:]}
}

func (g setupSteps) advanced(ctx context.Context, profile *zoom.ProfilePage) (*zoom.ProfilePage, error) {
	return profile, profile.OpenAdvanced(ctx)
}

func (g setupSteps) appMarketplace(ctx context.Context, p *zoom.ProfilePage) (*zoom.MarketplacePage, error) {
	mp, newTab, err := p.OpenAppMarketplace(ctx)
	if err != nil {
		return nil, err
	}
	where := "the same tab"
	if newTab {
		where = "a new tab"
	}
	g.Hooks.logf("step 3: App Marketplace opened in %s", where)
	return mp, nil
}

func (g setupSteps) develop(ctx context.Context, mp *zoom.MarketplacePage) error {
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
