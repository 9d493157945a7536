// Package ui finds what a user sees: elements by ARIA role and accessible name
// first (Chromium's accessibility tree), then by visible text, then by CSS.
//
// A Region carries the deadline of the guide step it works for (a context),
// shared by every wait inside it. Locators are strict: a query that should
// find one element and finds several is an error listing them, unless the
// caller asked for First() or Nth(i). Before acting, a Region waits until a
// person could act, as Playwright does: the element is attached, visible,
// stable (the same box over two animation frames 15 ms apart or more),
// enabled (and editable, to type), and receives the click (a hit test at
// the click point finds it or a descendant, else the error names what
// covers it). A timeout error says what
// was expected and what was there instead, and wraps the context's error:
//
//	ui: no button "Create" within 5s (buttons seen: "Cancel", "Next")
//
// Waiting polls with a short interval inside a deadline; nothing here sleeps
// a fixed time in place of a condition.
package ui

import (
	"fmt"
	"strings"
)

type kind int

const (
	byRole kind = iota + 1
	byText
	byCSS
)

// Query says how to find an element. Build one with Role, Text or CSS.
type Query struct {
	kind kind
	role string
	name string // role: accessible name (SameName), "" = any
	text string
	css  string
	pick int // 0: strict (exactly one); n > 0: the nth match (1-based), on purpose
}

// First returns the query asking for its first match in document order,
// on purpose: several matches are then no error.
func (q Query) First() Query { q.pick = 1; return q }

// Nth returns the query asking for its i-th match (0-based) in document
// order, on purpose.
func (q Query) Nth(i int) Query {
	q.pick = i + 1
	if i < 0 {
		q.pick = -1
	}
	return q
}

// Role matches nodes of the accessibility tree with that ARIA role (as
// Chromium computes it, e.g. "button", "textbox", "checkbox", "dialog",
// "link", "tab") and that accessible name as a person reads it: case and
// runs of white space aside, exactly (SameName; a match that differs so is
// told to the context's wording observer, WithWording); name "" matches any
// name.
// Nodes ignored for accessibility (display:none, visibility:hidden,
// aria-hidden, hidden behind an aria-modal dialog) never match.
func Role(role, name string) Query { return Query{kind: byRole, role: role, name: name} }

// Text matches the innermost visible elements whose trimmed innerText equals
// text (whitespace runs count as one space).
func Text(text string) Query { return Query{kind: byText, text: text} }

// CSS matches the visible elements matching the selector.
func CSS(selector string) Query { return Query{kind: byCSS, css: selector} }

// String describes the query the way errors show it: button "Create",
// text "7 scopes added", css "#x".
func (q Query) String() string {
	s := q.base()
	switch {
	case q.pick == 1:
		s += " (first)"
	case q.pick > 1:
		s += fmt.Sprintf(" (#%d)", q.pick-1)
	}
	return s
}

func (q Query) base() string {
	switch q.kind {
	case byRole:
		if q.name == "" {
			return q.role
		}
		return fmt.Sprintf("%s %q", q.role, q.name)
	case byText:
		return fmt.Sprintf("text %q", q.text)
	case byCSS:
		return fmt.Sprintf("css %q", q.css)
	}
	return "invalid query"
}

func (q Query) valid() error {
	switch {
	case q.kind == byRole && strings.TrimSpace(q.role) == "":
		return fmt.Errorf("ui: Role query needs a role")
	case q.kind == byText && strings.TrimSpace(q.text) == "":
		return fmt.Errorf("ui: Text query needs a text")
	case q.kind == byCSS && strings.TrimSpace(q.css) == "":
		return fmt.Errorf("ui: CSS query needs a selector")
	case q.pick < 0:
		return fmt.Errorf("ui: Nth needs an index >= 0")
	case q.kind == 0:
		return fmt.Errorf("ui: empty Query (use Role, Text or CSS)")
	}
	return nil
}

// plural names several nodes of a role: buttons, checkboxes.
func plural(role string) string {
	if strings.HasSuffix(role, "x") || strings.HasSuffix(role, "s") {
		return role + "es"
	}
	return role + "s"
}
