package ui_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lszoom/pages/ui"
)

func init() {
	// A button that slides in for 600 ms: clicked where it first showed, the
	// click lands beside it (on the decoy that takes its old place).
	pages["/moving"] = `<style>
		#slide { position: absolute; left: 20px; top: 20px; width: 120px; transition: left 600ms linear; }
		#decoy { position: absolute; left: 20px; top: 20px; width: 120px; z-index: -1; }
		#spin { position: absolute; left: 20px; top: 120px; animation: drift 60s linear; }
		@keyframes drift { from { left: 20px; } to { left: 6020px; } }
	</style>
	<button id="decoy" onclick="document.getElementById('out').textContent += 'decoy '">Decoy</button>
	<button id="slide" onclick="document.getElementById('out').textContent += 'slide '">Slide</button>
	<button id="spin">Spin</button>
	<p id="out" style="position:absolute; top: 200px"></p>
	<script>requestAnimationFrame(() => requestAnimationFrame(() => { document.getElementById("slide").style.left = "400px"; }));</script>`

	// A button moved by the page's own animation loop at 100 px/s, on a
	// renderer that runs each frame time twice, as a starved one can: two
	// frames in a row show it in one place. Only frames whose times differ
	// tell that it moves.
	pages["/stutter"] = `<button id="stutter" style="position: absolute; top: 20px; left: 20px">Stutter</button>
	<p id="hits">0</p>
	<script>
		const raf = window.requestAnimationFrame.bind(window);
		let real = null, n = -1, shown = null;
		window.requestAnimationFrame = (cb) => raf((ts) => {
			if (ts !== real) { real = ts; n++; if (n % 2 === 0) shown = ts; }
			cb(shown);
		});
		const btn = document.getElementById("stutter");
		btn.addEventListener("click", () => { const h = document.getElementById("hits"); h.textContent = +h.textContent + 1; });
		const tick = (ts) => { btn.style.left = (20 + (ts % 20000) / 10) + "px"; requestAnimationFrame(tick); };
		requestAnimationFrame(tick);
	</script>`

	// An Advanced group whose button ignores its first click, as a page
	// still starting does: its handler is attached only then.
	pages["/late-handler"] = `<button id="adv" aria-expanded="false">Advanced</button>
	<a id="link" href="#m" hidden>App Marketplace</a>
	<p id="clicks">0</p>
	<script>
		const adv = document.getElementById("adv");
		adv.addEventListener("click", () => {
			const c = document.getElementById("clicks"); c.textContent = +c.textContent + 1;
			if (c.textContent === "1") setTimeout(() => adv.addEventListener("click", () => {
				adv.setAttribute("aria-expanded", "true"); document.getElementById("link").hidden = false;
			}), 0);
		});
	</script>`
}

func TestClickWaitsUntilTheElementStopsMoving(t *testing.T) {
	sc := open(t, "/moving", 5*time.Second)
	if err := sc.Click(ui.Role("button", "Slide")); err != nil {
		t.Fatal(err)
	}
	out, err := sc.Text(ui.CSS("#out"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out) != "slide" {
		t.Fatalf("the click landed on %q: it was taken while the button still moved", out)
	}

	err = sc.WithActionTimeout(500 * time.Millisecond).Click(ui.Role("button", "Spin"))
	var na *ui.NotActionableError
	if !errors.As(err, &na) || na.State != "not stable (still moving)" {
		t.Fatalf("an element that never stops must not be clicked: %T %v", err, err)
	}
}

// Two frames with one frame time (a starved renderer) show a moving
// element in one place: the stability check must wait for a later frame
// time, or it clicks an element that never stops.
func TestAStutteringFrameClockIsNotStability(t *testing.T) {
	t.Parallel() // it mostly waits on the page
	sc := open(t, "/stutter", time.Second)
	err := sc.Click(ui.Role("button", "Stutter"))
	var na *ui.NotActionableError
	if !errors.As(err, &na) || na.State != "not stable (still moving)" {
		t.Fatalf("an element that never stops must not be clicked: %T %v", err, err)
	}
	if hits, err := sc.Text(ui.CSS("#hits")); err != nil || hits != "0" {
		t.Errorf("the button was clicked %s times (%v)", hits, err)
	}
}

func TestEnsureTriesAnIgnoredActionAgain(t *testing.T) {
	t.Parallel() // it mostly waits on a page or a process
	sc := open(t, "/late-handler", 0)
	step := stepRegion(t, sc, 3*time.Second)
	expanded := func() (bool, error) {
		el, err := step.Find(ui.Role("button", "Advanced"))
		if err != nil {
			return false, err
		}
		v, err := ui.Attr(el, "aria-expanded")
		return v == "true", err
	}
	err := step.Ensure("Advanced to expand", 150*time.Millisecond,
		func() error { return step.Click(ui.Role("button", "Advanced")) }, expanded)
	if err != nil {
		t.Fatal(err)
	}
	clicks, _ := step.Text(ui.CSS("#clicks"))
	if clicks == "1" {
		t.Fatalf("one click expanded a group that ignores its first click: the test page is broken")
	}
	if _, err := step.Find(ui.Role("link", "App Marketplace")); err != nil {
		t.Fatal(err)
	}

	// An action that never takes effect ends with the step's deadline.
	step = stepRegion(t, sc, 500*time.Millisecond)
	start := time.Now()
	err = step.Ensure("the moon to rise", 100*time.Millisecond, func() error { return nil },
		func() (bool, error) { return false, nil })
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting for the moon to rise") {
		t.Fatalf("want a timeout naming what, got %v", err)
	}
	if d := time.Since(start); d > 700*time.Millisecond {
		t.Errorf("Ensure ran %s past a 500ms deadline", d)
	}
	// What the page says is final ends it at once.
	err = step.Ensure("x", 100*time.Millisecond, func() error { return nil },
		func() (bool, error) { return false, ui.Stop(errors.New("the page says: no")) })
	if err == nil || err.Error() != "the page says: no" {
		t.Fatalf("Stop must end Ensure: %v", err)
	}
}

// What a covered element's error says when the deadline ends the lookup of
// what covers it: the previous whole look's finding, never "covered by "
// with nothing after it (seen under load in make test).
func TestCoveredStateKeepsWhatAWholeLookFound(t *testing.T) {
	const before = "covered by <div#cover.overlay>"
	for _, c := range []struct {
		prev, cover string
		cut         bool
		want        string
	}{
		{"", "<div#cover.overlay>", false, before},
		{"not stable (still moving)", "<div#cover.overlay>", true, before},
		{before, "", true, before},
		{"", "", true, "covered"},
		{before, "", false, "covered"},
	} {
		if got := ui.CoveredState(c.prev, c.cover, c.cut); got != c.want {
			t.Errorf("CoveredState(%q, %q, %v) = %q, want %q", c.prev, c.cover, c.cut, got, c.want)
		}
	}
}
