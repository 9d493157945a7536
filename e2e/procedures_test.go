package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
	"lszoom/pages/flow"
	"lszoom/pages/zoom"
)

// The procedures live in pages/flow; these adapters give them a test's
// world (the env's sites, tab, secrets and log) and the guide's app.

// setupRun is one pass of a setup flow, steps 1–18, for one app.
type setupRun struct {
	app     guide.App
	flow    flow.Flow
	created func() flow.Created
}

func (e *env) setup(app guide.App, registerURL string) flow.Setup {
	var api flow.AppRecords // a nil *zoomapi.Client is not a nil AppRecords
	if e.api != nil {
		api = e.api
	}
	return flow.Setup{
		API:  api,
		Zoom: e.d, Tab: e.sess.Page,
		Owner: flow.Login{User: e.email, Password: e.password},
		App:   app, RedirectURL: registerURL, AllowURL: registerURL,
		Hooks:        e.hooks(),
		SavedSession: e.savedSession, AccountNo: cfg.AccountNo,
	}
}

// newSetupRun is the classic flow's steps 1–18, all known in advance (for
// tests that cut the walk at a step).
func newSetupRun(e *env, app guide.App, registerURL string) *setupRun {
	f, created := flow.Classic(e.setup(app, registerURL))
	e.made.app(app.Name, func() string { return created().AppID })
	return &setupRun{app: app, flow: f, created: created}
}

// classicFromApp is the classic flow from step 10.1, for a test whose
// failure comes after step 9 (a regression on the app's tabs): against the
// stand-in, the app is made through its Go API with the guide's name, the
// browser is given the owner's session, and the app's page is opened, as a
// person comes back to an app they created. Steps 1–9 are TestSetupOAuthApp's.
// Against a real Zoom it is the whole classic walk.
func classicFromApp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	if e.zoomSim == nil {
		return newSetupRun(e, app, registerURL)
	}
	ctx, appURL := arrangeApp(t, e, zoomsim.AppSpec{Name: app.Name})
	page, err := zoom.OpenApp(ctx, e.d, e.sess.Page, appURL)
	require.NoError(t, err, "open the app's page")
	t.Logf("the app %q made through the stand-in's API and its page opened: the walk starts at 10.1; steps 1–9 are TestSetupOAuthApp's", app.Name)
	f, created := flow.ClassicForApp(e.setup(app, registerURL), page)
	return &setupRun{app: app, flow: f, created: created}
}

// generalFromApp is classicFromApp on the General App flow: a General App
// made through the stand-in's API, with the guide's name and User-managed,
// its page opened on Basic Information, and the walk from 10.1. Against a
// real Zoom it is the whole walk.
func generalFromApp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	if e.zoomSim == nil {
		return newBuildRun(e, app, registerURL)
	}
	ctx, appURL := arrangeApp(t, e, zoomsim.AppSpec{Flow: zoomsim.FlowGeneral, Name: app.Name})
	page, err := zoom.OpenGeneralApp(ctx, e.d, e.sess.Page, appURL)
	require.NoError(t, err, "open the General App's page")
	t.Logf("the General App %q made through the stand-in's API and its page opened: the walk starts at 10.1; steps 1–9 are TestSetupOAuthApp's", app.Name)
	f, created := flow.GeneralForApp(e.setup(app, registerURL), page)
	return &setupRun{app: app, flow: f, created: created}
}

// arrangeApp makes the app through the stand-in's API, signs the owner in
// through it and gives the browser that session: it returns the app's
// Marketplace address, and a context bounded by one step's time (until the
// test ends) for opening it.
func arrangeApp(t *testing.T, e *env, spec zoomsim.AppSpec) (context.Context, string) {
	t.Helper()
	a, err := e.zoomSim.CreateApp(e.email, spec)
	require.NoError(t, err, "make the app through the stand-in's API")
	e.secrets.Add(a.ClientSecret)
	c, err := e.zoomSim.SignIn(e.email, e.password)
	require.NoError(t, err, "sign the owner in through the stand-in's API")
	ctx, cancel := context.WithTimeout(t.Context(), e.stepTime)
	t.Cleanup(cancel)
	require.NoError(t, e.carryCookie(ctx, c, e.site.WebURL), "give the browser the owner's session")
	return ctx, strings.TrimRight(e.site.WebURL, "/") + e.zoomSim.AppPath(a, "")
}

// newBuildRun is the setup on whichever build flow the Marketplace offers,
// found out at step 5.
func newBuildRun(e *env, app guide.App, registerURL string) *setupRun {
	f, created := flow.Build(e.setup(app, registerURL))
	e.made.app(app.Name, func() string { return created().AppID })
	return &setupRun{app: app, flow: f, created: created}
}

func (r *setupRun) steps() []flow.Step { return r.flow.Steps }

// result is what the steps run so far created.
func (r *setupRun) result() flow.Created { return r.created() }

// found is the build flow that made the app (known once step 5 has run).
func (r *setupRun) found() guide.Flow { return r.result().Flow }

// scopeNames are the app's scopes as the flow that made it names them.
func (r *setupRun) scopeNames() []string { return r.app.Boxes(r.found()).Names() }

// roundTrip is the round trip after a setup, with what a test may change
// before it builds the flow (its first steps() or again()).
type roundTrip struct {
	e     *env
	setup *setupRun

	clientSecret string // what LS.1 types (the app's, unless a test breaks it)
	regEmail     string // the room's Registration email
	decline      bool   // Decline instead of Allow on Zoom's consent page
	tamperState  bool   // change the state on its way back to LearningSpace
	roomName     string // LS.2's room, with the run's ID

	trip *flow.Trip
}

func newRoundTrip(e *env, setup *setupRun) *roundTrip {
	rt := &roundTrip{e: e, setup: setup, regEmail: e.email, roomName: testapp.RoomName(e.runID)}
	e.made.room(rt.roomName)
	return rt
}

func (rt *roundTrip) build() flow.Trip {
	if rt.trip != nil {
		return *rt.trip
	}
	e, made := rt.e, rt.setup.result()
	creds := made.Credentials
	if rt.clientSecret != "" {
		creds.ClientSecret = rt.clientSecret
	}
	consent := flow.Allow
	if rt.decline {
		consent = flow.Decline
	}
	var before func(*rod.Page) (func(), error)
	if rt.tamperState {
		before = func(p *rod.Page) (func(), error) {
			return rewriteState(p, e.lsURL, "tampered-"+e.runID)
		}
	}
	trip := flow.NewRoundTrip(flow.RoundTrip{
		LearningSpace: e.ls, Zoom: e.d, Tab: e.sess.Page,
		Admin:    flow.Login{User: cfg.LSAdminUser, Password: cfg.LSAdminPassword},
		ZoomUser: flow.Login{User: e.email, Password: e.password},
		App:      rt.setup.app, Flow: made.Flow, Credentials: creds,
		Room: rt.roomName, RoomPrefix: testapp.RoomPrefix, RegistrationEmail: rt.regEmail,
		Consent: consent, BeforeAllow: before, Hooks: e.hooks(),
	})
	rt.trip = &trip
	return trip
}

// steps is LS.0–LS.6.
func (rt *roundTrip) steps() []flow.Step { return rt.build().Flow.Steps }

// again is what a person does after a failed authorization: back to the
// room, Authorize again, then LS.4–LS.6.
func (rt *roundTrip) again() []flow.Step { return rt.build().Again.Steps }

// fromRoom is the round trip of a test whose failure comes after
// LearningSpace's set-up (LS.0–LS.2, which TestSetupOAuthApp walks): against
// the stand-in, LearningSpace is arranged through its Go API (the app's
// credentials saved, the room added, the administrator signed in in this
// browser), and the steps start at LS.3 the way a person starts with a room
// that exists: System, Rooms, the room, Authorize; then LS.4–LS.6. Against
// a real LearningSpace it is the whole round trip, LS.0–LS.6.
func (rt *roundTrip) fromRoom(t *testing.T) []flow.Step {
	t.Helper()
	e := rt.e
	if e.lsSim == nil {
		return rt.steps()
	}
	creds := rt.setup.result().Credentials
	if rt.clientSecret != "" {
		creds.ClientSecret = rt.clientSecret
	}
	require.NoError(t, e.lsSim.SetZoomCredentials(creds.ClientID, creds.ClientSecret), "save the credentials through the stand-in's API")
	_, err := e.lsSim.AddRoom(learningspace.Room{Name: rt.roomName, Description: flow.RoomDescription, Virtual: true,
		RegistrationEmail: rt.regEmail})
	require.NoError(t, err, "add the room through the stand-in's API")
	c, err := e.lsSim.SignIn(cfg.LSAdminUser, cfg.LSAdminPassword)
	require.NoError(t, err, "sign the administrator in through the stand-in's API")
	ctx, cancel := context.WithTimeout(t.Context(), e.stepTime)
	defer cancel()
	require.NoError(t, e.carryCookie(ctx, c, e.lsURL), "give the browser the administrator's session")
	p := e.sess.Page.Context(ctx)
	require.NoError(t, p.Navigate(e.lsURL), "open LearningSpace")
	require.NoError(t, p.WaitLoad(), "open LearningSpace")
	t.Logf("LearningSpace arranged through the stand-in's API (credentials saved, room %q added, administrator signed in): "+
		"the round trip starts at LS.3; LS.0–LS.2 are TestSetupOAuthApp's", rt.roomName)
	return rt.again()
}

// carryCookie gives the test's browser a session cookie a stand-in's API
// issued for siteURL, as the site's own Set-Cookie would have.
func (e *env) carryCookie(ctx context.Context, c *http.Cookie, siteURL string) error {
	return e.sess.Page.Context(ctx).SetCookies([]*proto.NetworkCookieParam{{Name: c.Name, Value: c.Value, URL: siteURL,
		Path: "/", HTTPOnly: c.HttpOnly, SameSite: proto.NetworkCookieSameSiteLax}})
}

// rewriteState changes the state parameter of the browser's way back to
// LearningSpace, as an attacker's forged link would carry: the request is
// altered in the browser (Fetch domain), cookies and all.
func rewriteState(p *rod.Page, lsURL, state string) (stop func(), err error) {
	router := p.HijackRequests()
	err = router.Add(lsURL+"/?*", proto.NetworkResourceTypeDocument, func(h *rod.Hijack) {
		u := *h.Request.URL()
		q := u.Query()
		if q.Get("state") != "" {
			q.Set("state", state)
			u.RawQuery = q.Encode()
		}
		h.ContinueRequest(&proto.FetchContinueRequest{URL: u.String()})
	})
	if err != nil {
		return nil, err
	}
	go router.Run()
	return func() { _ = router.Stop() }, nil
}
