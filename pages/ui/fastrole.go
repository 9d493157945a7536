package ui

import (
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Why a fast path: Accessibility.queryAXTree walks the whole document's
// accessibility tree on every call. Measured here (Chromium 156, 2 cores) it
// costs one frame (~16 ms) on a small page and about 1 s on a page of 3,000
// links, which a real Marketplace page can be. So a query with a name first
// asks the page for a few candidates (elements that can have the role and
// whose text or labels contain the name), then lets Chromium decide each one
// with Accessibility.getPartialAXTree, which computes one node's role and
// name (~4 ms). Chromium stays the judge: a candidate is a match only if its
// computed role is the query's and its accessible name the query's as a
// person reads it (SameName). When the fast
// path finds nothing (or too many candidates), the full queryAXTree runs,
// so a prefilter that misses an element costs time, never a wrong answer.

// maxCandidates bounds the per-node checks; beyond it the full query is
// cheaper.
const maxCandidates = 12

// maxUnnamed is the most candidates an unnamed query checks one by one.
const maxUnnamed = 2

// roleSelectors are the elements that can have a role natively (the role
// attribute is always added). The list only needs to be a superset: Chromium
// checks each candidate. Roles not listed use the full query.
var roleSelectors = map[string]string{
	"button":      `button, input, summary`,
	"link":        `a, area`,
	"textbox":     `input, textarea, [contenteditable]`,
	"searchbox":   `input`,
	"checkbox":    `input`,
	"radio":       `input`,
	"switch":      `input`,
	"spinbutton":  `input`,
	"combobox":    `select, input`,
	"heading":     `h1, h2, h3, h4, h5, h6`,
	"dialog":      `dialog`,
	"list":        `ul, ol, menu`,
	"listitem":    `li`,
	"table":       `table`,
	"group":       `fieldset, details, optgroup`,
	"region":      `section`,
	"navigation":  `nav`,
	"banner":      `header`,
	"form":        `form`,
	"progressbar": `progress`,
	"status":      `output`,
	"alert":       ``, "tab": ``, "tablist": ``, "tabpanel": ``, "menu": ``, "menuitem": ``,
}

// complete lists the roles whose selector above is known to cover every
// element Chromium can give that role: for them, no candidate means no
// match, and an unnamed query ("every alert") needs no full query either.
var complete = map[string]bool{
	"alert": true, "status": true, "heading": true, "tab": true, "tablist": true, "tabpanel": true,
	"menuitem": true, "checkbox": true, "radio": true, "listitem": true, "dialog": true,
}

// candidatesJS returns elements under this (or the document) that can have
// the role and whose label sources contain the name (whitespace collapsed);
// null when it cannot narrow them down (too many, or none showing the name).
const candidatesJS = `function(sel, role, name, max) {
	const root = (this && this.nodeType) ? this : document;
	const norm = s => (s || "").replace(/\s+/g, " ").trim().toLowerCase();
	const want = norm(name);
	const q = "[role~=" + JSON.stringify(role) + "]" + (sel ? ", " + sel : "");
	const text = el => {
		const parts = [el.getAttribute("aria-label"), el.getAttribute("title"), el.getAttribute("placeholder"),
			el.getAttribute("alt"), el.value, el.textContent];
		const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
		for (const id of ids) { const l = document.getElementById(id); if (l) parts.push(l.textContent, l.getAttribute("aria-label")); }
		if (el.labels) for (const l of el.labels) parts.push(l.textContent);
		if (el.id) for (const l of document.querySelectorAll("label[for=" + CSS.escape(el.id) + "]")) parts.push(l.textContent);
		if (el.tagName === "FIELDSET") { const lg = el.querySelector("legend"); if (lg) parts.push(lg.textContent); }
		for (const d of el.querySelectorAll("[aria-label], [alt], [title]")) parts.push(d.getAttribute("aria-label"), d.getAttribute("alt"), d.getAttribute("title"));
		return parts.map(norm);
	};
	const out = [];
	let seen = 0;
	for (const el of root.querySelectorAll(q)) {
		seen++;
		if (want === "" || text(el).some(t => t.includes(want))) {
			out.push(el);
			if (out.length > max) return null;
		}
	}
	// Elements of the role whose text does not show the name may still have
	// it (CSS generated content, say): only the full query can tell.
	if (want !== "" && out.length === 0 && seen > 0) return null;
	return out;
}`

// fastRole returns the matches of a role query, or ok=false when the fast
// path cannot answer (an unknown role, too many candidates, or no match for
// a role whose candidates are not known to be complete).
func (s Region) fastRole(p *rod.Page, q Query) (els []*rod.Element, ok bool, err error) {
	sel, known := roleSelectors[q.role]
	if !known || (q.name == "" && !complete[q.role]) {
		return nil, false, nil
	}
	// A lone candidate comes back as itself, not in an array: no
	// Runtime.getProperties and no release for the usual query.
	arr, err := p.Evaluate(rod.Eval(`function(...args) {
		const found = (`+candidatesJS+`).apply(this, args);
		return found && found.length === 1 ? found[0] : found;
	}`, sel, q.role, q.name, maxCandidates).ByObject().This(s.rootObject()))
	if err != nil {
		return nil, false, err
	}
	var props []*proto.RuntimePropertyDescriptor
	switch {
	case arr.Subtype == proto.RuntimeRemoteObjectSubtypeNull || arr.ObjectID == "":
		return nil, false, nil // too many candidates, or none showing the name
	case arr.Subtype == proto.RuntimeRemoteObjectSubtypeNode:
		props = []*proto.RuntimePropertyDescriptor{{Name: "0", Value: arr}}
	default:
		// Released off the action's path: the answer does not wait on it.
		defer func() { go func() { _ = s.page.Release(arr) }() }()
		res, err := proto.RuntimeGetProperties{ObjectID: arr.ObjectID, OwnProperties: true}.Call(p)
		if err != nil {
			return nil, false, err
		}
		props = res.Result
	}
	var nodes int
	for _, prop := range props {
		if prop.Value != nil && prop.Value.Subtype == proto.RuntimeRemoteObjectSubtypeNode {
			nodes++
		}
	}
	// An unnamed query ("every tab") with several candidates is one full
	// query, cheaper than a check per candidate on a page of this size.
	if q.name == "" && nodes > maxUnnamed {
		return nil, false, nil
	}
	for _, prop := range props {
		if prop.Value == nil || prop.Value.Subtype != proto.RuntimeRemoteObjectSubtypeNode {
			continue // "length"
		}
		match, name, err := axIs(p, prop.Value, q.role, q.name)
		if err != nil {
			return nil, false, err
		}
		if !match {
			continue
		}
		s.worded(q, name)
		el, err := elementOf(s.page, prop.Value)
		if err != nil {
			return nil, false, err
		}
		els = append(els, el)
	}
	// No match is an answer only when every element that can have the role
	// was checked: for a complete role, an unnamed query, or a page without
	// any such element. Otherwise the full query decides.
	none := complete[q.role] && (q.name == "" || nodes == 0)
	return els, len(els) > 0 || none, nil
}

// axIs asks Chromium for one element's computed role and accessible name
// ("" matches any name; see SameName), and gives the name.
func axIs(p *rod.Page, obj *proto.RuntimeRemoteObject, role, name string) (bool, string, error) {
	res, err := proto.AccessibilityGetPartialAXTree{ObjectID: obj.ObjectID, FetchRelatives: false}.Call(p)
	if err != nil {
		// An element that left the document between the two calls.
		if strings.Contains(err.Error(), "No node") {
			return false, "", nil
		}
		return false, "", err
	}
	// Without relatives, Chromium answers with the element's own node first,
	// then its ancestors (and a node's text children): the first node is
	// the element's, so no DOM.describeNode round trip is needed to find it.
	if len(res.Nodes) == 0 {
		return false, "", nil
	}
	n := res.Nodes[0]
	got := axString(n.Name)
	named := name == "" || SameName(got, name)
	return element(n) && n.Role != nil && n.Role.Value.Str() == role && named, got, nil
}
