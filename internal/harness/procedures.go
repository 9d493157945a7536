package harness

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
	"lszoom/pages/flow"
	"lszoom/pages/zoom"
)

// The procedures live in pages/flow; these give them a world's sites, tab,
// secrets and log, and the guide's app.

// SetupRun is one pass of a setup flow, steps 1–18, for one app.
type SetupRun struct {
	App     guide.App
	Flow    flow.Flow
	created func() flow.Created
}

// Result is what the steps run so far created.
func (r *SetupRun) Result() flow.Created { return r.created() }

// Found is the build flow that made the app (known once step 5 has run).
func (r *SetupRun) Found() guide.Flow { return r.Result().Flow }

// ScopeNames are the app's scopes as the flow that made it names them.
func (r *SetupRun) ScopeNames() []string { return r.App.Boxes(r.Found()).Names() }

// Setup is what a setup flow of this world needs for app, registering
// registerURL (LearningSpace's) as its redirect URL and on its allow list.
func (w *World) Setup(app guide.App, registerURL string) flow.Setup {
	return flow.Setup{Portal: w.Portal(), API: w.APIRecords(),
		App: app, RedirectURL: registerURL, AllowURL: registerURL}
}

// Build is the setup on whichever build flow the Marketplace offers, found
// out at step 5.
func (w *World) Build(app guide.App, registerURL string) *SetupRun {
	f, created := flow.Build(w.Setup(app, registerURL))
	w.Made(app.Name, func() string { return created().AppID })
	return &SetupRun{App: app, Flow: f, created: created}
}

// Classic is the classic flow's steps 1–18, all known in advance (for a
// walk cut at a step).
func (w *World) Classic(app guide.App, registerURL string) *SetupRun {
	f, created := flow.Classic(w.Setup(app, registerURL))
	w.Made(app.Name, func() string { return created().AppID })
	return &SetupRun{App: app, Flow: f, created: created}
}

// FromApp is the setup from step 10.1 on the stand-in's build flow for
// an app made through the stand-in's Go API with the guide's name, for a
// walk whose failure comes after step 9: the browser is given the owner's
// session and the app's page is opened, as a person comes back to an app
// they created. Steps 1–9 are the whole walk's. Against a real Zoom it is
// the whole walk: Classic or Build.
func (w *World) FromApp(app guide.App, registerURL string, on guide.Flow) (*SetupRun, error) {
	if w.ZoomSim == nil {
		if on == guide.FlowClassic {
			return w.Classic(app, registerURL), nil
		}
		return w.Build(app, registerURL), nil
	}
	a, err := w.ZoomSim.CreateApp(w.Email, zoomsim.AppSpec{Flow: on, Name: app.Name})
	if err != nil {
		return nil, fmt.Errorf("make the app through the stand-in's API: %w", err)
	}
	w.Secrets.Add(a.ClientSecret)
	ctx, cancel := context.WithTimeout(w.ctx, w.StepTime)
	defer cancel()
	if err := w.signInThroughAPI(ctx); err != nil {
		return nil, err
	}
	appURL := strings.TrimRight(w.Site.WebURL, "/") + w.ZoomSim.AppPath(a, "")
	var f flow.Flow
	var created func() flow.Created
	if on == guide.FlowGeneral {
		page, err := zoom.OpenGeneralApp(ctx, w.Zoom, w.Sess.Page, appURL)
		if err != nil {
			return nil, fmt.Errorf("open the General App's page: %w", err)
		}
		f, created = flow.GeneralForApp(w.Setup(app, registerURL), page)
	} else {
		page, err := zoom.OpenApp(ctx, w.Zoom, w.Sess.Page, appURL)
		if err != nil {
			return nil, fmt.Errorf("open the app's page: %w", err)
		}
		f, created = flow.ClassicForApp(w.Setup(app, registerURL), page)
	}
	w.Logf("the %s app %q made through the stand-in's API and its page opened: the walk starts at 10.1; steps 1–9 are the whole walk's", on, app.Name)
	return &SetupRun{App: app, Flow: f, created: created}, nil
}

// signInThroughAPI signs the owner in through the Zoom stand-in's API and
// gives the browser that session.
func (w *World) signInThroughAPI(ctx context.Context) error {
	c, err := w.ZoomSim.SignIn(w.Email, w.Password)
	if err != nil {
		return fmt.Errorf("sign the owner in through the stand-in's API: %w", err)
	}
	if err := w.CarryCookie(ctx, c, w.Site.WebURL); err != nil {
		return fmt.Errorf("give the browser the owner's session: %w", err)
	}
	return nil
}

// MadeThroughAPI is the guide's app made as steps 1–18 would make it,
// through the Zoom stand-in's Go API, on the build flow the stand-in offers
// the owner (as step 5 would find): for a walk that starts after the guide.
func (w *World) MadeThroughAPI(app guide.App, registerURL string) (*SetupRun, error) {
	if w.ZoomSim == nil {
		return nil, ErrNeedsStandIns
	}
	found := w.ZoomSim.AccountFlow(w.Email)
	spec := zoomsim.AppSpec{
		Name: app.Name, RedirectURL: registerURL, AllowList: []string{registerURL}, Scopes: app.Boxes(found).Names(),
		Info: zoomsim.AppInfo{
			ShortDescription: app.ShortDescription, LongDescription: app.LongDescription,
			CompanyName: app.CompanyName, DeveloperName: app.DeveloperName, DeveloperEmail: app.DeveloperEmail,
		},
	}
	if found == zoomsim.FlowGeneral {
		spec.Flow, spec.Info = zoomsim.FlowGeneral, zoomsim.AppInfo{}
	}
	a, err := w.ZoomSim.CreateApp(w.Email, spec)
	if err != nil {
		return nil, fmt.Errorf("make the app through the stand-in's API: %w", err)
	}
	w.Secrets.Add(a.ClientSecret)
	made := flow.Created{AppID: a.ID, Flow: found, Credentials: flow.Credentials{ClientID: a.ClientID, ClientSecret: a.ClientSecret}}
	return &SetupRun{App: app, created: func() flow.Created { return made }}, nil
}

// Procedure is the whole procedure: the guide's steps 1–18 on whichever
// build flow the Marketplace offers (Build), then, if they passed,
// LearningSpace's round trip with the app they made. It returns how the
// last walk ended.
func (w *World) Procedure(ctx context.Context, by Walker) Walked {
	setup := w.Build(w.NewApp(), w.LSURL)
	res := w.Walk(ctx, setup.Flow, by)
	if res.Err != nil {
		return res
	}
	return w.Walk(ctx, flow.Flow{Steps: w.RoundTrip(setup).Steps()}, by)
}

// Trip is the round trip after a setup, with what a caller may change
// before its first Steps or Again builds the flow.
type Trip struct {
	w     *World
	setup *SetupRun

	ClientSecret      string // what LS.1 types (the app's, unless a test breaks it)
	RegistrationEmail string // the room's Registration email
	Decline           bool   // Decline instead of Allow on Zoom's consent page
	TamperState       bool   // change the state on its way back to LearningSpace
	Room              string // LS.2's room, with the run's ID

	trip *flow.Trip
}

// RoundTrip is LearningSpace's round trip with the app setup made.
func (w *World) RoundTrip(setup *SetupRun) *Trip {
	rt := &Trip{w: w, setup: setup, RegistrationEmail: w.Email, Room: testapp.RoomName(w.RunID)}
	w.MadeRoom(rt.Room)
	return rt
}

func (rt *Trip) credentials() flow.Credentials {
	creds := rt.setup.Result().Credentials
	if rt.ClientSecret != "" {
		creds.ClientSecret = rt.ClientSecret
	}
	return creds
}

func (rt *Trip) build() flow.Trip {
	if rt.trip != nil {
		return *rt.trip
	}
	w := rt.w
	consent := flow.Allow
	if rt.Decline {
		consent = flow.Decline
	}
	var before func(*rod.Page) (func(), error)
	if rt.TamperState {
		before = func(p *rod.Page) (func(), error) {
			return rewriteState(p, w.LSURL, "tampered-"+w.RunID)
		}
	}
	trip := flow.NewRoundTrip(flow.RoundTrip{
		LearningSpace: w.LS, Zoom: w.Zoom, Tab: w.Sess.Page,
		Admin: w.LSAdmin(), ZoomUser: w.Owner(),
		App: rt.setup.App, Flow: rt.setup.Found(), Credentials: rt.credentials(),
		Room: rt.Room, RoomPrefix: testapp.RoomPrefix, RegistrationEmail: rt.RegistrationEmail,
		Consent: consent, BeforeAllow: before, Hooks: w.Hooks(),
	})
	rt.trip = &trip
	return trip
}

// Setup is the setup whose app the round trip uses.
func (rt *Trip) Setup() *SetupRun { return rt.setup }

// Steps is LS.0–LS.6.
func (rt *Trip) Steps() []flow.Step { return rt.build().Flow.Steps }

// Again is what a person does after a failed authorization: back to the
// room, Authorize again, then LS.4–LS.6.
func (rt *Trip) Again() []flow.Step { return rt.build().Again.Steps }

// FromRoom is the round trip of a walk whose failure comes after
// LearningSpace's set-up (LS.0–LS.2, which the whole walk has): against the
// stand-in, LearningSpace is arranged through its Go API (the app's
// credentials saved, the room added, the administrator signed in in this
// browser), and the steps start at LS.3 the way a person starts with a room
// that exists: System, Rooms, the room, Authorize; then LS.4–LS.6. Against
// a real LearningSpace it is the whole round trip, LS.0–LS.6.
func (rt *Trip) FromRoom() ([]flow.Step, error) {
	w := rt.w
	if w.LSSim == nil {
		return rt.Steps(), nil
	}
	creds := rt.credentials()
	if err := w.LSSim.SetZoomCredentials(creds.ClientID, creds.ClientSecret); err != nil {
		return nil, fmt.Errorf("save the credentials through the stand-in's API: %w", err)
	}
	if _, err := w.LSSim.AddRoom(learningspace.Room{Name: rt.Room, Description: flow.RoomDescription, Virtual: true,
		RegistrationEmail: rt.RegistrationEmail}); err != nil {
		return nil, fmt.Errorf("add the room through the stand-in's API: %w", err)
	}
	admin := w.LSAdmin()
	c, err := w.LSSim.SignIn(admin.User, admin.Password)
	if err != nil {
		return nil, fmt.Errorf("sign the administrator in through the stand-in's API: %w", err)
	}
	ctx, cancel := context.WithTimeout(w.ctx, w.StepTime)
	defer cancel()
	if err := w.CarryCookie(ctx, c, w.LSURL); err != nil {
		return nil, fmt.Errorf("give the browser the administrator's session: %w", err)
	}
	p := w.Sess.Page.Context(ctx)
	if err := p.Navigate(w.LSURL); err != nil {
		return nil, fmt.Errorf("open LearningSpace: %w", err)
	}
	if err := p.WaitLoad(); err != nil {
		return nil, fmt.Errorf("open LearningSpace: %w", err)
	}
	w.Logf("LearningSpace arranged through the stand-in's API (credentials saved, room %q added, administrator signed in): "+
		"the round trip starts at LS.3; LS.0–LS.2 are the whole walk's", rt.Room)
	return rt.Again(), nil
}

// CarryCookie gives the world's browser a session cookie a stand-in's API
// issued for siteURL, as the site's own Set-Cookie would have.
func (w *World) CarryCookie(ctx context.Context, c *http.Cookie, siteURL string) error {
	return w.Sess.Page.Context(ctx).SetCookies([]*proto.NetworkCookieParam{{Name: c.Name, Value: c.Value, URL: siteURL,
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
