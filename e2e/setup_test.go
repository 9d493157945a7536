package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lszoom/fixtures/testapp"
	"lszoom/internal/guide"
	"lszoom/pages/zoom"
)

// setupRun is one pass through guide steps 1–18: what goes in (the app, the
// URL to register) and what the steps hand each other and hand out.
type setupRun struct {
	e           *env
	app         testapp.App
	redirectURL string // step 10.2
	allowURL    string // step 10.3

	signIn  *zoom.SignInPage
	profile *zoom.ProfilePage
	market  *zoom.MarketplacePage
	types   *zoom.AppTypePage
	create  *zoom.CreateDialog
	page    *zoom.AppPage
	scopes  *zoom.ScopesDialog

	ticked map[string][]string // per category, the boxes ticked after steps 13.1–13.3

	// Results.
	AppID        string
	ClientID     string
	ClientSecret string // a secret: registered with the redactor, never logged
	NewTab       bool   // whether App Marketplace opened a new tab
}

func newSetupRun(e *env, app testapp.App, registerURL string) *setupRun {
	return &setupRun{e: e, app: app, redirectURL: registerURL, allowURL: registerURL}
}

// steps is guide steps 1–18, in order, each doing what the guide says and
// checking what it promises.
func (r *setupRun) steps() []step {
	return redo([]step{
		{Step: guide.SignIn, run: r.doSignIn},
		{Step: guide.Advanced, run: func(ctx context.Context) error { r.profile = r.signIn.Profile(); return r.profile.OpenAdvanced(ctx) }},
		{Step: guide.AppMarketplace, run: r.doOpenMarketplace},
		{Step: guide.Develop, run: r.doOpenDevelop},
		{Step: guide.BuildApp, run: func(ctx context.Context) (err error) { r.types, err = r.market.BuildApp(ctx); return err }},
		{Step: guide.ChooseOAuth, run: r.verifyOAuthCard},
		{Step: guide.CreateOAuth, run: func(ctx context.Context) (err error) {
			r.create, err = r.types.Create(ctx, zoom.AppTypeOAuth)
			return err
		}},
		{Step: guide.AppName, run: r.doAppName},
		{Step: guide.UserManaged, run: r.doUserManaged},
		{Step: guide.PublishOff, run: r.doPublishOff},
		{Step: guide.CreateApp, run: r.doCreate},
		{Step: guide.Credentials, run: r.doCredentials},
		{Step: guide.RedirectURL, run: func(ctx context.Context) error { return r.page.SetRedirectURL(ctx, r.redirectURL) }},
		{Step: guide.AllowList, run: r.doAllowList},
		{Step: guide.Information, run: r.doContinueToInformation},
		{Step: guide.Descriptions, run: func(ctx context.Context) error {
			return r.page.SetDescriptions(ctx, r.app.ShortDescription, r.app.LongDescription)
		}},
		{Step: guide.CompanyName, run: func(ctx context.Context) error { return r.page.SetCompanyName(ctx, r.app.CompanyName) }},
		{Step: guide.DeveloperContact, run: func(ctx context.Context) error {
			return r.page.SetDeveloperContact(ctx, r.app.DeveloperName, r.app.DeveloperEmail)
		}},
		{Step: guide.Scopes, run: r.doContinueToScopes},
		{Step: guide.AddScopes, run: func(ctx context.Context) (err error) { r.scopes, err = r.page.OpenAddScopes(ctx); return err }},
		{Step: guide.MeetingScopes, run: func(ctx context.Context) error { return r.tickStep(ctx, guide.MeetingScopes) }},
		{Step: guide.RecordingScopes, run: func(ctx context.Context) error { return r.tickStep(ctx, guide.RecordingScopes) }},
		{Step: guide.UserScopes, run: func(ctx context.Context) error { return r.tickStep(ctx, guide.UserScopes) }},
		{Step: guide.ScopeCount, run: r.verifyScopeCount},
		{Step: guide.Done, run: r.doDone},
		{Step: guide.Activation, run: func(ctx context.Context) error { return r.continueTo(ctx, guide.Activation, zoom.TabActivation) }},
		{Step: guide.AddEnabled, run: r.verifyAddEnabled},
		{Step: guide.CreatedApps, run: r.verifyCreatedApps},
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

// redo sets each step's redoFrom from a map of step numbers.
func redo(steps []step, from map[string]string) []step {
	for i := range steps {
		steps[i].redoFrom = from[steps[i].Number]
	}
	return steps
}

func (r *setupRun) doSignIn(ctx context.Context) error {
	e := r.e
	p, err := zoom.OpenSignIn(ctx, e.d, e.sess.Page, "")
	if err != nil {
		return err
	}
	r.signIn = p
	if err := e.signIn(ctx, p); err != nil {
		return err
	}
	if ok, at := p.WaitLanded(ctx); !ok {
		return guide.Fail(guide.SignIn, "to land on /profile or /myhome", at)
	}
	return nil
}

func (r *setupRun) doOpenMarketplace(ctx context.Context) error {
	mp, newTab, err := r.profile.OpenAppMarketplace(ctx)
	if err != nil {
		return err
	}
	r.market, r.NewTab = mp, newTab
	where := "the same tab"
	if newTab {
		where = "a new tab"
	}
	r.e.t.Logf("step 3: App Marketplace opened in %s", where)
	return nil
}

func (r *setupRun) doOpenDevelop(ctx context.Context) error {
	if err := r.market.OpenDevelopMenu(ctx); err != nil {
		return err
	}
	items, err := r.market.DevelopMenuItems(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(items, zoom.MenuBuildApp) {
		return guide.Fail(guide.Develop, fmt.Sprintf("a %q item in the Develop menu", zoom.MenuBuildApp), fmt.Sprintf("%q", items))
	}
	return nil
}

func (r *setupRun) verifyOAuthCard(ctx context.Context) error {
	// An account's first build shows the API License dialog over the cards.
	if _, err := r.types.AcceptLicenseIfShown(ctx); err != nil {
		return err
	}
	cards, err := r.types.Cards(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(cards, zoom.AppTypeOAuth) {
		return guide.Fail(guide.ChooseOAuth, "an OAuth card", fmt.Sprintf("cards %q", cards))
	}
	ok, err := r.types.CreateEnabled(ctx, zoom.AppTypeOAuth)
	if err != nil {
		return err
	}
	if !ok {
		return guide.Fail(guide.ChooseOAuth, "the OAuth card's Create enabled", "it is disabled")
	}
	return nil
}

func (r *setupRun) doAppName(ctx context.Context) error {
	return r.create.SetName(ctx, r.app.Name)
}

func (r *setupRun) doUserManaged(ctx context.Context) error {
	if err := r.create.SelectUserManaged(ctx); err != nil {
		return err
	}
	on, err := r.create.UserManaged(ctx)
	if err != nil {
		return err
	}
	if !on {
		return guide.Fail(guide.UserManaged, "User-managed app selected", "Account-level app")
	}
	return nil
}

func (r *setupRun) doPublishOff(ctx context.Context) error {
	if err := r.create.SetPublish(ctx, false); err != nil {
		return err
	}
	on, err := r.create.Publish(ctx)
	if err != nil {
		return err
	}
	if on {
		return guide.Fail(guide.PublishOff, "the publish switch off", "on")
	}
	return nil
}

func (r *setupRun) doCreate(ctx context.Context) error {
	p, err := r.create.Create(ctx)
	if err != nil {
		return err
	}
	r.page = p
	name, err := p.Name(ctx)
	if err != nil {
		return err
	}
	if name != r.app.Name {
		return guide.Fail(guide.CreateApp, fmt.Sprintf("the app page of %q", r.app.Name), fmt.Sprintf("%q", name))
	}
	r.AppID = appIDFromURL(p.URL())
	return nil
}

func (r *setupRun) doCredentials(ctx context.Context) error {
	id, err := r.page.ClientID(ctx)
	if err != nil {
		return err
	}
	secret, err := r.page.ClientSecret(ctx)
	if err != nil {
		return err
	}
	r.e.secrets.Add(secret) // before anything could print or capture it
	if secret == "" {
		return guide.Fail(guide.Credentials, "a Client Secret", "an empty one")
	}
	r.ClientID, r.ClientSecret = id, secret
	if sim := r.e.zoomSim; sim != nil {
		want, ok := sim.ClientSecret(r.AppID)
		if !ok || want != secret {
			return guide.Fail(guide.Credentials, "the secret Zoom issued to the app", "another value (masked)")
		}
	}
	r.e.t.Logf("step 10.1: Client ID %s; Client Secret captured (%d characters, not shown)", id, len(secret))
	return nil
}

func (r *setupRun) doAllowList(ctx context.Context) error {
	if err := r.page.AddAllowList(ctx, r.allowURL); err != nil {
		return err
	}
	list, err := r.page.AllowList(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(list, r.allowURL) {
		return guide.Fail(guide.AllowList, fmt.Sprintf("%q on the allow list", r.allowURL), fmt.Sprintf("%q", list))
	}
	return nil
}

// continueTo clicks Continue and expects the named tab.
func (r *setupRun) continueTo(ctx context.Context, s guide.Step, tab string) error {
	to, err := r.page.Continue(ctx)
	if err != nil {
		return guide.Wrap(s, fmt.Sprintf("Continue to move to %s", tab), err)
	}
	if to != tab {
		return guide.Fail(s, fmt.Sprintf("Continue to move to %s", tab), fmt.Sprintf("tab %q", to))
	}
	return nil
}

// doContinueToInformation saves App Credentials with Continue (step 11);
// step 12 reads the saved values back.
func (r *setupRun) doContinueToInformation(ctx context.Context) error {
	return r.continueTo(ctx, guide.Information, zoom.TabInformation)
}

// doContinueToScopes saves Information with Continue (step 12), then proves
// that steps 10.2–11.3 were saved: it reloads the app (one reload for both
// tabs) and reads them back. A value that did not stick fails as the guide
// step that typed it.
func (r *setupRun) doContinueToScopes(ctx context.Context) error {
	if err := r.continueTo(ctx, guide.Scopes, zoom.TabScopes); err != nil {
		return err
	}
	if err := r.page.Reload(ctx); err != nil {
		return err
	}
	if err := r.verifyCredentialsSaved(ctx); err != nil {
		return err
	}
	if err := r.verifyInformationSaved(ctx); err != nil {
		return err
	}
	return r.page.OpenTab(ctx, zoom.TabScopes)
}

func (r *setupRun) verifyCredentialsSaved(ctx context.Context) error {
	if err := r.page.OpenTab(ctx, zoom.TabCredentials); err != nil {
		return err
	}
	got, err := r.page.RedirectURL(ctx)
	if err != nil {
		return err
	}
	if got != r.redirectURL {
		return guide.Fail(guide.RedirectURL, fmt.Sprintf("%q after a reload", r.redirectURL), fmt.Sprintf("%q", got))
	}
	list, err := r.page.AllowList(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(list, r.allowURL) {
		return guide.Fail(guide.AllowList, fmt.Sprintf("%q on the allow list after a reload", r.allowURL), fmt.Sprintf("%q", list))
	}
	return nil
}

func (r *setupRun) verifyInformationSaved(ctx context.Context) error {
	if err := r.page.OpenTab(ctx, zoom.TabInformation); err != nil {
		return err
	}
	got, err := r.page.Information(ctx)
	if err != nil {
		return err
	}
	a := r.app
	for _, c := range []struct {
		s         guide.Step
		field     string
		want, got string
	}{
		{guide.Descriptions, "Short description", a.ShortDescription, got.ShortDescription},
		{guide.Descriptions, "Long description", a.LongDescription, got.LongDescription},
		{guide.CompanyName, "Company Name", a.CompanyName, got.CompanyName},
		{guide.DeveloperContact, "developer Name", a.DeveloperName, got.DeveloperName},
		{guide.DeveloperContact, "developer Email", a.DeveloperEmail, got.DeveloperEmail},
	} {
		if c.got != c.want {
			return guide.Fail(c.s, fmt.Sprintf("%s %q after a reload", c.field, c.want), fmt.Sprintf("%q", c.got))
		}
	}
	return nil
}

// tickStep ticks the boxes of one of steps 13.1–13.3 in its category.
func (r *setupRun) tickStep(ctx context.Context, s guide.Step) error {
	want := r.app.ScopesOfStep(s.Number)
	if len(want) == 0 {
		return nil // this app leaves the category out
	}
	category := want[0].Category
	if err := r.scopes.SelectCategory(ctx, category); err != nil {
		return err
	}
	for _, sc := range want {
		ok, err := r.scopes.HasBox(ctx, sc.Description)
		if err != nil {
			return err
		}
		if !ok {
			boxes, _ := r.scopes.Boxes(ctx)
			return guide.Fail(s, fmt.Sprintf("a %q box (%s) in %s", sc.Description, sc.Name, category),
				fmt.Sprintf("boxes %q", boxNames(boxes)))
		}
		if err := r.scopes.Tick(ctx, sc.Description); err != nil {
			return err
		}
	}
	boxes, err := r.scopes.Boxes(ctx)
	if err != nil {
		return err
	}
	if r.ticked == nil {
		r.ticked = map[string][]string{}
	}
	r.ticked[category] = nil
	for _, b := range boxes {
		if b.Checked {
			r.ticked[category] = append(r.ticked[category], b.Description)
		}
	}
	return nil
}

func boxNames(bs []zoom.Box) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Description)
	}
	return out
}

// verifyScopeCount checks the pop-up's count (step 14) and that the ticked
// boxes are exactly the app's scopes.
func (r *setupRun) verifyScopeCount(ctx context.Context) error {
	want := len(r.app.Scopes)
	n, err := r.scopes.SelectedCount(ctx)
	if err != nil {
		return err
	}
	if n != want {
		txt, _ := r.scopes.CountText(ctx)
		return guide.Fail(guide.ScopeCount, fmt.Sprintf("a count of %d at the pop-up's top right", want), fmt.Sprintf("%q", txt))
	}
	// The count covers every category; the boxes ticked in the categories
	// of steps 13.1–13.3 must be exactly the app's scopes. With both, no box
	// of another category can be ticked, without opening each one.
	var ticked []string
	for _, boxes := range r.ticked {
		ticked = append(ticked, boxes...)
	}
	var expected []string
	for _, sc := range r.app.Scopes {
		expected = append(expected, sc.Description)
	}
	slices.Sort(ticked)
	slices.Sort(expected)
	if !slices.Equal(ticked, expected) {
		return guide.Fail(guide.ScopeCount, fmt.Sprintf("exactly the boxes %q ticked", expected), fmt.Sprintf("%q", ticked))
	}
	return nil
}

// doDone saves the pop-up (step 15) and checks the Scopes tab lists exactly
// the app's scopes, by name and description.
func (r *setupRun) doDone(ctx context.Context) error {
	if err := r.scopes.Done(ctx); err != nil {
		return err
	}
	var listed []string
	err := r.page.WaitFor(ctx, "the Scopes tab to list the saved scopes", func() (bool, error) {
		got, err := r.page.AddedScopes(ctx)
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
	for _, s := range r.app.Scopes {
		expected = append(expected, s.Name+" ("+s.Description+")")
	}
	slices.Sort(listed)
	slices.Sort(expected)
	if !slices.Equal(listed, expected) {
		return guide.Fail(guide.Done, fmt.Sprintf("the Scopes tab to list %q", expected), fmt.Sprintf("%q", listed))
	}
	return nil
}

func (r *setupRun) verifyAddEnabled(ctx context.Context) error {
	on, err := r.page.AddEnabled(ctx)
	if err != nil {
		return err
	}
	if !on {
		missing, _ := r.page.MissingRequirements(ctx)
		found := "Add disabled"
		if len(missing) > 0 {
			found += "; missing: " + strings.Join(missing, "; ")
		}
		return guide.Fail(guide.AddEnabled, "the Add button active", found)
	}
	if sim := r.e.zoomSim; sim != nil {
		if a, ok := sim.AppByName(r.e.email, r.app.Name); ok && a.Installs != 0 {
			return guide.Fail(guide.AddEnabled, "Add never clicked (the guide: do not install)", fmt.Sprintf("%d installs", a.Installs))
		}
	}
	return nil
}

func (r *setupRun) verifyCreatedApps(ctx context.Context) error {
	m, err := r.market.Manage(ctx)
	if err != nil {
		return err
	}
	if err := m.WaitForApp(ctx, r.app.Name); err != nil {
		return guide.Wrap(guide.CreatedApps, fmt.Sprintf("%q under Created Apps", r.app.Name), err)
	}
	sel, err := m.CreatedTabSelected(ctx)
	if err != nil {
		return err
	}
	if !sel {
		return guide.Fail(guide.CreatedApps, "the Created Apps tab selected", "another tab")
	}
	return nil
}
