package ui_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"

	"lszoom/internal/browser"
	"lszoom/pages/ui"
)

var (
	shared *browser.Browser
	srv    *httptest.Server
	// handlers serve what a page of pages needs besides its HTML (an image
	// whose load a test holds back, say).
	handlers = map[string]http.HandlerFunc{}
	// calls counts the DevTools requests of each page session, so that a
	// test can tell how many round trips an operation costs.
	calls = &callCounter{bySession: map[string]int{}}
)

type callCounter struct {
	mu        sync.Mutex
	bySession map[string]int
}

func (c *callCounter) Println(vs ...any) {
	for _, v := range vs {
		if r, ok := v.(*cdp.Request); ok && r.SessionID != "" {
			c.mu.Lock()
			c.bySession[r.SessionID]++
			c.mu.Unlock()
		}
	}
}

// callsOf is how many DevTools requests p's session has sent so far.
func callsOf(p *rod.Page) int {
	calls.mu.Lock()
	defer calls.mu.Unlock()
	return calls.bySession[string(p.SessionID)]
}

var pages = map[string]string{
	"/buttons": `<button style="display:none">Create</button>
		<button aria-hidden="true" id="ah">Next step</button>
		<button id="cancel">Cancel</button><button id="next">Next</button>`,

	"/create": `<main><button id="main-create">Create</button></main>
		<div role="dialog" aria-label="Create an OAuth app" id="dlg">
		  <label>App Name <input id="name"></label>
		  <button id="dlg-create">Create</button>
		</div>`,

	"/signin": `<form>
		  <input type="password" id="hidden-pw" aria-label="Password" style="display:none">
		  <label>Password <input type="password" id="pw"></label>
		  <label>Short <input id="short" maxlength="3"></label>
		  <label>Read only <input id="ro" readonly value="fixed"></label>
		  <textarea aria-label="Long description" id="long"></textarea>
		</form>
		<div id="events"></div>
		<script>
		  let n = 0;
		  document.getElementById("pw").addEventListener("change", () => {
		    document.getElementById("events").textContent = "changes: " + (++n);
		  });
		</script>`,

	"/late": `<div id="box"></div>
		<div role="status"><span>7 scopes added</span></div>
		<p id="going">Saving…</p>
		<script>
		  setTimeout(() => {
		    const b = document.createElement("button");
		    b.textContent = "Late"; b.id = "late";
		    document.getElementById("box").append(b);
		  }, 300);
		  setTimeout(() => document.getElementById("going").remove(), 300);
		</script>`,

	"/covered": `<style>
		  #cover { position: fixed; inset: 0; background: transparent; }
		</style>
		<button id="target" onclick="document.getElementById('out').textContent = 'clicked'">Accept</button>
		<button id="off" disabled>Off</button>
		<button id="aria-off" aria-disabled="true">Soft off</button>
		<p id="out"></p>
		<section aria-label="Cookie banner"><div id="cover" class="overlay"></div></section>`,

	"/states": `<button role="switch" aria-checked="true" aria-label="Publish">P</button>
		<label><input type="checkbox" id="cb" checked> View your meetings</label>
		<label><input type="checkbox" id="cb2"> View your recordings</label>
		<fieldset disabled><button id="fs">In fieldset</button></fieldset>
		<div aria-disabled="true"><button id="inner">Inner</button></div>`,
}

func TestMain(m *testing.M) {
	b, err := browser.Launch(browser.WithCDPLogger(calls))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared = b
	mux := http.NewServeMux()
	for path, body := range pages {
		body := "<!doctype html><html><body>" + body + "</body></html>"
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { _, _ = fmt.Fprint(w, body) })
	}
	for path, h := range handlers {
		mux.HandleFunc(path, h)
	}
	srv = httptest.NewServer(mux)
	code := m.Run()
	srv.Close()
	_ = b.Close()
	os.Exit(code)
}

// open returns a region on a fresh incognito page showing path, in which
// each action has its own deadline of timeout (tests of one action each).
func open(t testing.TB, path string, timeout time.Duration) ui.Region {
	t.Helper()
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	p := s.Page.Timeout(10 * time.Second)
	if err := p.Navigate(srv.URL + path); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	return ui.In(t.Context(), s.Page).WithActionTimeout(timeout)
}

// stepRegion is r on the same page under one deadline d for all its
// actions, as a guide step gives its page objects.
func stepRegion(t testing.TB, r ui.Region, d time.Duration) ui.Region {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ui.In(ctx, r.Page())
}

func id(t *testing.T, el *rod.Element) string {
	t.Helper()
	v, err := el.Attribute("id")
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		return ""
	}
	return *v
}

func wantErr(t *testing.T, err error, subs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q", subs)
	}
	for _, s := range subs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
}

func TestQueryString(t *testing.T) {
	for q, want := range map[ui.Query]string{
		ui.Role("button", "Create"):     `button "Create"`,
		ui.Role("button", ""):           `button`,
		ui.Text("7 scopes added"):       `text "7 scopes added"`,
		ui.CSS("#x"):                    `css "#x"`,
		ui.Role("checkbox", `a "b"`):    `checkbox "a \"b\""`,
		ui.Role("button", "OK").First(): `button "OK" (first)`,
		ui.Role("button", "OK").Nth(2):  `button "OK" (#2)`,
	} {
		if q.String() != want {
			t.Errorf("got %s, want %s", q, want)
		}
	}
}

func TestRoleAndName(t *testing.T) {
	sc := open(t, "/buttons", 5*time.Second)
	el, err := sc.Find(ui.Role("button", "Next"))
	if err != nil {
		t.Fatal(err)
	}
	if id(t, el) != "next" {
		t.Fatalf("found %s", id(t, el))
	}
	all, err := sc.FindAll(ui.Role("button", ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || id(t, all[0]) != "cancel" || id(t, all[1]) != "next" {
		t.Fatalf("want cancel, next (the hidden Create is ignored), got %d", len(all))
	}
	names, err := ui.Names(sc, "button")
	if err != nil || strings.Join(names, ",") != "Cancel,Next" {
		t.Fatalf("names %v %v", names, err)
	}
}

func TestTimeoutSaysWhatWasSeen(t *testing.T) {
	t.Parallel() // it mostly waits on a page or a process
	sc := open(t, "/buttons", 400*time.Millisecond)
	start := time.Now()
	_, err := sc.Find(ui.Role("button", "Create"))
	if d := time.Since(start); d < 400*time.Millisecond || d > 4*time.Second {
		t.Errorf("waited %s", d)
	}
	wantErr(t, err, `ui: no button "Create" within 400ms (buttons seen: "Cancel", "Next")`)

	_, err = sc.Find(ui.Role("checkbox", "X"))
	wantErr(t, err, `no checkbox "X" within 400ms (no checkbox seen)`)
	_, err = sc.Find(ui.Role("button", "Next step"))
	wantErr(t, err, `no button "Next step" within 400ms (buttons seen: "Cancel", "Next")`) // aria-hidden
	_, err = sc.Find(ui.Text("Create"))
	wantErr(t, err, `no text "Create" within 400ms (1 hidden element(s) with that text)`)
	_, err = sc.Find(ui.Text("Nex"))
	wantErr(t, err, `closest visible text: "Next"`)
	_, err = sc.Find(ui.CSS("button[style]"))
	wantErr(t, err, `no css "button[style]" within 400ms (1 matching elements, none visible)`)
}

func TestWithinDialog(t *testing.T) {
	sc := open(t, "/create", 5*time.Second)
	el, err := sc.Find(ui.Role("button", "Create").First())
	if err != nil || id(t, el) != "main-create" {
		t.Fatalf("page-wide first Create: %v", err)
	}
	dlg, err := sc.Within(ui.Role("dialog", "Create an OAuth app"))
	if err != nil {
		t.Fatal(err)
	}
	el, err = dlg.Find(ui.Role("button", "Create"))
	if err != nil || id(t, el) != "dlg-create" {
		t.Fatalf("dialog Create: %v", err)
	}
	if all, _ := dlg.All(ui.Role("button", "")); len(all) != 1 {
		t.Fatalf("dialog has 1 button, got %d", len(all))
	}
	if err := dlg.Fill(ui.Role("textbox", "App Name"), "My app"); err != nil {
		t.Fatal(err)
	}
	if v, err := dlg.Value(ui.Role("textbox", "App Name")); err != nil || v != "My app" {
		t.Fatalf("value %q %v", v, err)
	}
	if el, err := dlg.Find(ui.Text("Create")); err != nil || id(t, el) != "dlg-create" {
		t.Fatalf("text within dialog: %v", err)
	}
	_, err = dlg.WithActionTimeout(300 * time.Millisecond).Find(ui.Role("button", "Cancel"))
	wantErr(t, err, `no button "Cancel" in dialog "Create an OAuth app" within 300ms (buttons seen: "Create")`)
}

func TestHiddenDuplicateAndFill(t *testing.T) {
	t.Parallel() // it mostly waits on a page or a process
	sc := open(t, "/signin", 5*time.Second)
	el, err := sc.Find(ui.CSS("input[type=password]"))
	if err != nil || id(t, el) != "pw" {
		t.Fatalf("css must skip the display:none duplicate: %v", err)
	}
	el, err = sc.Find(ui.Role("textbox", "Password"))
	if err != nil || id(t, el) != "pw" {
		t.Fatalf("role must skip the display:none duplicate: %v", err)
	}

	pw := ui.Role("textbox", "Password")
	if err := sc.Fill(pw, "first value"); err != nil {
		t.Fatal(err)
	}
	if err := sc.Fill(pw, "Sim-Owner-Pass-1"); err != nil { // replaces, not appends
		t.Fatal(err)
	}
	if v, _ := sc.Value(pw); v != "Sim-Owner-Pass-1" {
		t.Fatalf("value %q", v)
	}
	if txt, _ := sc.Text(ui.CSS("#events")); txt != "changes: 2" {
		t.Errorf("change events: %q", txt)
	}
	if err := sc.Fill(pw, ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := sc.Value(pw); v != "" {
		t.Fatalf("not cleared: %q", v)
	}
	if err := sc.Fill(ui.Role("textbox", "Long description"), "line one\nline two"); err != nil {
		t.Fatal(err)
	}

	short := sc.WithActionTimeout(2 * time.Second)
	err = short.Fill(ui.Role("textbox", "Short"), "secret-value")
	wantErr(t, err, `waiting for textbox "Short" to hold the 12 characters typed (it holds 3`)
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error leaks the value: %v", err)
	}
	err = short.Fill(ui.Role("textbox", "Read only"), "x")
	wantErr(t, err, `textbox "Read only" is read-only`)
}

func TestAppearsLaterAndWaitGone(t *testing.T) {
	t.Parallel() // it mostly waits on a page or a process
	sc := open(t, "/late", 3*time.Second)
	el, err := sc.Find(ui.Role("button", "Late")) // appears after 300ms
	if err != nil || id(t, el) != "late" {
		t.Fatalf("late button: %v", err)
	}
	if err := sc.WaitGone(ui.Text("Saving…")); err != nil {
		t.Fatal(err)
	}
	err = sc.WithActionTimeout(300 * time.Millisecond).WaitGone(ui.Role("button", "Late"))
	wantErr(t, err, `ui: timed out after 300ms waiting for button "Late" to go (1 match)`)

	st, err := sc.Find(ui.Text("7 scopes added"))
	if err != nil {
		t.Fatal(err)
	}
	if tag, _ := st.Eval(`() => this.tagName`); tag.Value.Str() != "SPAN" {
		t.Errorf("want the innermost element, got %s", tag.Value.Str())
	}
	if txt, err := sc.Text(ui.Role("status", "")); err != nil || txt != "7 scopes added" {
		t.Errorf("status text %q %v", txt, err)
	}

	ok, err := sc.Exists(ui.Role("button", "Nope"))
	if err != nil || ok {
		t.Errorf("exists: %v %v", ok, err)
	}
	all, err := sc.All(ui.Role("button", ""))
	if err != nil || len(all) != 1 {
		t.Errorf("all: %d %v", len(all), err)
	}

	n := 0
	err = sc.WithActionTimeout(300*time.Millisecond).WaitUntil("the moon to turn blue", func() (bool, error) { n++; return false, nil })
	wantErr(t, err, "ui: timed out after 3", "waiting for the moon to turn blue")
	if n < 2 {
		t.Errorf("polled %d times", n)
	}
	if err := sc.WaitUntil("third poll", func() (bool, error) { n++; return n%3 == 0, nil }); err != nil {
		t.Fatal(err)
	}
}

// One deadline for a whole step: the second wait gets what the first left,
// not a fresh one, and the error says the deadline ended it.
func TestOneDeadlineSharedByEveryWait(t *testing.T) {
	sc := open(t, "/buttons", 0)
	appear := func(text string, after time.Duration) {
		t.Helper()
		_, err := sc.Page().Timeout(5*time.Second).Eval(`(t, ms) => setTimeout(() => {
			const b = document.createElement("button"); b.textContent = t; document.body.append(b) }, ms)`,
			text, after.Milliseconds())
		if err != nil {
			t.Fatal(err)
		}
	}
	step := stepRegion(t, sc, time.Second)
	start := time.Now()
	appear("One", 600*time.Millisecond)
	if _, err := step.Find(ui.Role("button", "One")); err != nil {
		t.Fatal(err)
	}
	appear("Two", 600*time.Millisecond)
	_, err := step.Find(ui.Text("Two"))
	took := time.Since(start)
	if err == nil {
		t.Fatalf("the second wait found Two after %s: it must not get a fresh deadline", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, context.DeadlineExceeded) is false for %v", err)
	}
	var nf *ui.NotFoundError
	if !errors.As(err, &nf) || nf.Query != `text "Two"` {
		t.Errorf("want a *ui.NotFoundError for text \"Two\", got %T %v", err, err)
	}
	if took > 1200*time.Millisecond {
		t.Errorf("a 1s step ran %s", took)
	}
	// A shorter per-action deadline inside the step's is kept; a longer one
	// never extends it.
	step = stepRegion(t, sc, 300*time.Millisecond)
	start = time.Now()
	_, err = step.WithActionTimeout(5 * time.Second).Find(ui.Role("button", "Never"))
	if d := time.Since(start); err == nil || d > 600*time.Millisecond {
		t.Errorf("an action timeout longer than the step's extended it: %s, %v", d, err)
	}
}

// A query meant to find one element that finds two is an error at once,
// listing them; First and Nth pick on purpose.
func TestStrictLocators(t *testing.T) {
	sc := open(t, "/create", 5*time.Second)
	start := time.Now()
	_, err := sc.Find(ui.Role("button", "Create"))
	var amb *ui.AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("want *ui.AmbiguousError, got %T %v", err, err)
	}
	if time.Since(start) > 2*time.Second {
		t.Error("an ambiguous query must fail at once, not wait for the deadline")
	}
	wantErr(t, err, `button "Create" matches 2 elements`, `<button#main-create text="Create">`, `<button#dlg-create text="Create"> in dialog "Create an OAuth app"`)
	wantErr(t, sc.Click(ui.Role("button", "Create")), "matches 2 elements")
	if el, err := sc.Find(ui.Role("button", "Create").Nth(1)); err != nil || id(t, el) != "dlg-create" {
		t.Fatalf("Nth(1): %v", err)
	}
	if _, err := sc.WithActionTimeout(300 * time.Millisecond).Find(ui.Role("button", "Create").Nth(2)); err == nil {
		t.Fatal("Nth(2) of two must not be found")
	}
}

func TestClickCovered(t *testing.T) {
	t.Parallel() // it mostly waits on a page or a process
	sc := open(t, "/covered", 1500*time.Millisecond)
	err := sc.Click(ui.Role("button", "Accept"))
	wantErr(t, err, `ui: button "Accept" is covered by <div#cover.overlay> in region "Cookie banner" (waited 1.5s to click it)`)
	var na *ui.NotActionableError
	if !errors.As(err, &na) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want a *ui.NotActionableError wrapping the deadline, got %T %v", err, err)
	}
	if txt, _ := sc.Text(ui.CSS("#out")); txt != "" {
		t.Fatalf("covered button got clicked")
	}

	err = sc.Click(ui.Role("button", "Off"))
	wantErr(t, err, `button "Off" is disabled`)
	err = sc.Click(ui.Role("button", "Soft off"))
	wantErr(t, err, `button "Soft off" is disabled`)

	if _, err := sc.Page().Timeout(5 * time.Second).Eval(`() => setTimeout(() => document.getElementById("cover").remove(), 200)`); err != nil {
		t.Fatal(err)
	}
	if err := sc.WithActionTimeout(5 * time.Second).Click(ui.Role("button", "Accept")); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Find(ui.Text("clicked")); err != nil {
		t.Fatal(err)
	}
}

func TestStates(t *testing.T) {
	sc := open(t, "/states", 5*time.Second)
	check := func(q ui.Query, f func(*rod.Element) (bool, error), want bool) {
		t.Helper()
		el, err := sc.Find(q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f(el)
		if err != nil || got != want {
			t.Errorf("%s: got %v (%v), want %v", q, got, err, want)
		}
	}
	check(ui.Role("switch", "Publish"), ui.Checked, true)
	check(ui.Role("checkbox", "View your meetings"), ui.Checked, true)
	check(ui.Role("checkbox", "View your recordings"), ui.Checked, false)
	check(ui.Role("button", "In fieldset"), ui.Disabled, true)
	check(ui.Role("button", "Inner"), ui.Disabled, true)
	check(ui.Role("switch", "Publish"), ui.Disabled, false)

	if err := sc.Click(ui.Role("checkbox", "View your recordings")); err != nil {
		t.Fatal(err)
	}
	check(ui.Role("checkbox", "View your recordings"), ui.Checked, true)
}

func TestBadQueries(t *testing.T) {
	sc := open(t, "/buttons", 5*time.Second)
	start := time.Now()
	_, err := sc.Find(ui.CSS("button[[["))
	wantErr(t, err, `ui: invalid CSS selector "button[[["`)
	if time.Since(start) > 2*time.Second {
		t.Error("an invalid selector must fail at once, not time out")
	}
	_, err = sc.Find(ui.Query{})
	wantErr(t, err, "empty Query")
	_, err = sc.Find(ui.Role("", "x"))
	wantErr(t, err, "needs a role")
}

// TestNoFixedWaitsInPagesOrE2E keeps the project's rule: page objects and
// tests wait on a condition with a deadline, never for a fixed time.
func TestNoFixedWaitsInPagesOrE2E(t *testing.T) {
	re := regexp.MustCompile(`time\.` + `Sleep\(|utils\.` + `Sleep\(`)
	for _, dir := range []string{"..", "../../e2e"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, l := range strings.Split(string(b), "\n") {
				if re.MatchString(l) {
					t.Errorf("%s:%d: a fixed wait: %s", path, i+1, strings.TrimSpace(l))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A wait that has lasted past ui.Patience looks at the page every
// ui.SlowPoll, not 25 times a second, and still ends with its context.
func TestALongWaitPollsSlowly(t *testing.T) {
	sleep := ui.PollSleeperSince(time.Now().Add(-2 * ui.Patience))
	start := time.Now()
	if err := sleep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < ui.SlowPoll {
		t.Fatalf("a look %s after the last, past the patience; want %s or more", took, ui.SlowPoll)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("the sleep of an ended wait: %v", err)
	}
}
