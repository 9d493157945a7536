package ui

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"
)

// seen describes what the page shows instead of q, for errors, and for a
// role query the nearest candidates. It runs after the deadline, under its
// own short budget (explaining).
func (r Region) seen(q Query) (string, []string) {
	d, cancel := r.explaining()
	defer cancel()
	p, _, end := d.begin()
	defer end()
	switch q.kind {
	case byRole:
		names, err := d.names(q.role)
		if err != nil {
			return "could not list " + plural(q.role) + ": " + err.Error(), nil
		}
		near := nearest(q.role, q.name, names)
		if q.name != "" {
			near = append(near, d.otherRoles(p, q)...)
		}
		if len(near) > maxCandidatesShown {
			near = near[:maxCandidatesShown]
		}
		if len(names) == 0 {
			return "no " + q.role + " seen", near
		}
		return plural(q.role) + " seen: " + quoteList(names, 20), near
	}
	return d.seenOther(p, q), nil
}

// seenOther describes what the page shows instead of a text or CSS query.
func (r Region) seenOther(p *rod.Page, q Query) string {
	switch q.kind {
	case byText:
		res, err := p.Evaluate(rod.Eval(seenTextJS, q.text).This(r.rootObject()))
		if err != nil {
			return "could not read the page: " + err.Error()
		}
		return res.Value.Str()
	case byCSS:
		res, err := p.Evaluate(rod.Eval(`function(sel) {
			const root = (this && this.nodeType) ? this : document;
			return root.querySelectorAll(sel).length }`, q.css).This(r.rootObject()))
		if err != nil {
			return "could not read the page: " + err.Error()
		}
		if n := res.Value.Int(); n > 0 {
			return fmt.Sprintf("%d matching elements, none visible", n)
		}
		return "no matching element"
	}
	return ""
}

func quoteList(names []string, max int) string {
	var parts []string
	for i, n := range names {
		if i == max {
			parts = append(parts, fmt.Sprintf("… %d more", len(names)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%q", n))
	}
	return strings.Join(parts, ", ")
}

// plural2 is "1 match", "2 matches".
func plural2(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// describe names an element for errors: <div#id.class role=x aria-label="y"
// text="z"> in region "Cookie banner".
func describe(el *rod.Element) string {
	res, err := el.Eval(`function() {
		let s = this.tagName.toLowerCase();
		if (this.id) s += "#" + this.id;
		for (const c of this.classList) s += "." + c;
		const role = this.getAttribute("role"), label = this.getAttribute("aria-label");
		if (role) s += " role=" + role;
		if (label) s += ' aria-label="' + label + '"';
		const t = (this.innerText || "").trim().replace(/\s+/g, " ").slice(0, 40);
		if (t) s += ' text="' + t + '"';
		let out = "<" + s + ">";
		const region = this.parentElement && this.parentElement.closest("[aria-label]");
		const implicit = {SECTION: "region", NAV: "navigation", MAIN: "main", HEADER: "banner", FOOTER: "contentinfo",
			ASIDE: "complementary", FORM: "form", DIALOG: "dialog", UL: "list", OL: "list", TABLE: "table"};
		if (region) out += " in " + (region.getAttribute("role") || implicit[region.tagName] || region.tagName.toLowerCase()) +
			' "' + region.getAttribute("aria-label") + '"';
		return out;
	}`)
	if err != nil {
		return el.String()
	}
	return res.Value.Str()
}
