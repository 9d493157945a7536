package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/internal/aria"
)

// Snapshot is the page's accessibility tree as Playwright's ARIA snapshots
// show it: what a person using a screen reader meets, one node per role
// with its name and states, the rest (generic containers, ignored nodes)
// flattened into their parents. It is Chromium's own tree, in one
// Accessibility.getFullAXTree call: the judge the role queries use, so a
// snapshot never disagrees with what a query found.
//
// A page still loading (a progress bar, a region marked aria-busy, a
// document with nothing in it yet) is waited for, up to settleBudget
// inside ctx: the screen a step leaves is the one it settles on, so that
// two runs of an unchanged site at another pace write the same snapshot.
// One that never settles is taken as it is.
func Snapshot(ctx context.Context, p *rod.Page) (*aria.Node, error) {
	settle, cancel := context.WithTimeout(ctx, settleBudget)
	defer cancel()
	tick := time.NewTicker(settlePoll)
	defer tick.Stop()
	for {
		res, err := proto.AccessibilityGetFullAXTree{}.Call(p.Context(ctx))
		if err != nil {
			return nil, fmt.Errorf("ui: accessibility snapshot: %w", err)
		}
		// An empty document is a navigation under way (Allow on Zoom's
		// consent page leaves for LearningSpace): its page is to come.
		tree := snapTree(res.Nodes)
		if !busy(res.Nodes) && len(tree.Children) > 0 {
			return tree, nil
		}
		select {
		case <-settle.Done():
			return tree, nil
		case <-tick.C:
		}
	}
}

// How long a snapshot waits for a page to finish loading, and how often it
// looks.
const (
	settleBudget = 2 * time.Second
	settlePoll   = 50 * time.Millisecond
)

// busy: a node a person sees says the page is still loading.
func busy(nodes []*proto.AccessibilityAXNode) bool {
	for _, n := range nodes {
		if n.Ignored {
			continue
		}
		if axString(n.Role) == "progressbar" {
			return true
		}
		for _, pr := range n.Properties {
			if pr.Name == proto.AccessibilityAXPropertyNameBusy && pr.Value != nil && fmt.Sprint(pr.Value.Value.Val()) == "true" {
				return true
			}
		}
	}
	return false
}

// snapTree is the snapshot of Chromium's nodes.
func snapTree(nodes []*proto.AccessibilityAXNode) *aria.Node {
	byID := make(map[proto.AccessibilityAXNodeID]*proto.AccessibilityAXNode, len(nodes))
	var root *proto.AccessibilityAXNode
	for _, n := range nodes {
		byID[n.NodeID] = n
		if root == nil && n.ParentID == "" {
			root = n
		}
	}
	out := &aria.Node{}
	if root != nil {
		out.Children = snapChildren(byID, root)
	}
	return out
}

// snapChildren converts n's children, flattening the nodes Playwright does
// not show into their parent's list.
func snapChildren(byID map[proto.AccessibilityAXNodeID]*proto.AccessibilityAXNode, n *proto.AccessibilityAXNode) []*aria.Node {
	var out []*aria.Node
	for _, id := range n.ChildIDs {
		c := byID[id]
		if c == nil {
			continue
		}
		role := axString(c.Role)
		switch {
		case c.Ignored, flattened(role):
			out = appendText(out, snapChildren(byID, c)...)
		case role == "StaticText":
			if t := collapse(axString(c.Name)); t != "" {
				out = appendText(out, &aria.Node{Role: "text", Value: t})
			}
		case dropped[role]:
		default:
			out = append(out, snapNode(byID, c, role))
		}
	}
	return out
}

// snapNode is one shown node: role, name, states, and its children or its
// text.
func snapNode(byID map[proto.AccessibilityAXNodeID]*proto.AccessibilityAXNode, n *proto.AccessibilityAXNode, role string) *aria.Node {
	node := &aria.Node{Role: role, Name: collapse(axString(n.Name)), Attrs: states(n)}
	if valued[role] { // a field shows its value; its inner text is that value
		node.Value = collapse(axString(n.Value))
		return node
	}
	kids := snapChildren(byID, n)
	// Text that only repeats the node's name says nothing more (Playwright
	// leaves it out); a node whose only child is text shows it inline.
	if len(kids) == 1 && kids[0].Role == "text" && len(kids[0].Children) == 0 {
		if kids[0].Value != node.Name {
			node.Value = kids[0].Value
		}
		return node
	}
	node.Children = kids
	return node
}

// appendText appends nodes, joining a text run to the text before it: the
// tree splits one visible line into several runs where markup changes.
func appendText(out []*aria.Node, nodes ...*aria.Node) []*aria.Node {
	for _, n := range nodes {
		if k := len(out) - 1; k >= 0 && n.Role == "text" && out[k].Role == "text" {
			out[k] = &aria.Node{Role: "text", Value: out[k].Value + " " + n.Value}
			continue
		}
		out = append(out, n)
	}
	return out
}

// flattened are Chromium's roles that Playwright's snapshots do not show
// as nodes: containers without meaning (their children are shown in their
// place) and Chromium's own internal roles, which begin with a capital.
func flattened(role string) bool {
	switch role {
	case "generic", "none", "presentation":
		return true
	case "StaticText", "InlineTextBox", "ListMarker", "LineBreak":
		return false
	}
	return role == "" || (role[0] >= 'A' && role[0] <= 'Z')
}

// dropped nodes add nothing a reader needs: text boxes inside a text node,
// list bullets, line breaks.
var dropped = map[string]bool{"InlineTextBox": true, "ListMarker": true, "LineBreak": true}

// valued roles show their value after the colon.
var valued = map[string]bool{"textbox": true, "searchbox": true, "combobox": true, "spinbutton": true}

// states are Playwright's bracketed attributes, in its order.
func states(n *proto.AccessibilityAXNode) []string {
	props := map[proto.AccessibilityAXPropertyName]string{}
	for _, p := range n.Properties {
		if p.Value != nil {
			props[p.Name] = fmt.Sprint(p.Value.Value.Val())
		}
	}
	var out []string
	tri := func(name proto.AccessibilityAXPropertyName) {
		switch props[name] {
		case "true":
			out = append(out, string(name))
		case "mixed":
			out = append(out, string(name)+"=mixed")
		}
	}
	tri(proto.AccessibilityAXPropertyNameChecked)
	if props[proto.AccessibilityAXPropertyNameDisabled] == "true" {
		out = append(out, "disabled")
	}
	if props[proto.AccessibilityAXPropertyNameExpanded] == "true" {
		out = append(out, "expanded")
	}
	if l := props[proto.AccessibilityAXPropertyNameLevel]; l != "" && l != "0" && axString(n.Role) == "heading" {
		out = append(out, "level="+l)
	}
	tri(proto.AccessibilityAXPropertyNamePressed)
	if props[proto.AccessibilityAXPropertyNameSelected] == "true" {
		out = append(out, "selected")
	}
	return out
}

func axString(v *proto.AccessibilityAXValue) string {
	if v == nil {
		return ""
	}
	if s, ok := v.Value.Val().(string); ok {
		return s
	}
	return fmt.Sprint(v.Value.Val())
}

// collapse is a text as a person reads it: runs of white space as one
// space, none at the ends.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
