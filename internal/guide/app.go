package guide

import (
	"slices"
	"strings"
)

// The guide's app as one value, whichever build flow the Marketplace
// offers: its name, its management and the seven classic scopes the guide
// ticks, each with the granular scopes (and the General App's product tab)
// that stand for it. The flow found at guide step 5 picks the view (Boxes);
// nothing chooses scopes before the site has said which flow it offers.
// Both the harness (pages/flow) and the stand-ins (fixtures/) import it, so
// that each thing here has one definition.

// Flow is a way the Marketplace builds an app: the guide's classic
// OAuth-app flow, or Zoom's unified General App flow (docs/procedure.md,
// section 2), the only one the live Marketplace offers since 2024.
type Flow string

const (
	// FlowClassic: Develop → Build App → a page of app-type cards → OAuth.
	FlowClassic Flow = "classic"
	// FlowGeneral: Develop → Build App → a dialog of app kinds → General app.
	FlowGeneral Flow = "general"
)

// Flows lists the build flows, classic first.
var Flows = []Flow{FlowClassic, FlowGeneral}

// Valid says whether f is one of Flows.
func (f Flow) Valid() bool { return slices.Contains(Flows, f) }

// Management is who manages an app: the guide's is User-managed (step 8.2).
type Management string

const (
	ManagedByUser  Management = "user-managed"
	ManagedByAdmin Management = "admin-managed" // the classic flow's "Account-level app"
)

// App is the OAuth app the guide has the customer make.
type App struct {
	Name             string // unique per run (fixtures/testapp.New)
	Management       Management
	ShortDescription string // 11.1 (classic only)
	LongDescription  string // 11.1
	CompanyName      string // 11.2
	DeveloperName    string // 11.3
	DeveloperEmail   string // 11.3
	Scopes           []Scope
}

// Scope is one of the guide's seven classic scopes: the step that ticks it
// (13.1–13.3), the classic pop-up's category, its name and box label, and
// the granular scopes a General App ticks for what LearningSpace does with it.
type Scope struct {
	Step        string // "13.1"
	Category    string // "Meeting"
	Name        string // "meeting:read"
	Description string // "View your meetings"
	Granular    []Granular
}

// Granular is a granular scope of the General App's Add Scopes pop-up.
type Granular struct {
	Tab         string // the pop-up's product tab: "Meetings", "Recording", "User"
	Name        string // "meeting:write:meeting"
	Description string // the box's label, and what the consent page lists
	Source      string // the evidence, marked as in docs/procedure.md: [V] Zoom, [T] third parties, [?] none found
}

// Box is one box a build flow's Add Scopes pop-up ticks: a scope of App as
// that flow shows it, with the guide step that ticks it.
type Box struct {
	Step        string // "13.1"
	Category    string // the classic category or the General App's product tab
	Name        string
	Description string
}

// Boxes is the view of the app's scopes on one build flow.
type Boxes []Box

// Boxes is what flow f ticks for the app: the seven classic scopes, or
// each granular scope that stands for one of them once, under the step of
// the first classic scope it stands for, in the guide's order.
func (a App) Boxes(f Flow) Boxes {
	var out Boxes
	for _, s := range a.Scopes {
		if f != FlowGeneral {
			out = append(out, Box{Step: s.Step, Category: s.Category, Name: s.Name, Description: s.Description})
			continue
		}
		for _, g := range s.Granular {
			if !slices.ContainsFunc(out, func(b Box) bool { return b.Name == g.Name }) {
				out = append(out, Box{Step: s.Step, Category: g.Tab, Name: g.Name, Description: g.Description})
			}
		}
	}
	return out
}

// Without is a copy of the app less the named classic scope (and so less
// the granular scopes that stand for it alone): a setup that leaves a box
// unticked, for failure scenarios.
func (a App) Without(classic string) App {
	a.Scopes = slices.DeleteFunc(slices.Clone(a.Scopes), func(s Scope) bool { return s.Name == classic })
	return a
}

// OfStep lists the boxes a guide step ticks, in order.
func (bs Boxes) OfStep(step string) Boxes {
	var out Boxes
	for _, b := range bs {
		if b.Step == step {
			out = append(out, b)
		}
	}
	return out
}

// Names lists the boxes' scope names, sorted.
func (bs Boxes) Names() []string { return sorted(bs, func(b Box) string { return b.Name }) }

// Descriptions lists the boxes' labels, sorted.
func (bs Boxes) Descriptions() []string {
	return sorted(bs, func(b Box) string { return b.Description })
}

func sorted(bs Boxes, f func(Box) string) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, f(b))
	}
	slices.Sort(out)
	return out
}

// ScopeStep is the guide step that ticks the scope of that name, classic
// or granular, in the guide's app (what a refusal naming it is reported
// as), whichever app a run made.
func ScopeStep(name string) (Scope, bool) {
	for _, s := range AppScopes {
		if s.Name == name || slices.ContainsFunc(s.Granular, func(g Granular) bool { return g.Name == name }) {
			return s, true
		}
	}
	return Scope{}, false
}

// Where the granular rows' evidence comes from (docs/procedure.md, section 2).
const (
	srcList  = "name: Zoom's granular scope list [V]"
	srcTable = "replaces the classic scope for the endpoint LearningSpace calls: procedure.md's granular scope table"
	srcSplit = "no \"write all\" granular scope: a classic write scope splits into create, update and delete scopes [V]"
	srcDescT = "box label: Zoom's, as third-party descriptions quote it [T]"
	srcDescQ = "box label: not found in a public source, Zoom's style [?]"
)

func src(parts ...string) string { return strings.Join(parts, "; ") }

// userReadUser stands for user:read and user_profile both: classic apps
// could read /users/me with either (Zoom's classic API reference: user:read,
// user_info:read or user_profile); the granular scope of that endpoint is
// user:read:user. A General App ticks it once.
var userReadUser = Granular{"User", "user:read:user", "View a user",
	src(srcList, srcTable+" (GET /v2/users/me)", srcDescT)}

// AppScopes are the guide's seven classic scopes (docs/procedure.md,
// section 1) and the granular scopes that stand for each. The guide names
// only categories and counts: the classic names are the best match with
// Zoom's classic scope list, and the granular ones the scopes a General App
// needs for what LearningSpace does (GET /v2/users/me, GET|POST
// /v2/users/me/meetings, GET /v2/users/me/recordings) plus the update and
// delete scopes the classic write scopes also granted. Not something CAE states.
var AppScopes = []Scope{
	{"13.1", "Meeting", "meeting:read", "View your meetings", []Granular{
		{"Meetings", "meeting:read:list_meetings", "View a user's meetings",
			src(srcList, srcTable+" (GET /v2/users/me/meetings)", srcDescQ)},
	}},
	{"13.1", "Meeting", "meeting:write", "View and manage your meetings", []Granular{
		{"Meetings", "meeting:write:meeting", "Create a meeting for a user",
			src(srcList, srcTable+" (POST /v2/users/me/meetings)", srcDescT)},
		{"Meetings", "meeting:update:meeting", "Update a meeting", src(srcList, srcSplit, srcDescQ)},
		{"Meetings", "meeting:delete:meeting", "Delete a meeting", src(srcList, srcSplit, srcDescQ)},
	}},
	{"13.2", "Recording", "recording:read", "View your recordings", []Granular{
		{"Recording", "cloud_recording:read:list_user_recordings", "View a user's recordings",
			src(srcList, srcTable+" (GET /v2/users/me/recordings)", srcDescQ)},
	}},
	// Zoom's list has no update scope for a recording's files that the
	// classic write scope covered and LearningSpace would use [?]: delete only.
	{"13.2", "Recording", "recording:write", "View and manage your recordings", []Granular{
		{"Recording", "cloud_recording:delete:recording_file", "Delete a recording file", src(srcList, srcSplit, srcDescQ)},
	}},
	{"13.3", "User", "user:read", "View your user information", []Granular{userReadUser}},
	{"13.3", "User", "user:write", "View and manage your user information", []Granular{
		{"User", "user:update:user", "Update a user",
			src(srcList, srcSplit+" (a user is not created or deleted by a user-level app: update only)", srcDescQ)},
	}},
	{"13.3", "User", "user_profile", "View your profile information", []Granular{userReadUser}},
}
