// Package learningspace holds the page objects of CAE LearningSpace's screens
// that the Zoom round trip needs: Log In, System → Security (the Zoom OAuth
// meeting provider), System → Rooms → Add New Room, a virtual room's page,
// and the error screen of a failed authorization. Labels are in one block
// (labels below), so the objects can be pointed at a real LearningSpace.
package learningspace

import (
	"fmt"
	"net/url"
	"strings"
	"time"

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

// Driver is where LearningSpace lives and the deadline of one action.
type Driver struct {
	URL     string // the base URL users reach LearningSpace at
	Timeout time.Duration
}

type screen struct {
	d Driver
	s ui.Scope
}

func (d Driver) on(p *rod.Page) screen { return screen{d: d, s: ui.NewScope(p, d.Timeout)} }

func (sc screen) url() string { return ui.URL(sc.s.Page()) }

// submit clicks a button that posts a form and waits for the next document.
func (sc screen) submit(in ui.Scope, q ui.Query) error {
	p := sc.s.Page().Timeout(sc.d.Timeout)
	defer p.CancelTimeout()
	wait := p.WaitNavigation("load")
	if err := in.Click(q); err != nil {
		return err
	}
	wait()
	return nil
}

// LogIn opens LearningSpace's Log In page and signs in.
func LogIn(d Driver, p *rod.Page, user, password string) (*Dashboard, error) {
	sc := d.on(p)
	pp := p.Timeout(d.Timeout)
	err := pp.Navigate(strings.TrimRight(d.URL, "/") + "/login")
	if err == nil {
		err = pp.WaitLoad()
	}
	pp.CancelTimeout()
	if err != nil {
		return nil, fmt.Errorf("open LearningSpace: %w", err)
	}
	if err := sc.s.Fill(ui.Role("textbox", labels.username), user); err != nil {
		return nil, err
	}
	if err := sc.s.Fill(ui.CSS("input[type=password]"), password); err != nil {
		return nil, err
	}
	if err := sc.submit(sc.s, ui.Role("button", labels.logIn)); err != nil {
		return nil, err
	}
	u, err := url.Parse(sc.url())
	if err != nil || u.Path == "/login" {
		msg, _ := sc.s.Text(ui.Role("alert", ""))
		return nil, fmt.Errorf("LearningSpace refused the log-in: %s", msg)
	}
	return &Dashboard{sc}, nil
}

// Dashboard is the page after logging in.
type Dashboard struct{ screen }

// System opens System from the main navigation; its first tab is Security.
func (d *Dashboard) System() (*SecurityPage, error) {
	nav, err := d.s.Within(ui.Role("navigation", labels.mainNav))
	if err != nil {
		return nil, err
	}
	if err := d.submit(nav, ui.Role("link", labels.system)); err != nil {
		return nil, err
	}
	return (&SystemPage{d.screen}).Security()
}

// SystemPage is System with its tabs.
type SystemPage struct{ screen }

func (s *SystemPage) tab(name string) error {
	tl, err := s.s.Within(ui.Role("tablist", labels.systemTabs))
	if err != nil {
		return err
	}
	return s.submit(tl, ui.Role("tab", name))
}

// Security opens the Security tab.
func (s *SystemPage) Security() (*SecurityPage, error) {
	if err := s.tab(labels.security); err != nil {
		return nil, err
	}
	return &SecurityPage{s.screen}, nil
}

// Rooms opens the Rooms tab.
func (s *SystemPage) Rooms() (*RoomsPage, error) {
	if err := s.tab(labels.rooms); err != nil {
		return nil, err
	}
	_, err := s.s.Find(ui.Role("table", labels.rooms))
	return &RoomsPage{s.screen}, err
}
