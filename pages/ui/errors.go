package ui

import (
	"fmt"
	"strings"
	"time"
)

// The errors of a Region. Each keeps the helpful text a person needs (what
// was looked for, where, what the page showed instead) and, when a deadline
// ended the wait, wraps the context's error, so that
// errors.Is(err, context.DeadlineExceeded) holds for every timeout.

// NotFoundError: no element matched the query before the deadline.
type NotFoundError struct {
	Query  string        // `button "Create"`
	In     string        // ` in dialog "Add scopes"`, or ""
	Waited time.Duration // how long the wait lasted
	Seen   string        // what the page showed instead, e.g. `buttons seen: "Cancel"`
	Err    error         // the context's error (context.DeadlineExceeded, context.Canceled)
	// Role and Name are a role query's; Name is a text query's text ("" for
	// CSS queries).
	Role, Name string
	// Candidates are what the page shows nearest to a role query, best
	// first: the same role with a similar name in the same region, or the
	// same name in another role (`tab "Meetings"`, `link "Add Scopes"`).
	Candidates []string
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("ui: no %s%s within %s", e.Query, e.In, e.Waited)
	if e.Waited == 0 && e.Err == nil { // read from a list (Absent)
		msg = fmt.Sprintf("ui: no %s%s", e.Query, e.In)
	}
	if e.Seen != "" {
		msg += " (" + e.Seen + ")"
	}
	if len(e.Candidates) > 0 {
		msg += "; did you mean " + strings.Join(e.Candidates, " or ") + "?"
	}
	return msg
}

func (e *NotFoundError) Unwrap() error { return e.Err }

// NotActionableError: the element was there but a person could not have
// acted on it before the deadline: hidden, moving, disabled, read-only, or
// covered by another element (named in State).
type NotActionableError struct {
	Query  string
	In     string
	Action string // "click", "fill", "hover"
	State  string // "disabled", "covered by <div#cover> in region \"Cookie banner\"", …
	Waited time.Duration
	Err    error
}

func (e *NotActionableError) Error() string {
	return fmt.Sprintf("ui: %s%s is %s (waited %s to %s it)", e.Query, e.In, e.State, e.Waited, e.Action)
}

func (e *NotActionableError) Unwrap() error { return e.Err }

// AmbiguousError: a query meant to find one element found several. A strict
// locator never picks one at random; ask for First() or Nth(i) on purpose.
type AmbiguousError struct {
	Query   string
	In      string
	Matches []string // each match described: <button#a text="Create">
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("ui: %s%s matches %d elements, want one (use First() or Nth(i) on purpose): %s",
		e.Query, e.In, len(e.Matches), strings.Join(e.Matches, ", "))
}

// TimeoutError: a condition did not hold, or an element did not go away,
// before the deadline.
type TimeoutError struct {
	What   string // "the App Marketplace to open", `button "Late" to go (1 match)`
	In     string
	Waited time.Duration
	Last   error // the condition's last error, if any
	Err    error // the context's error
}

func (e *TimeoutError) Error() string {
	msg := fmt.Sprintf("ui: timed out after %s waiting for %s%s", e.Waited, e.What, e.In)
	if e.Last != nil {
		msg += ": " + e.Last.Error()
	}
	return msg
}

func (e *TimeoutError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Err, e.Last} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Absent is the error for a control a page object looked for in a list it
// read (the cards, the kinds, a category's scope boxes) and did not find:
// a NotFoundError, as a query's would be, with the nearest names of the
// list as candidates, so that the failure says the site moved when name
// is a label (ui.LabelAt). in is the region (`dialog "Add scopes"`, or
// ""); role's names are the list.
func Absent(role, name, in string, names []string) *NotFoundError {
	e := &NotFoundError{Query: fmt.Sprintf("%s %q", role, name), Role: role, Name: name,
		Candidates: nearest(role, name, names)}
	if in != "" {
		e.In = " in " + in
	}
	e.Seen = plural(role) + " seen: " + quoteList(names, 20)
	if len(names) == 0 {
		e.Seen = "no " + plural(role)
	}
	return e
}
