package flow

import "slices"

// App is the app a setup flow builds: what it types into Zoom's pages and
// the scopes it ticks, each with the guide step that ticks it. The guide's
// values come from the caller (fixtures/testapp on the test side).
type App struct {
	Name             string
	ShortDescription string // 11.1
	LongDescription  string // 11.1
	CompanyName      string // 11.2
	DeveloperName    string // 11.3
	DeveloperEmail   string // 11.3
	Scopes           []Scope
}

// Scope is one box the flow ticks.
type Scope struct {
	Step        string // the guide step that ticks it: "13.1", "13.2", "13.3"
	Category    string // the pop-up's category: "Meeting"
	Name        string // "meeting:read"
	Description string // the box's label: "View your meetings"
}

// ScopesOfStep lists the app's scopes that a guide step ticks.
func (a App) ScopesOfStep(step string) []Scope {
	var out []Scope
	for _, s := range a.Scopes {
		if s.Step == step {
			out = append(out, s)
		}
	}
	return out
}

// ScopeNames lists the app's scope names, sorted.
func (a App) ScopeNames() []string {
	var out []string
	for _, s := range a.Scopes {
		out = append(out, s.Name)
	}
	slices.Sort(out)
	return out
}

// Descriptions lists the app's boxes as their labels say, sorted.
func (a App) Descriptions() []string {
	var out []string
	for _, s := range a.Scopes {
		out = append(out, s.Description)
	}
	slices.Sort(out)
	return out
}

// sameSet says whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
