package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-rod/rod"
)

// Find waits until q selects one element and returns it: exactly one match,
// or the one First() or Nth(i) asked for. Several matches of a strict query
// are an *AmbiguousError at once: a locator that matches two elements is a
// bug to report, not a coin to toss.
func (r Region) Find(q Query) (*rod.Element, error) {
	return r.waitOne(q)
}

// FindAll waits until q has at least one match and returns all of them.
func (r Region) FindAll(q Query) ([]*rod.Element, error) {
	return r.waitAny(q)
}

// All returns the current matches of q, possibly none, without waiting.
func (r Region) All(q Query) ([]*rod.Element, error) {
	if err := q.valid(); err != nil {
		return nil, err
	}
	p, _, cancel := r.begin()
	defer cancel()
	els, err := r.match(p, q)
	if err != nil {
		return nil, fmt.Errorf("ui: %s%s: %w", q, r.in(), err)
	}
	return els, nil
}

// Exists says whether q has a match now, without waiting.
func (r Region) Exists(q Query) (bool, error) {
	els, err := r.All(q)
	return len(els) > 0, err
}

// Value returns the value property of q's input or textarea (waiting for it).
func (r Region) Value(q Query) (string, error) {
	el, err := r.Find(q)
	if err != nil {
		return "", err
	}
	_, ctx, cancel := r.begin()
	defer cancel()
	res, err := el.Context(ctx).Eval(`function() { return typeof this.value === "string" ? this.value : null }`)
	if err != nil {
		return "", fmt.Errorf("ui: value of %s%s: %w", q, r.in(), err)
	}
	if res.Value.Nil() {
		return "", fmt.Errorf("ui: %s%s has no value (not an input or textarea)", q, r.in())
	}
	return res.Value.Str(), nil
}

// Text returns the trimmed innerText of q's element (waiting for it).
func (r Region) Text(q Query) (string, error) {
	el, err := r.Find(q)
	if err != nil {
		return "", err
	}
	_, ctx, cancel := r.begin()
	defer cancel()
	res, err := el.Context(ctx).Eval(`function() { return (this.innerText ?? this.textContent ?? "").trim() }`)
	if err != nil {
		return "", fmt.Errorf("ui: text of %s%s: %w", q, r.in(), err)
	}
	return res.Value.Str(), nil
}

// evalTimeout bounds a state read on an element that carries no deadline.
const evalTimeout = 10 * time.Second

// bounded is el with evalTimeout as its deadline, when it carries none.
func bounded(el *rod.Element) (*rod.Element, context.CancelFunc) {
	if _, has := el.GetContext().Deadline(); has {
		return el, func() {}
	}
	ctx, cancel := context.WithTimeout(el.GetContext(), evalTimeout)
	return el.Context(ctx), cancel
}

func evalBool(el *rod.Element, js string) (bool, error) {
	el, cancel := bounded(el)
	defer cancel()
	res, err := el.Eval(js)
	if err != nil {
		return false, err
	}
	return res.Value.Bool(), nil
}

// Checked reports aria-checked="true" if the attribute is present, else the
// checked property.
func Checked(el *rod.Element) (bool, error) {
	return evalBool(el, `function() {
		const a = this.getAttribute("aria-checked");
		return a !== null ? a === "true" : this.checked === true;
	}`)
}

// Disabled reports the disabled property (or :disabled, e.g. inside a
// disabled fieldset) or aria-disabled="true" on the element or an ancestor.
func Disabled(el *rod.Element) (bool, error) {
	return evalBool(el, `function() {
		return this.disabled === true || (this.matches && this.matches(":disabled")) ||
			!!(this.closest && this.closest('[aria-disabled="true"]'));
	}`)
}

// Why not rod's Element.Text and Page.WaitLoad: they run rod's helper
// functions, which rod defines in the page once per copy of the rod.Page it
// works on. A copy made while the first has none yet (Context, as every
// deadline here makes) starts its own list, so each read defined the
// helpers again: three DevTools calls, one of them a long function to
// compile, where one call does. TextOf and WaitLoad are the same functions
// in one call each.

// elementTextJS is rod's text helper: a field's value (else placeholder), a
// select's chosen options, else the rendered text.
const elementTextJS = `function() {
	switch (this.tagName) {
	case "INPUT": case "TEXTAREA": return this.value || this.placeholder;
	case "SELECT": return Array.from(this.selectedOptions).map((o) => o.innerText).join();
	case undefined: return this.textContent;
	default: return this.innerText;
	}
}`

// TextOf is el's text as a person reads it: what a field holds (else its
// placeholder), a select's chosen options, else the element's rendered text
// (innerText), as rod's Element.Text.
func TextOf(el *rod.Element) (string, error) {
	el, cancel := bounded(el)
	defer cancel()
	res, err := el.Eval(elementTextJS)
	if err != nil {
		return "", err
	}
	return res.Value.Str(), nil
}

// waitLoadJS is rod's waitLoad helper, on the window: settled when the
// document's load event has fired.
const waitLoadJS = `function() {
	return new Promise((resolve) => {
		if (document.readyState === "complete") return resolve();
		window.addEventListener("load", () => resolve(), {once: true});
	});
}`

// WaitLoad waits until p's document has loaded (its load event), as rod's
// Page.WaitLoad, within p's context.
func WaitLoad(p *rod.Page) error {
	_, err := p.Evaluate(rod.Eval(waitLoadJS).ByPromise())
	return err
}

// Attr is an attribute of el ("" when absent).
func Attr(el *rod.Element, name string) (string, error) {
	el, cancel := bounded(el)
	defer cancel()
	v, err := el.Attribute(name)
	if err != nil || v == nil {
		return "", err
	}
	return *v, nil
}

// Names returns the accessible names of every current (not ignored) node with
// that role in the region, in document order. Useful for "what was there".
func Names(r Region, role string) ([]string, error) {
	return r.names(role)
}

// Texts is the trimmed visible text of every current match of q (no wait),
// empty ones left out: the items of a list, the alerts on a page.
func Texts(r Region, q Query) ([]string, error) {
	els, err := r.All(q)
	if err != nil {
		return nil, err
	}
	_, ctx, cancel := r.begin()
	defer cancel()
	var out []string
	for _, el := range els {
		t, err := TextOf(el.Context(ctx))
		if err != nil {
			return nil, err
		}
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// URL is the page's current address; "" when Chromium cannot say (the page
// is gone, or between two documents): never take "" for a new address.
func URL(p *rod.Page) string {
	info, err := p.Info()
	if err != nil {
		return ""
	}
	return info.URL
}
