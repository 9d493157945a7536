package zoom

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

var signInLabels = struct {
	email, next, password, signIn, code, verify, path, returnTo string
	landing                                                     []string
}{
	email:    "Email Address",
	next:     "Next",
	password: "Password",
	signIn:   "Sign In",
	code:     "Verification Code",
	verify:   "Verify",
	path:     "/signin",
	// The sign-in address's parameter that says where to go back after it.
	returnTo: "continue",
	// Where a sign-in may land (docs/procedure.md, section 4), possibly on a regional host.
	landing: []string{"/profile", "/myhome"},
}

// SignInPage is Zoom's two-step sign-in: email, Next, password, Sign In.
type SignInPage struct{ screen }

// ErrCodeRequired: Zoom held the sign-in for a one-time code (unusual
// sign-in or two-step verification); call Verify with the code.
var ErrCodeRequired = errors.New("zoom asks for a verification code")

// OpenSignIn opens the sign-in page in the tab, optionally to come back to
// continueTo (a path on the web site) afterwards.
func OpenSignIn(ctx context.Context, d Driver, p *rod.Page, continueTo string) (*SignInPage, error) {
	sc := d.on(p)
	u := strings.TrimRight(d.Site.WebURL, "/") + signInLabels.path
	if continueTo != "" {
		u += "?" + signInLabels.returnTo + "=" + url.QueryEscape(continueTo)
	}
	if err := sc.navigate(ctx, u); err != nil {
		return nil, err
	}
	return &SignInPage{sc}, nil
}

// OnSignInPage says whether the tab shows Zoom's sign-in page (a signed-out
// browser sent there by an authorize URL, say).
func OnSignInPage(p *rod.Page) bool { return IsSignInURL(ui.URL(p)) }

// IsSignInURL says whether an address is Zoom's sign-in page: where Zoom
// sends a browser whose sign-in session has ended, with the address to come
// back to.
func IsSignInURL(addr string) bool {
	u, err := url.Parse(addr)
	return err == nil && u.Path == signInLabels.path
}

// SignInPageOn wraps a tab the browser was sent to sign in (an OAuth
// authorize URL of a signed-out user).
func SignInPageOn(d Driver, p *rod.Page) *SignInPage { return &SignInPage{d.on(p)} }

// SignIn types the email, goes Next, types the password into the visible
// password box (a hidden duplicate exists) and signs in. It returns once the
// browser has left the sign-in page, with ErrCodeRequired if Zoom asks for a
// code, or with the page's message if the sign-in was refused.
func (p *SignInPage) SignIn(ctx context.Context, email, password string) error {
	r := p.r(ctx)
	if err := p.acceptCookies(ctx); err != nil {
		return err
	}
	f := signInFormIn(p.language(ctx))
	if err := r.Fill(f.email, email); err != nil {
		return err
	}
	if err := r.Click(f.next); err != nil {
		return err
	}
	if err := p.waitForOne(r, f.password); err != nil {
		return err
	}
	if err := r.Fill(f.password, password); err != nil {
		return err
	}
	if err := r.Click(f.signIn); err != nil {
		return err
	}
	return p.waitOutcome(r, f)
}

// Verify enters the one-time code Zoom asked for.
func (p *SignInPage) Verify(ctx context.Context, code string) error {
	r := p.r(ctx)
	f := signInFormIn(p.language(ctx))
	if err := r.Fill(f.code, code); err != nil {
		return err
	}
	if err := r.Click(f.verify); err != nil {
		return err
	}
	err := p.waitOutcome(r, f)
	if errors.Is(err, ErrCodeRequired) {
		return fmt.Errorf("the code was not accepted: %w", err)
	}
	return err
}

// waitForOne waits for q, or returns the page's alert if one shows first.
func (p *SignInPage) waitForOne(r ui.Region, q ui.Query) error {
	var msgs []string
	err := r.WaitUntil(q.String()+" or an error message", func() (bool, error) {
		if ok, err := r.Exists(q); err != nil || ok {
			return ok, err
		}
		m, err := alerts(r)
		msgs = m
		return len(m) > 0, err
	})
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		return &FieldError{Messages: msgs}
	}
	return nil
}

// waitOutcome waits until the browser leaves /signin, a code is asked for,
// or an error shows.
func (p *SignInPage) waitOutcome(r ui.Region, f signInForm) error {
	var outcome error
	err := r.WaitUntil("the sign-in to complete", func() (bool, error) {
		// An empty address is a page between documents, not a departure.
		if u, err := url.Parse(p.URL()); err == nil && u.Path != "" && u.Path != signInLabels.path {
			outcome = nil
			return true, nil
		}
		if ok, err := r.Exists(f.code); err != nil || ok {
			outcome = ErrCodeRequired
			return ok, err
		}
		m, err := alerts(r)
		if len(m) > 0 {
			outcome = &FieldError{Messages: m}
		}
		return len(m) > 0, err
	})
	if err != nil {
		return err
	}
	return outcome
}

// WaitLanded waits until the tab is on a page Zoom lands on after sign-in
// (any host: the live site may move to a regional one) and says whether it
// got there; the address it ended on comes back either way.
func (p *SignInPage) WaitLanded(ctx context.Context) (bool, string) {
	var at string
	err := p.r(ctx).WaitUntil("a landing page after sign-in", func() (bool, error) {
		at = p.URL()
		u, err := url.Parse(at)
		return err == nil && slices.Contains(signInLabels.landing, u.Path), nil
	})
	return err == nil, at
}

// Profile is the portal page the sign-in landed on.
func (p *SignInPage) Profile() *ProfilePage { return &ProfilePage{p.screen} }
