// Package aria holds accessibility snapshots as Playwright prints them
// (toMatchAriaSnapshot, ariaSnapshot()): a tree of roles, names and states,
// what a person using a screen reader meets on a page. It writes and reads
// that YAML, tells the differences between two trees (Diff), and keeps one
// walk's snapshots, one file per guide step, as a set that can be held to
// another set (Compare): the stand-ins' screens to the live site's.
package aria

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Node is one node of an accessibility snapshot.
type Node struct {
	// Role is the ARIA role: "button", "checkbox", "heading", "dialog"...;
	// "text" for a run of text; "" for the root (the document), which is
	// never printed itself. Every other node needs a role.
	Role string
	// Name is the accessible name; for Role "text", the text itself is in
	// Value and Name is "".
	Name string
	// Attrs are Playwright's bracketed states, in this order when present:
	// "checked" / "checked=mixed", "disabled", "expanded", "level=N",
	// "pressed" / "pressed=mixed", "selected". None contains "]".
	Attrs []string
	// Value is the text after the colon: a textbox's value, a text node's
	// text, or a node's only text content. The capturing code sets it only
	// on nodes without children (see YAML for a node that has both).
	Value    string
	Children []*Node
}

// Clone is a deep copy of n, which it leaves alone.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Attrs = slices.Clone(n.Attrs)
	c.Children = slices.Clone(n.Children)
	for i, ch := range c.Children {
		c.Children[i] = ch.Clone()
	}
	return &c
}

// Map applies f to every Name and Value in the tree, empty ones included,
// in place: a walk replaces what it generated (IDs, dates, hosts) by
// placeholders so that two runs of an unchanged site give the same tree.
func (n *Node) Map(f func(string) string) {
	if n == nil {
		return
	}
	n.Name, n.Value = f(n.Name), f(n.Value)
	for _, c := range n.Children {
		c.Map(f)
	}
}

// head is the node's line without "- ", without its value and without
// the colon that announces children: role, quoted name, states.
func (n *Node) head() string {
	var b strings.Builder
	b.WriteString(n.Role)
	if n.Name != "" {
		b.WriteByte(' ')
		b.WriteString(quote(n.Name))
	}
	for _, a := range n.Attrs {
		b.WriteString(" [")
		b.WriteString(a)
		b.WriteByte(']')
	}
	return b.String()
}

// line is the node's line as YAML shows it, without "- " and without its
// children: what a Change's Old and New say.
func (n *Node) line() string {
	if n.Value == "" {
		return n.head()
	}
	return n.head() + ": " + scalar(n.Value)
}

// label is the node as an element of a Change's path: role and name only,
// so that a container's state changing (a dialog expanded) does not change
// where the changes inside it are said to be.
func (n *Node) label() string {
	if n.Name == "" {
		return n.Role
	}
	return n.Role + " " + quote(n.Name)
}

// quote is s as a JSON string, as Playwright quotes names: without the
// HTML escapes encoding/json adds by default (a name "<b> & c" stays so).
func quote(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// scalar is a value or a text as a YAML scalar: plain when a YAML reader
// would read it back as the same string, else JSON-quoted (a JSON string is
// a YAML double-quoted scalar).
func scalar(s string) string {
	if plainOK(s) {
		return s
	}
	return quote(s)
}

// plainOK says whether s can be written as a plain YAML scalar after "- role: ".
func plainOK(s string) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s { // line breaks, tabs, control and format characters
		if !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "~", "yes", "no", "on", "off", ".inf", "+.inf", "-.inf", ".nan":
		return false // YAML's booleans and nulls (1.1 and 1.2), its infinities
	}
	return !number(s)
}

// number says whether YAML could read s as a number: what Go reads as a
// float or an integer in any base (1e3, 0x1F, 1_000), given a digit in it
// (Go also reads "Inf" and "NaN", which YAML does not).
func number(s string) bool {
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		return true
	}
	_, err := strconv.ParseInt(s, 0, 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}
