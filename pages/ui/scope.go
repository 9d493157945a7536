package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
)

// DefaultTimeout is used by NewScope when timeout <= 0.
const DefaultTimeout = 10 * time.Second

// diagTimeout bounds the extra look at the page that explains a timeout.
const diagTimeout = 2 * time.Second

// pollSleeper: the interval between two looks at the page (16ms, 32ms, then every 40ms: a look costs a few ms of CDP, and a slow poll delays every step by up to its interval).
func pollSleeper() utils.Sleeper {
	return utils.BackoffSleeper(8*time.Millisecond, 40*time.Millisecond, nil)
}

// Scope finds elements in a page, or in one element of it (Within). It is a
// small value: copy it freely. Each method call gets its own fresh deadline
// of Timeout().
type Scope struct {
	page    *rod.Page
	timeout time.Duration
	root    *rod.Element // nil: the whole document
	label   string       // root as errors show it, e.g. `dialog "Add scopes"`
}

// NewScope returns a scope on the whole page. Each action (Find, Click, ...)
// waits at most timeout.
func NewScope(page *rod.Page, timeout time.Duration) Scope {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return Scope{page: page, timeout: timeout}
}

// Page the scope belongs to.
func (s Scope) Page() *rod.Page { return s.page }

// Timeout of each action.
func (s Scope) Timeout() time.Duration { return s.timeout }

// WithTimeout returns a copy with another per-action timeout.
func (s Scope) WithTimeout(d time.Duration) Scope {
	if d > 0 {
		s.timeout = d
	}
	return s
}

// Within finds q (waiting) and returns a scope limited to its subtree.
func (s Scope) Within(q Query) (Scope, error) {
	el, err := s.Find(q)
	if err != nil {
		return s, err
	}
	w := s.WithinElement(el)
	w.label = q.String()
	return w, nil
}

// WithinElement returns a scope limited to el's subtree.
func (s Scope) WithinElement(el *rod.Element) Scope {
	s.root = el
	s.label = el.String()
	return s
}

// begin starts an action: a page bound to a fresh deadline.
func (s Scope) begin() (*rod.Page, context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(s.page.GetContext(), s.timeout)
	return s.page.Context(ctx), ctx, cancel
}

func (s Scope) in() string {
	if s.label == "" {
		return ""
	}
	return " in " + s.label
}

// poll calls f until it reports done or the deadline passes.
func poll(ctx context.Context, f func() (done bool, err error)) error {
	return utils.Retry(ctx, pollSleeper(), f)
}

// permanentError ends a wait at once (e.g. an invalid CSS selector).
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// waitMatches waits until q has at least one match.
func (s Scope) waitMatches(q Query) ([]*rod.Element, error) {
	if err := q.valid(); err != nil {
		return nil, err
	}
	p, ctx, cancel := s.begin()
	defer cancel()
	var (
		els  []*rod.Element
		last error
	)
	err := poll(ctx, func() (bool, error) {
		els, last = s.match(p, q)
		var perm permanentError
		if errors.As(last, &perm) {
			return true, perm.error
		}
		return len(els) > 0, nil
	})
	if err != nil {
		if ctx.Err() == nil {
			return nil, err
		}
		return nil, s.notFound(q, last)
	}
	return els, nil
}

// notFound explains a wait that timed out.
func (s Scope) notFound(q Query, last error) error {
	if err := s.page.GetContext().Err(); err != nil {
		return fmt.Errorf("ui: no %s%s: page closed (%v)", q, s.in(), err)
	}
	seen := s.seen(q)
	if last != nil && !errors.Is(last, context.DeadlineExceeded) {
		seen += "; last error: " + last.Error()
	}
	return fmt.Errorf("ui: no %s%s within %s (%s)", q, s.in(), s.timeout, seen)
}

// seen describes what the page shows instead of q, for errors.
func (s Scope) seen(q Query) string {
	d := s.WithTimeout(diagTimeout)
	switch q.kind {
	case byRole:
		names, err := d.names(q.role)
		if err != nil {
			return "could not list " + plural(q.role) + ": " + err.Error()
		}
		if len(names) == 0 {
			return "no " + q.role + " seen"
		}
		return plural(q.role) + " seen: " + quoteList(names, 20)
	case byText:
		p, _, cancel := d.begin()
		defer cancel()
		res, err := p.Evaluate(rod.Eval(seenTextJS, q.text).This(d.rootObject()))
		if err != nil {
			return "could not read the page: " + err.Error()
		}
		return res.Value.Str()
	case byCSS:
		p, _, cancel := d.begin()
		defer cancel()
		res, err := p.Evaluate(rod.Eval(`function(sel) {
			const root = (this && this.nodeType) ? this : document;
			return root.querySelectorAll(sel).length }`, q.css).This(d.rootObject()))
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

func (s Scope) rootObject() *proto.RuntimeRemoteObject {
	if s.root == nil {
		return nil
	}
	return s.root.Object
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

// Find waits until q has at least one match and returns the first in
// document order.
func (s Scope) Find(q Query) (*rod.Element, error) {
	els, err := s.waitMatches(q)
	if err != nil {
		return nil, err
	}
	return els[0], nil
}

// FindAll waits until q has at least one match and returns all matches.
func (s Scope) FindAll(q Query) ([]*rod.Element, error) {
	return s.waitMatches(q)
}

// All returns the current matches of q, possibly none, without waiting.
func (s Scope) All(q Query) ([]*rod.Element, error) {
	if err := q.valid(); err != nil {
		return nil, err
	}
	p, _, cancel := s.begin()
	defer cancel()
	els, err := s.match(p, q)
	if err != nil {
		return nil, fmt.Errorf("ui: %s%s: %w", q, s.in(), err)
	}
	return els, nil
}

// Exists says whether q has a match now, without waiting.
func (s Scope) Exists(q Query) (bool, error) {
	els, err := s.All(q)
	return len(els) > 0, err
}

// WaitGone waits until q has no match.
func (s Scope) WaitGone(q Query) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := s.begin()
	defer cancel()
	n := 0
	var last error
	err := poll(ctx, func() (bool, error) {
		els, err := s.match(p, q)
		last = err
		var perm permanentError
		if errors.As(err, &perm) {
			return true, perm.error
		}
		if err != nil {
			return false, nil // e.g. the deadline hit mid-query: keep the last count
		}
		n = len(els)
		return n == 0, nil
	})
	if err != nil {
		if ctx.Err() == nil {
			return err
		}
		msg := fmt.Sprintf("ui: %s%s still there after %s (%d matches)", q, s.in(), s.timeout, n)
		if last != nil && !errors.Is(last, context.DeadlineExceeded) {
			msg += "; last error: " + last.Error()
		}
		return errors.New(msg)
	}
	return nil
}

// WaitUntil polls cond until it returns true. An error from cond does not end
// the wait (pages change under our feet); the last one is reported if the
// wait times out. The timeout error names what.
func (s Scope) WaitUntil(what string, cond func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(s.page.GetContext(), s.timeout)
	defer cancel()
	var last error
	err := poll(ctx, func() (bool, error) {
		ok, err := cond()
		last = err
		return err == nil && ok, nil
	})
	if err != nil {
		msg := fmt.Sprintf("ui: timed out after %s waiting for %s%s", s.timeout, what, s.in())
		if last != nil {
			msg += ": " + last.Error()
		}
		return errors.New(msg)
	}
	return nil
}

// actionable waits until q's first match can take input: enabled, visible,
// not covered (rod's Interactable check), and, for typing, not read-only.
// It returns the element bound to ctx.
func (s Scope) actionable(p *rod.Page, ctx context.Context, q Query, typing bool) (*rod.Element, *proto.Point, error) {
	var (
		el    *rod.Element
		pt    *proto.Point
		state string
		last  error
	)
	err := poll(ctx, func() (bool, error) {
		els, err := s.match(p, q)
		var perm permanentError
		if errors.As(err, &perm) {
			return true, perm.error
		}
		if len(els) == 0 {
			// A look cut short by the deadline says nothing new: keep what
			// the previous look found (e.g. "read-only") for the error.
			if err == nil || ctx.Err() == nil {
				state, last = "", err
			}
			return false, nil
		}
		el = els[0].Context(ctx)
		// Each check below may be cut short by the deadline; such a look
		// must not overwrite what the last whole look found.
		cut := func(err error) bool { return err != nil && ctx.Err() != nil }
		if d, err := Disabled(el); cut(err) {
			return false, nil
		} else if err != nil || d {
			state, last = "disabled", err
			return false, nil
		}
		if typing {
			if ro, err := el.Eval(`() => this.readOnly === true || this.getAttribute("aria-readonly") === "true"`); cut(err) {
				return false, nil
			} else if err != nil || ro.Value.Bool() {
				state, last = "read-only", err
				return false, nil
			}
		}
		if err := (proto.DOMScrollIntoViewIfNeeded{ObjectID: el.Object.ObjectID}).Call(el); cut(err) {
			return false, nil
		} else if err != nil {
			state, last = "not scrollable into view", err
			return false, nil
		}
		pt, err = el.Interactable()
		if cut(err) {
			return false, nil
		}
		var (
			covered *rod.CoveredError
			noPtr   *rod.NoPointerEventsError
			noBox   *rod.InvisibleShapeError
		)
		switch {
		case errors.As(err, &covered):
			state, last = "covered by "+describe(covered.Element.Context(ctx)), nil
		case errors.As(err, &noPtr):
			state, last = "has pointer-events: none", nil
		case errors.As(err, &noBox):
			state, last = "has no visible box", nil
		case err != nil:
			state, last = "", err
		default:
			return true, nil
		}
		return false, nil
	})
	if err == nil {
		return el, pt, nil
	}
	if ctx.Err() == nil {
		return nil, nil, err
	}
	if state == "" {
		return nil, nil, s.notFound(q, last)
	}
	return nil, nil, fmt.Errorf("ui: %s%s is %s (waited %s)", q, s.in(), state, s.timeout)
}

// describe names an element for errors: <div#id.class role=x aria-label="y" text="z">.
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

// Click finds q, waits until it is enabled and not covered, and clicks it.
// If it stays covered, the error names the covering element.
func (s Scope) Click(q Query) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := s.begin()
	defer cancel()
	_, pt, err := s.actionable(p, ctx, q, false)
	if err != nil {
		return err
	}
	// A user's click where actionable just found the element uncovered:
	// rod's Element.Click would check all of that again first (~10-40 ms).
	m := p.Mouse
	err = m.MoveTo(*pt)
	if err == nil {
		err = m.Down(proto.InputMouseButtonLeft, 1)
	}
	if err == nil {
		err = m.Up(proto.InputMouseButtonLeft, 1)
	}
	if err != nil {
		return fmt.Errorf("ui: click %s%s: %w", q, s.in(), err)
	}
	return nil
}

// Fill focuses q, selects its content, types value (replacing it), fires
// input and change, and waits until the field's value equals value. Errors
// never contain the value (it may be a password).
func (s Scope) Fill(q Query, value string) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := s.begin()
	defer cancel()
	el, _, err := s.actionable(p, ctx, q, true)
	if err != nil {
		return err
	}
	fail := func(what string, err error) error { return fmt.Errorf("ui: fill %s%s: %s: %w", q, s.in(), what, err) }
	// Focus and select what is there in one call (actionable has scrolled
	// the field into view already), so that typing replaces it.
	if _, err := el.Eval(`function() {
		this.focus();
		if (typeof this.select === "function") { this.select(); return; }
		const r = document.createRange(); r.selectNodeContents(this);
		const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
	}`); err != nil {
		return fail("focus and select", err)
	}
	if value == "" {
		err = p.Keyboard.Type(input.Backspace)
	} else {
		// Not el.Input: rod's trace mode (-rod=trace) logs and overlays the
		// text typed by Page.InsertText, which would print passwords.
		err = proto.InputInsertText{Text: value}.Call(p)
	}
	if err != nil {
		return fail("type", err)
	}
	if _, err := el.Eval(`function() {
		this.dispatchEvent(new Event("input", {bubbles: true}));
		this.dispatchEvent(new Event("change", {bubbles: true}));
	}`); err != nil {
		return fail("input/change events", err)
	}
	got := ""
	err = poll(ctx, func() (bool, error) {
		res, err := el.Eval(`function() { return typeof this.value === "string" ? this.value : this.innerText }`)
		if err != nil {
			return false, nil
		}
		got = res.Value.Str()
		return got == value, nil
	})
	if err != nil {
		return fmt.Errorf("ui: fill %s%s: the field holds %d characters, want %d, after %s (maxlength? reformatted?)",
			q, s.in(), len([]rune(got)), len([]rune(value)), s.timeout)
	}
	return nil
}

// Value returns the current value property of an input or textarea (waiting for q).
func (s Scope) Value(q Query) (string, error) {
	el, err := s.Find(q)
	if err != nil {
		return "", err
	}
	_, ctx, cancel := s.begin()
	defer cancel()
	res, err := el.Context(ctx).Eval(`function() { return typeof this.value === "string" ? this.value : null }`)
	if err != nil {
		return "", fmt.Errorf("ui: value of %s%s: %w", q, s.in(), err)
	}
	if res.Value.Nil() {
		return "", fmt.Errorf("ui: %s%s has no value (not an input or textarea)", q, s.in())
	}
	return res.Value.Str(), nil
}

// Text returns the trimmed innerText of q's first match (waiting for q).
func (s Scope) Text(q Query) (string, error) {
	el, err := s.Find(q)
	if err != nil {
		return "", err
	}
	_, ctx, cancel := s.begin()
	defer cancel()
	res, err := el.Context(ctx).Eval(`function() { return (this.innerText ?? this.textContent ?? "").trim() }`)
	if err != nil {
		return "", fmt.Errorf("ui: text of %s%s: %w", q, s.in(), err)
	}
	return res.Value.Str(), nil
}

const evalTimeout = 10 * time.Second

func evalBool(el *rod.Element, js string) (bool, error) {
	if _, has := el.GetContext().Deadline(); !has {
		ctx, cancel := context.WithTimeout(el.GetContext(), evalTimeout)
		defer cancel()
		el = el.Context(ctx)
	}
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

// Names returns the accessible names of every current (not ignored) node with
// that role in the scope, in document order. Useful for "what was there".
func Names(s Scope, role string) ([]string, error) {
	return s.names(role)
}

// Texts is the trimmed visible text of every current match of q (no wait),
// empty ones left out: the items of a list, the alerts on a page.
func Texts(s Scope, q Query) ([]string, error) {
	els, err := s.All(q)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, el := range els {
		t, err := el.Text()
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
