package flow

import (
	"context"
	"errors"
	"fmt"

	"lszoom/internal/guide"
	"lszoom/pages/zoom"
)

// ErrSessionExpired: Zoom wants a person at the sign-in (its session ended,
// reCAPTCHA, an emailed code) and the run has no way through: a person must
// sign in once more with make login. Step 1 fails with it, never a wait.
var ErrSessionExpired = errors.New("the saved session has expired: run make login")

// signIn is guide step 1: a signed-in browser on the profile page, from
// the saved session or by the password, then the account guard.
func (g setupSteps) signIn(ctx context.Context, _ struct{}) (*zoom.ProfilePage, error) {
	var profile *zoom.ProfilePage
	if g.SavedSession {
		p, signedIn, err := zoom.OpenProfile(ctx, g.Zoom, g.Tab)
		if err != nil {
			return nil, err
		}
		if !signedIn {
			return nil, &guide.StepError{Step: guide.SignIn, Expected: "Zoom to take the saved session",
				Found: "its sign-in page", Err: ErrSessionExpired}
		}
		g.Hooks.logf("step 1: signed in from the saved session")
		profile = p
	} else {
		p, err := zoom.OpenSignIn(ctx, g.Zoom, g.Tab, "")
		if err != nil {
			return nil, err
		}
		if err := SignIn(ctx, p, g.Owner, g.Hooks); err != nil {
			return nil, err
		}
		if ok, at := p.WaitLanded(ctx); !ok {
			return nil, guide.Fail(guide.SignIn, "to land on /profile or /myhome", at)
		}
		profile = p.Profile()
		if err := profile.WaitReady(ctx); err != nil {
			return nil, guide.Wrap(guide.SignIn, "the portal's side menu after signing in", err)
		}
		g.Hooks.logf("step 1: signed in with the password")
	}
	g.Hooks.logf("step 1: the portal's language: %s", zoom.LanguageName(profile.Language(ctx)))
	return profile, g.guardAccount(ctx, profile)
}

// guardAccount is the account guard: the profile's Account No. must be the
// configured one, so that a run signed in to another account (a customer's)
// stops before it creates anything there.
func (g setupSteps) guardAccount(ctx context.Context, p *zoom.ProfilePage) error {
	if g.AccountNo == "" {
		return nil
	}
	got, err := p.AccountNumber(ctx)
	if err != nil {
		return guide.Wrap(guide.SignIn, "the profile's Account No. (the account guard)", err)
	}
	if got != g.AccountNo {
		return guide.Fail(guide.SignIn, fmt.Sprintf("the account %s (ZOOM_ACCOUNT_NUMBER)", g.AccountNo),
			fmt.Sprintf("the account %s signed in: nothing is created in another account", got))
	}
	g.Hooks.logf("step 1: the account guard passed (Account No. %s)", got)
	return nil
}

// SignIn signs the owner in on Zoom's sign-in page. A sign-in held for an
// emailed code gets the code from hooks.Code, when it can; otherwise, or
// with no password to type (a run from a saved session), it stops with
// ErrSessionExpired: only a person can get through now.
func SignIn(ctx context.Context, p *zoom.SignInPage, o Login, hooks Hooks) error {
	if o.Password == "" {
		return &guide.StepError{Step: guide.SignIn, Expected: "a signed-in browser",
			Found: "Zoom's sign-in page, and no password to type", Err: ErrSessionExpired}
	}
	err := p.SignIn(ctx, o.User, o.Password)
	if errors.Is(err, zoom.ErrCodeRequired) {
		if hooks.Code == nil {
			return &guide.StepError{Step: guide.SignIn, Expected: "a signed-in owner",
				Found: "Zoom asks for a one-time code, which only a person can read", Err: ErrSessionExpired}
		}
		code, ok := hooks.Code(o.User)
		if !ok {
			return guide.Fail(guide.SignIn, "a one-time code", "none to be had")
		}
		err = p.Verify(ctx, code)
	}
	return err
}

// SignedIn is guide step 1 alone, as a flow: a signed-in tab from the saved
// session or the password, then the account guard. For the tools that only
// need a signed-in Zoom (the janitor, make login's check, the nightly's
// checks); nothing is created. profile is the page it landed on, once run.
func SignedIn(p Portal) (f Flow, profile func() *zoom.ProfilePage) {
	r := &run{}
	g := setupSteps{Setup: Setup{Portal: p}}
	return Flow{Name: "sign-in", Steps: []Step{step(guide.SignIn, &r.none, &r.signIn, g.signIn)}},
		func() *zoom.ProfilePage { return r.signIn }
}
