package ui

import (
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// match returns the current matches of q in document order, without waiting.
// p carries the action's deadline; the returned elements are bound to the
// scope's page (no deadline) so that callers can keep using them.
func (s Region) match(p *rod.Page, q Query) ([]*rod.Element, error) {
	switch q.kind {
	case byRole:
		return s.matchRole(p, q)
	case byText:
		return s.matchJS(p, textJS, q.text)
	case byCSS:
		res, err := p.Evaluate(rod.Eval(`function(sel) {
			try { document.createDocumentFragment().querySelector(sel); return "" } catch (e) { return e.message }
		}`, q.css))
		if err != nil {
			return nil, err
		}
		if msg := res.Value.Str(); msg != "" {
			return nil, permanentError{fmt.Errorf("ui: invalid CSS selector %q: %s", q.css, msg)}
		}
		return s.matchJS(p, cssJS, q.css)
	}
	return nil, q.valid()
}

// axNodes queries Chromium's accessibility tree under the scope's root.
// Accessibility.queryAXTree needs a root node (the document, or the scope's
// element) and returns ignored nodes too; the caller filters.
func (s Region) axNodes(p *rod.Page, role, name string) ([]*proto.AccessibilityAXNode, error) {
	root := s.rootObject()
	if root == nil {
		doc, err := p.Evaluate(rod.Eval(`() => document`).ByObject())
		if err != nil {
			return nil, err
		}
		defer func() { go func() { _ = s.page.Release(doc) }() }() // off the action's path
		root = doc
	}
	res, err := proto.AccessibilityQueryAXTree{ObjectID: root.ObjectID, Role: role, AccessibleName: name}.Call(p)
	if err != nil {
		return nil, err
	}
	return res.Nodes, nil
}

// element reports whether an AX node stands for a DOM element a user can perceive.
func element(n *proto.AccessibilityAXNode) bool {
	if n.Ignored || n.BackendDOMNodeID == 0 {
		return false
	}
	if n.Role != nil {
		switch n.Role.Value.Str() {
		case "StaticText", "InlineTextBox", "none", "presentation":
			return false
		}
	}
	return true
}

func (s Region) matchRole(p *rod.Page, q Query) ([]*rod.Element, error) {
	if els, ok, err := s.fastRole(p, q); err != nil || ok {
		return els, err
	}
	// By role alone: Chromium compares names exactly, a person does not
	// (SameName).
	nodes, err := s.axNodes(p, q.role, "")
	if err != nil {
		return nil, err
	}
	seen := map[proto.DOMBackendNodeID]bool{}
	var els []*rod.Element
	for _, n := range nodes {
		if !element(n) || seen[n.BackendDOMNodeID] || (q.name != "" && !SameName(axString(n.Name), q.name)) {
			continue
		}
		seen[n.BackendDOMNodeID] = true
		s.worded(q, axString(n.Name))
		obj, err := proto.DOMResolveNode{BackendNodeID: n.BackendDOMNodeID}.Call(p)
		if err != nil {
			return nil, err
		}
		el, err := elementOf(s.page, obj.Object)
		if err != nil {
			return nil, err
		}
		els = append(els, el)
	}
	return documentOrder(p, els)
}

// documentOrder sorts elements as they appear in the DOM (the AX tree's order
// can differ, e.g. with aria-owns).
func documentOrder(p *rod.Page, els []*rod.Element) ([]*rod.Element, error) {
	if len(els) < 2 {
		return els, nil
	}
	args := make([]any, len(els))
	for i, el := range els {
		args[i] = el.Object
	}
	res, err := p.Evaluate(rod.Eval(`function(...els) {
		const idx = els.map((_, i) => i);
		idx.sort((a, b) => a === b ? 0 : (els[a].compareDocumentPosition(els[b]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
		return idx;
	}`, args...))
	if err != nil {
		return nil, err
	}
	out := make([]*rod.Element, 0, len(els))
	for _, i := range res.Value.Arr() {
		out = append(out, els[i.Int()])
	}
	return out, nil
}

// matchJS runs a query function (this = the scope root or window) that
// returns an array of elements.
func (s Region) matchJS(p *rod.Page, js string, arg string) ([]*rod.Element, error) {
	// A lone match comes back as itself, not in an array: no
	// Runtime.getProperties and no release for the usual query.
	arr, err := p.Evaluate(rod.Eval(`function(arg) {
		const found = (`+js+`).call(this, arg);
		return found.length === 1 ? found[0] : found;
	}`, arg).ByObject().This(s.rootObject()))
	if err != nil {
		return nil, err
	}
	if arr.Subtype == proto.RuntimeRemoteObjectSubtypeNode {
		el, err := elementOf(s.page, arr)
		if err != nil {
			return nil, err
		}
		return []*rod.Element{el}, nil
	}
	// Released off the action's path: the answer does not wait on it.
	defer func() { go func() { _ = s.page.Release(arr) }() }()
	props, err := proto.RuntimeGetProperties{ObjectID: arr.ObjectID, OwnProperties: true}.Call(p)
	if err != nil {
		return nil, err
	}
	var els []*rod.Element
	for _, prop := range props.Result {
		if prop.Value == nil || prop.Value.Subtype != proto.RuntimeRemoteObjectSubtypeNode {
			continue // "length", __proto__
		}
		el, err := elementOf(s.page, prop.Value)
		if err != nil {
			return nil, err
		}
		els = append(els, el)
	}
	return els, nil
}

// names lists the accessible names of the role's nodes in the scope. (Ignored
// nodes are left out: Chromium reports them without a computed name.)
func (s Region) names(role string) ([]string, error) {
	p, _, cancel := s.begin()
	defer cancel()
	nodes, err := s.axNodes(p, role, "")
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, n := range nodes {
		if !element(n) {
			continue
		}
		nm := ""
		if n.Name != nil {
			nm = n.Name.Value.Str()
		}
		names = append(names, nm)
	}
	return names, nil
}

// Shared by the text queries: visibility and normalised innerText.
const jsHelpers = `
	const root = (this && this.nodeType) ? this : document;
	const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
	const squash = (s) => (s || "").replace(/\s+/g, "").toLowerCase();
	const visible = (el) => el.checkVisibility
		? el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})
		: el.getClientRects().length > 0;
	const all = [];
	if (root.nodeType === 1) all.push(root);
	for (const el of root.querySelectorAll("*")) all.push(el);
	const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE", "META", "LINK"]);
`

// textJS: innermost visible elements whose normalised innerText equals text.
// textContent (cheap) filters first; innerText (layout-aware) decides.
const textJS = `function(text) {` + jsHelpers + `
	const want = norm(text), key = squash(text);
	const hits = all.filter((el) => !skip.has(el.tagName) && squash(el.textContent).includes(key) &&
		visible(el) && norm(el.innerText) === want);
	return hits.filter((el) => !hits.some((o) => o !== el && el.contains(o)));
}`

// cssJS: visible matches of a selector.
const cssJS = `function(sel) {
	const root = (this && this.nodeType) ? this : document;
	const visible = (el) => el.checkVisibility
		? el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})
		: el.getClientRects().length > 0;
	return Array.from(root.querySelectorAll(sel)).filter(visible);
}`

// seenTextJS explains a text query that found nothing.
const seenTextJS = `function(text) {` + jsHelpers + `
	const want = norm(text), key = squash(text);
	const q = (s) => JSON.stringify(s.length > 80 ? s.slice(0, 80) + "…" : s);
	const hidden = all.filter((el) => !skip.has(el.tagName) && norm(el.textContent) === want && !visible(el));
	if (hidden.length) return hidden.length + " hidden element(s) with that text";
	const near = all.filter((el) => !skip.has(el.tagName) && visible(el) && squash(el.innerText).includes(key))
		.map((el) => norm(el.innerText)).sort((a, b) => a.length - b.length);
	if (near.length) return "closest visible text: " + q(near[0]);
	const body = norm(root.nodeType === 1 ? root.innerText : (document.body ? document.body.innerText : ""));
	return body ? "visible text: " + q(body) : "no visible text";
}`
