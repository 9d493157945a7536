package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// What an action needs of its element, as Playwright's actionability checks
// (https://playwright.dev/docs/actionability): every action needs it
// attached and visible; a click or a hover needs it stable and receiving
// events at its centre; a click and typing need it enabled; typing needs it
// editable.
type needs struct {
	action   string // for errors: "click", "fill", "hover"
	pointer  bool   // stable, and the hit test at the centre finds it
	enabled  bool
	editable bool
}

var (
	forClick = needs{action: "click", pointer: true, enabled: true}
	forHover = needs{action: "hover", pointer: true}
	forFill  = needs{action: "fill", enabled: true, editable: true}
)

// actionableJS checks one element in one round trip. It scrolls the element
// into view if needed, then compares its box over two animation frames 15 ms
// apart or more, by their frame times and by the clock (an element still
// sliding in is not clicked where it was),
// then hit-tests its centre. It answers, by value, {state: ""} with the
// click point, or the reason a person could not act yet (with the point,
// when it is covered: the cover is looked up only then, so the usual answer
// is one round trip). A page in a background tab gets no animation frames:
// "no frames" asks the caller to bring it to the front (a person acts on the
// tab they see).
const actionableJS = `async function(pointer, enabled, editable) {
	const el = this;
	if (!el.isConnected) return {state: "detached from the page"};
	const visible = el.checkVisibility ? el.checkVisibility({visibilityProperty: true, opacityProperty: true}) : true;
	const rects = el.getClientRects();
	if (!visible || rects.length === 0) return {state: "not visible"};
	const box0 = el.getBoundingClientRect();
	if (box0.width === 0 || box0.height === 0) return {state: "not visible (empty box)"};
	if (enabled && (el.disabled === true || (el.matches && el.matches(":disabled")) ||
		(el.closest && el.closest('[aria-disabled="true"]')))) return {state: "disabled"};
	if (editable) {
		const tag = el.tagName;
		const typable = tag === "TEXTAREA" || (tag === "INPUT" && !["checkbox", "radio", "button", "submit", "reset",
			"file", "image", "range", "color", "hidden"].includes(el.type)) || el.isContentEditable;
		if (!typable) return {state: "not editable (a " + tag.toLowerCase() + ")"};
		if (el.readOnly === true || el.getAttribute("aria-readonly") === "true") return {state: "read-only"};
	}
	if (!pointer) return {state: ""};
	const inView = (b) => b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth;
	if (!inView(box0)) el.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
	// A frame's time is the one requestAnimationFrame hands its callbacks:
	// what animations advance by. null: no frame came within 500 ms.
	const frame = () => new Promise((res) => {
		const t = setTimeout(() => res(null), 500);
		requestAnimationFrame((ts) => { clearTimeout(t); res(ts); });
	});
	const t0 = await frame();
	if (t0 === null) return {state: "no frames"};
	const a = el.getBoundingClientRect(), ta = performance.now();
	// A starved renderer can run two frames with one frame time, or two
	// frames close together, and a moving element then reads the same box
	// in both. So the second read waits for a frame whose time is at least
	// 15 ms after the first's, and for 15 ms of the clock, as Playwright's
	// stability check waits for 15 ms between its frames.
	let t1;
	do {
		t1 = await frame();
		if (t1 === null) return {state: "no frames"};
	} while (t1 - t0 < 15 || performance.now() - ta < 15);
	const b = el.getBoundingClientRect();
	if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height) return {state: "not stable (still moving)"};
	const x = b.left + b.width / 2, y = b.top + b.height / 2;
	const hit = document.elementFromPoint(x, y);
	if (hit === null) return {state: "outside the viewport"};
	if (hit !== el && !el.contains(hit)) {
		// A label's click reaches its control: a person clicks either.
		if (!(el.labels && Array.from(el.labels).some((l) => l === hit || l.contains(hit)))) {
			return {state: "covered", x, y};
		}
	}
	return {state: "", x, y};
}`

// actionable waits until q selects one element that a person could act on
// as n says, and returns it with the point to click.
func (r Region) actionable(p *rod.Page, ctx context.Context, q Query, n needs) (*rod.Element, proto.Point, error) {
	start := time.Now()
	var (
		el    *rod.Element
		pt    proto.Point
		state string
		last  error
	)
	err := poll(ctx, func() (bool, error) {
		els, err := r.match(p, q)
		if perm, ok := permanent(err); ok {
			return true, perm
		}
		one, ok, err := r.pickOne(q, els)
		if perm, isPerm := permanent(err); isPerm {
			return true, perm
		}
		if !ok {
			// A look cut short by the deadline says nothing new: keep what
			// the previous whole look found (e.g. "read-only") for the error.
			if ctx.Err() == nil {
				state, last = "", err
			}
			return false, nil
		}
		el = one.Context(ctx)
		res, err := el.Evaluate(rod.Eval(actionableJS, n.pointer, n.enabled, n.editable).ByPromise())
		if err != nil {
			if ctx.Err() == nil {
				state, last = "", err // e.g. the element left the page mid-check
			}
			return false, nil
		}
		st, cover, x, y, err := readActionable(el, res)
		if err != nil {
			if ctx.Err() == nil {
				state, last = "", err
			}
			return false, nil
		}
		switch st {
		case "":
			pt = proto.Point{X: x, Y: y}
			return true, nil
		case "no frames":
			state, last = "in a tab that is not in front", nil
			_ = proto.PageBringToFront{}.Call(p)
		case "covered":
			state, last = coveredState(state, cover, ctx.Err() != nil), nil
		default:
			state, last = st, nil
		}
		return false, nil
	})
	if err == nil {
		return el, pt, nil
	}
	if ctx.Err() == nil {
		return nil, pt, err
	}
	if state == "" {
		return nil, pt, r.notFound(ctx, q, start, last)
	}
	return nil, pt, &NotActionableError{Query: q.String(), In: r.in(), Action: n.action, State: state,
		Waited: waited(ctx, start), Err: ctx.Err()}
}

// coveredState is what a look that found the element covered says: by
// what, when the look could tell. When the deadline cut short the lookup
// of the cover (cut), the look says nothing new: what the previous whole
// look found stands. Else it is plainly "covered".
func coveredState(prev, cover string, cut bool) string {
	switch {
	case cover != "":
		return "covered by " + cover
	case cut && prev != "":
		return prev
	}
	return "covered"
}

// readActionable reads actionableJS's answer (a value); cover is the
// element at the click point described, when it covers the element.
func readActionable(el *rod.Element, res *proto.RuntimeRemoteObject) (state, cover string, x, y float64, err error) {
	v := res.Value
	if !v.Has("state") {
		return "", "", 0, 0, fmt.Errorf("ui: the actionability check answered %s", v.JSON("", ""))
	}
	state, x, y = v.Get("state").Str(), v.Get("x").Num(), v.Get("y").Num()
	if state == "covered" {
		hit, err := el.Evaluate(rod.Eval(`function(x, y) { return this.ownerDocument.elementFromPoint(x, y) }`, x, y).ByObject())
		if err == nil && hit.ObjectID != "" {
			if c, err := elementOf(el.Page(), hit); err == nil {
				cover = describe(c)
			}
		}
	}
	return state, cover, x, y, nil
}

// Click waits until q's element is actionable (attached, visible, stable,
// enabled, receiving the click) and clicks its centre, as a person would.
// It does not wait for what the click causes: the page object does, since
// only it knows what the page promised.
func (r Region) Click(q Query) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	el, pt, err := r.actionable(p, ctx, q, forClick)
	if err != nil {
		return err
	}
	if observe(ctx, "click", el) {
		// The observer took its time (a screenshot): the page may have
		// moved since the check, so the point is checked again.
		if _, pt, err = r.actionable(p, ctx, q, forClick); err != nil {
			return err
		}
	}
	m := p.Mouse
	err = m.MoveTo(pt)
	if err == nil {
		err = m.Down(proto.InputMouseButtonLeft, 1)
	}
	if err == nil {
		err = m.Up(proto.InputMouseButtonLeft, 1)
	}
	if err != nil {
		return fmt.Errorf("ui: click %s%s: %w", q, r.in(), err)
	}
	return nil
}

// Hover waits until q's element is visible, stable and receiving events,
// and moves the mouse over its centre.
func (r Region) Hover(q Query) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	el, pt, err := r.actionable(p, ctx, q, forHover)
	if err != nil {
		return err
	}
	if observe(ctx, "hover", el) {
		if _, pt, err = r.actionable(p, ctx, q, forHover); err != nil { // as in Click
			return err
		}
	}
	if err := p.Mouse.MoveTo(pt); err != nil {
		return fmt.Errorf("ui: hover %s%s: %w", q, r.in(), err)
	}
	return nil
}

// Fill waits until q's element is visible, enabled and editable, focuses it,
// selects its content, types value (replacing it), fires input and change,
// and waits until the field's value equals value. Errors never contain the
// value (it may be a password).
func (r Region) Fill(q Query, value string) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	start := time.Now()
	el, _, err := r.actionable(p, ctx, q, forFill)
	if err != nil {
		return err
	}
	observe(ctx, "fill", el)
	fail := func(what string, err error) error { return fmt.Errorf("ui: fill %s%s: %s: %w", q, r.in(), what, err) }
	// Focus and select what is there in one call, so that typing replaces it.
	if _, err := el.Eval(`function() {
		this.scrollIntoView({block: "nearest", behavior: "instant"});
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
		return &TimeoutError{
			What: fmt.Sprintf("%s to hold the %d characters typed (it holds %d: maxlength? reformatted?)",
				q, len([]rune(value)), len([]rune(got))),
			In: r.in(), Waited: waited(ctx, start), Err: ctx.Err(),
		}
	}
	return nil
}

// Press waits until q's element can take typing (visible, enabled,
// editable), focuses it and presses key, as a person ends an entry with
// Enter.
func (r Region) Press(q Query, key input.Key) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	el, _, err := r.actionable(p, ctx, q, forFill)
	if err != nil {
		return err
	}
	observe(ctx, "press", el)
	if err := el.Focus(); err != nil {
		return fmt.Errorf("ui: focus %s%s: %w", q, r.in(), err)
	}
	if err := p.Keyboard.Type(key); err != nil {
		return fmt.Errorf("ui: press a key in %s%s: %w", q, r.in(), err)
	}
	return nil
}
