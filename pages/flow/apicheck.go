package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"lszoom/internal/guide"
	"lszoom/internal/zoomapi"
)

// Only the screens say that the app was saved as the guide asks. Where the
// run has a maintenance token, Zoom's Marketplace API says it independently:
// after the scopes are saved (step 15) and again after step 18, the app as
// the API records it is compared with what the guide asked, and a
// difference fails the guide step it belongs to.
//
// What the API can tell depends on the flow: GET /apps/{id} gives any app's
// status and scopes; the manifest (display name, usage, redirect URL, allow
// list, scopes) exists for a draft General App only.

// AppRecords is Zoom's Marketplace API as a setup flow reads an app back
// (*zoomapi.Client).
type AppRecords interface {
	App(ctx context.Context, appID string) (zoomapi.App, error)
	Manifest(ctx context.Context, appID string) (zoomapi.Manifest, error)
}

// The values Zoom's API gives for what the guide asks.
const (
	apiUnpublished = "unpublished"    // app_status of a never-published app
	apiUserLevel   = "USER_OPERATION" // oauth_information.usage of a User-managed app
	apiWhere       = "in Zoom's Marketplace API"
)

// records is what the API checks of one flow share: the app's ID once
// made, and whether the API has refused the token (then it is not asked
// again, and the run goes on through the screens).
type records struct {
	appID func() string
	off   bool
}

// verifyRecord compares the app as the API records it with the guide's, at
// step s ("after Done", "after step 18": when). No API, or a refused token:
// nothing to do (Hooks.APIRefused is told once).
func (g setupSteps) verifyRecord(ctx context.Context, s guide.Step, when string) error {
	if g.API == nil || g.rec == nil || g.rec.off {
		return nil
	}
	id := g.rec.appID()
	a, err := g.API.App(ctx, id)
	if err != nil {
		return g.apiFailed(s, "the app "+id+" "+apiWhere+" "+when, err)
	}
	if a.Status != apiUnpublished {
		return guide.Fail(g.step(guide.PublishOff.Number), fmt.Sprintf("app_status %q %s %s", apiUnpublished, apiWhere, when), fmt.Sprintf("%q", a.Status))
	}
	if err := g.sameScopes(a.Scopes, "app_scopes", when); err != nil {
		return err
	}
	checked := "unpublished, its scopes"
	if g.flow == guide.FlowGeneral {
		m, err := g.API.Manifest(ctx, id)
		if errors.Is(err, zoomapi.ErrNotDraftGeneral) {
			return guide.Fail(g.step(guide.PublishOff.Number), "a draft General App whose manifest "+apiWhere+" can be read "+when, err.Error())
		}
		if err != nil {
			return g.apiFailed(s, "the app's manifest "+apiWhere+" "+when, err)
		}
		if err := g.sameManifest(m, when); err != nil {
			return err
		}
		checked += ", name, management, redirect URL and allow list (manifest)"
	}
	if g.rec.off {
		return nil // refused between the two calls
	}
	g.Hooks.logf("step %s: Zoom's Marketplace API records the app as the guide asks %s: %s", s.Number, when, checked)
	return nil
}

// apiFailed is an API call that failed: a refused token turns the checks
// off and the run goes on through the screens; anything else fails step s.
func (g setupSteps) apiFailed(s guide.Step, expected string, err error) error {
	if errors.Is(err, zoomapi.ErrTokenRefused) || zoomapi.IsUnauthorized(err) {
		g.rec.off = true
		if g.Hooks.APIRefused != nil {
			g.Hooks.APIRefused(err)
		}
		return nil
	}
	return guide.Wrap(s, expected, err)
}

// sameScopes compares the scopes the API lists with the boxes the flow
// ticked: one missing fails the guide step that ticks it, one more fails
// Done (15), which saved them.
func (g setupSteps) sameScopes(got []string, field, when string) error {
	for _, b := range g.boxes {
		if !slices.Contains(got, b.Name) {
			st := g.step(b.Step)
			return guide.Fail(st, fmt.Sprintf("%s (%q, %s) among the app's %s %s %s", b.Name, b.Description, b.Category, field, apiWhere, when),
				fmt.Sprintf("%s %q", field, sortedCopy(got)))
		}
	}
	if want := g.boxes.Names(); len(got) != len(want) {
		return guide.Fail(g.step(guide.Done.Number), fmt.Sprintf("exactly the scopes %q as %s %s %s", want, field, apiWhere, when),
			fmt.Sprintf("%q", sortedCopy(got)))
	}
	return nil
}

// sameManifest compares a General App's manifest with the guide's app.
func (g setupSteps) sameManifest(m zoomapi.Manifest, when string) error {
	where := " in the app's manifest " + apiWhere + " " + when
	switch {
	case m.DisplayName != g.App.Name:
		return guide.Fail(g.step(guide.AppName.Number), fmt.Sprintf("display_name %q%s", g.App.Name, where), fmt.Sprintf("%q", m.DisplayName))
	case g.App.Management == guide.ManagedByUser && m.Usage != apiUserLevel:
		return guide.Fail(g.step(guide.UserManaged.Number), fmt.Sprintf("usage %q (User-managed)%s", apiUserLevel, where), fmt.Sprintf("%q", m.Usage))
	case m.DevelopmentRedirectURI != g.RedirectURL:
		return guide.Fail(g.step(guide.RedirectURL.Number), fmt.Sprintf("development_redirect_uri %q%s", g.RedirectURL, where), fmt.Sprintf("%q", m.DevelopmentRedirectURI))
	case !slices.Contains(m.AllowList, g.AllowURL):
		return guide.Fail(g.step(guide.AllowList.Number), fmt.Sprintf("%q on oauth_allow_list%s", g.AllowURL, where), fmt.Sprintf("%q", m.AllowList))
	}
	return g.sameScopes(m.ScopeNames(), "manifest scopes", when)
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// step is guide step number as this flow titles it.
func (g setupSteps) step(number string) guide.Step {
	s, _ := guide.ByNumber(number)
	if g.flow == guide.FlowGeneral {
		return general(s)
	}
	return s
}
