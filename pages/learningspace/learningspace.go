// Package learningspace holds the page objects of CAE LearningSpace's screens
// that the Zoom round trip needs: Log In, System → Security (the Zoom OAuth
// meeting provider), System → Rooms → Add New Room, a virtual room's page,
// and the error screen of a failed authorization. Labels are in one block
// (labels below), so the objects can be pointed at a real LearningSpace.
package learningspace

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

var labels = struct {
	username, password, logIn                                      string
	mainNav, system, systemTabs, security, rooms                   string
	clientID, clientSecret, redirectURL, save, settingsSaved       string
	addNewRoom, name, description, virtualRoom, regEmail, add      string
	virtualHeading, grantedScopes, authorize                       string
	scheduleMeeting, checkRecordings, removeRoom                   string
	authFailed                                                     string
	notAuthorized, authorizedAs, meetingScheduled, recordingsFound string
}{
	username: "Username", password: "Password", logIn: "Log In",
	mainNav: "Main", system: "System", systemTabs: "System", security: "Security", rooms: "Rooms",
	clientID: "Client ID", clientSecret: "Client Secret", redirectURL: "Redirect URL",
	save: "Save", settingsSaved: "Settings saved",
	addNewRoom: "Add New Room", name: "Name", description: "Description", virtualRoom: "Virtual Room",
	regEmail: "Registration email", add: "Add",
	virtualHeading:  "Set Up Virtual Rooms & Authorize LearningSpace to Access the Appointed Zoom User Accounts",
	grantedScopes:   "Granted scopes",
	authorize:       "Authorize LearningSpace in Zoom",
	scheduleMeeting: "Schedule test meeting", checkRecordings: "Check recordings", removeRoom: "Remove room",
	authFailed: "Zoom authorization failed",
	// Status texts: "Authorized as <email>", "Test meeting scheduled: <topic>
	// (ID <id>)", "<n> recordings found".
	notAuthorized: "Not authorized", authorizedAs: "Authorized as ",
	meetingScheduled: "Test meeting scheduled: ", recordingsFound: " recordings found",
}

// Driver is where LearningSpace lives.
type Driver struct {
	URL string // the base URL users reach LearningSpace at
}

// screen is one tab of LearningSpace. Every method takes the context of the
// step it works for: its deadline bounds all the method's waits.
type screen struct {
	d    Driver
	page *rod.Page
}

func (d Driver) on(p *rod.Page) screen { return screen{d: d, page: p} }

// r is the tab as a region under the step's deadline.
func (sc screen) r(ctx context.Context) ui.Region { return ui.In(ctx, sc.page) }

func (sc screen) url() string { return ui.URL(sc.page) }

// submit clicks a button that posts a form and waits for the next document.
func (sc screen) submit(ctx context.Context, in ui.Region, q ui.Query) error {
	wait := sc.page.Context(ctx).WaitNavigation("load")
	if err := in.Click(q); err != nil {
		return err
	}
	wait()
	return ctx.Err()
}

// LogIn opens LearningSpace's Log In page and signs in.
func LogIn(ctx context.Context, d Driver, p *rod.Page, user, password string) (*Dashboard, error) {
	sc := d.on(p)
	r := sc.r(ctx)
	pp := p.Context(ctx)
	err := pp.Navigate(strings.TrimRight(d.URL, "/") + "/login")
	if err == nil {
		err = ui.WaitLoad(pp)
	}
	if err != nil {
		return nil, fmt.Errorf("open LearningSpace: %w", err)
	}
	if err := r.Fill(ui.Role("textbox", labels.username), user); err != nil {
		return nil, err
	}
	if err := r.Fill(ui.CSS("input[type=password]"), password); err != nil {
		return nil, err
	}
	if err := sc.submit(ctx, r, ui.Role("button", labels.logIn)); err != nil {
		return nil, err
	}
	u, err := url.Parse(sc.url())
	if err != nil || u.Path == "/login" {
		msg, _ := r.Text(ui.Role("alert", ""))
		return nil, fmt.Errorf("LearningSpace refused the log-in: %s", msg)
	}
	return &Dashboard{sc}, nil
}

// Dashboard is the page after logging in, or any page of LearningSpace
// with its main navigation.
type Dashboard struct{ screen }

// MainNavOn wraps a tab showing a LearningSpace page with its main
// navigation (a room, an error screen), to go elsewhere from there.
func MainNavOn(d Driver, p *rod.Page) *Dashboard { return &Dashboard{d.on(p)} }

// System opens System from the main navigation; its first tab is Security.
func (d *Dashboard) System(ctx context.Context) (*SecurityPage, error) {
	nav, err := d.r(ctx).Within(ui.Role("navigation", labels.mainNav))
	if err != nil {
		return nil, err
	}
	if err := d.submit(ctx, nav, ui.Role("link", labels.system)); err != nil {
		return nil, err
	}
	return (&SystemPage{d.screen}).Security(ctx)
}

// SystemPage is System with its tabs.
type SystemPage struct{ screen }

func (s *SystemPage) tab(ctx context.Context, name string) error {
	tl, err := s.r(ctx).Within(ui.Role("tablist", labels.systemTabs))
	if err != nil {
		return err
	}
	return s.submit(ctx, tl, ui.Role("tab", name))
}

// Security opens the Security tab.
func (s *SystemPage) Security(ctx context.Context) (*SecurityPage, error) {
	if err := s.tab(ctx, labels.security); err != nil {
		return nil, err
	}
	return &SecurityPage{s.screen}, nil
}

// Rooms opens the Rooms tab.
func (s *SystemPage) Rooms(ctx context.Context) (*RoomsPage, error) {
	if err := s.tab(ctx, labels.rooms); err != nil {
		return nil, err
	}
	_, err := s.r(ctx).Find(ui.Role("table", labels.rooms))
	return &RoomsPage{s.screen}, err
}
