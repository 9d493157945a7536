package artifacts

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"lszoom/internal/browser"
)

var shared *browser.Browser

func TestMain(m *testing.M) {
	b, err := browser.Launch()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared = b
	code := m.Run()
	_ = b.Close()
	os.Exit(code)
}

func TestRedactor(t *testing.T) {
	var r Redactor
	r.Add("")
	r.Add("abc") // too short
	r.Add("s3cr&t<pw>")
	r.Add("Sim-Owner-Pass-1")
	r.Add("Sim-Owner-Pass-1") // twice is fine
	r.Add("Sim-Owner")        // contained in the longer one

	in := "a abc s3cr&t<pw> s3cr&amp;t&lt;pw&gt; s3cr%26t%3Cpw%3E Sim-Owner-Pass-1 Sim-Owner."
	want := "a abc [REDACTED] [REDACTED] [REDACTED] [REDACTED] [REDACTED]."
	if got := r.Redact(in); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	var nilR *Redactor
	if nilR.Redact("x") != "x" {
		t.Fatal("nil Redactor must pass through")
	}

	// Concurrent use (run with -race).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r.Add(fmt.Sprintf("secret-%d", i))
			_ = r.Redact("secret-1 secret-2")
		}(i)
	}
	wg.Wait()
	if got := r.Redact("secret-1 secret-7"); got != "[REDACTED] [REDACTED]" {
		t.Fatal(got)
	}
}

const secret = "Zq-Client-Secret-9000"

const page = `<!doctype html><html><head><title>App ` + secret + `</title></head><body>
<h1>App Credentials</h1>
<p id="shown">Client Secret: <b>` + secret + `</b></p>
<label>Client Secret <input id="sec" readonly></label>
<textarea id="notes"></textarea>
<a href="/tab?token=` + secret + `" target="_blank" id="open">open</a>
<script>
document.getElementById("sec").value = "` + secret + `"; // a property, never an attribute
document.getElementById("notes").value = "note with ` + secret + `";
console.log("secret is", "` + secret + `");
</script></body></html>`

func TestCapture(t *testing.T) {
	mux := http.NewServeMux()
	// A failed write shows as a missing page in what Capture finds.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _, _ = fmt.Fprint(w, page) })
	mux.HandleFunc("/tab", func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprint(w, `<!doctype html><p>second tab</p><script>console.log(location.href)</script>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }() // what is checked is the capture, not the teardown
	p := s.Page.Timeout(10 * time.Second)
	if err := p.Navigate(srv.URL); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	link, err := p.Element("#open")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := link.Eval(`() => this.click()`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(strings.Join(s.Console(), "\n"), "/tab?token=") {
		if time.Now().After(deadline) {
			t.Fatalf("second tab did not log: %v", s.Console())
		}
		time.Sleep(20 * time.Millisecond)
	}

	var r Redactor
	r.Add(secret)
	dir := t.TempDir()
	paths, err := Capture(dir, "TestCapture/step 3: "+secret, s, &r)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		if filepath.Base(p) == "TestCapture_step_3_REDACTED.capture.txt" {
			// A machine too busy to answer within the probe's 250 ms
			// gets its page stopped (which does nothing to a loaded page)
			// and a note that says so.
			b, _ := os.ReadFile(p)
			t.Logf("capture.txt:\n%s", b)
			continue
		}
		names = append(names, filepath.Base(p))
	}
	sort.Strings(names)
	want := []string{
		"TestCapture_step_3_REDACTED.console.txt",
		"TestCapture_step_3_REDACTED.html",
		"TestCapture_step_3_REDACTED.png",
		"TestCapture_step_3_REDACTED-tab1.html",
		"TestCapture_step_3_REDACTED-tab1.png",
	}
	sort.Strings(want)
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("files %v, want %v", names, want)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Errorf("%s is empty", p)
		}
		if strings.Contains(string(b), secret) {
			t.Errorf("%s contains the secret", p)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "TestCapture_step_3_REDACTED.html"))
	if !strings.HasPrefix(string(html), "<!-- url: "+srv.URL) || !strings.Contains(string(html), "Client Secret: <b>[REDACTED]</b>") {
		t.Errorf("unexpected html:\n%s", html)
	}
	console, _ := os.ReadFile(filepath.Join(dir, "TestCapture_step_3_REDACTED.console.txt"))
	if !strings.Contains(string(console), "secret is [REDACTED]") {
		t.Errorf("unexpected console:\n%s", console)
	}

	// The page itself was masked before the screenshot, input values included.
	res, err := p.Eval(`() => [document.getElementById("sec").value, document.getElementById("notes").value, document.body.innerText, document.title].join("|")`)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Value.Str(); strings.Contains(got, secret) || !strings.Contains(got, "[REDACTED]|note with [REDACTED]") {
		t.Errorf("page not masked: %q", got)
	}
}

func TestCaptureHungPage(t *testing.T) {
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }() // what is checked is the capture, not the teardown
	// Block the renderer's main thread: every step must time out, not hang.
	// A synchronous request that is never answered blocks it as a busy loop
	// would, without spending a core on it.
	never := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/never" {
			select {
			case <-never:
			case <-r.Context().Done():
			}
			return
		}
		_, _ = w.Write([]byte("<!doctype html><title>hung</title><p>about to hang"))
	}))
	defer srv.Close()
	defer close(never) // before srv.Close, which waits for the handler
	p := s.Page.Timeout(10 * time.Second)
	if err := p.Navigate(srv.URL); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = s.Page.Timeout(30 * time.Second).Eval(`() => { const x = new XMLHttpRequest(); x.open("GET", "/never", false); x.send(); }`)
	}()

	var r Redactor
	r.Add("whatever-secret")
	const budget = time.Second
	start := time.Now()
	paths, err := CaptureWithin(budget, t.TempDir(), "hung", s, &r)
	took := time.Since(start)
	t.Logf("took %s, paths %v, err %v", took, paths, err)
	if took > budget+overrun {
		t.Fatalf("capture of a hung page took %s, over its budget of %s", took, budget)
	}
	if err == nil {
		t.Fatal("want step errors for a hung page")
	}
	if !hasFile(paths, "hung.console.txt") || !hasFile(paths, "hung.capture.txt") {
		t.Fatalf("console and what was cut off must still be written: %v", paths)
	}
}

// overrun is what a capture may take beyond its budget: writing its files,
// and timers firing late on a loaded machine.
const overrun = 500 * time.Millisecond

func hasFile(paths []string, base string) bool {
	for _, p := range paths {
		if filepath.Base(p) == base {
			return true
		}
	}
	return false
}

// slowSite serves "/" (a page holding the secret, styled by /style.css)
// and answers nothing else until the test ends: a request to any other
// path is announced on the returned channel and then held. held says
// whether /style.css is held too.
func slowSite(t *testing.T, cssHeld bool) (*httptest.Server, <-chan string) {
	t.Helper()
	arrived := make(chan string, 8)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			_, _ = fmt.Fprint(w, `<!doctype html><title>first</title><link rel=stylesheet href=/style.css>`+
				`<p>Client Secret: <b>`+secret+`</b></p>`)
			return
		case r.URL.Path == "/favicon.ico":
			http.NotFound(w, r)
			return
		case r.URL.Path == "/style.css" && !cssHeld:
			w.Header().Set("Content-Type", "text/css")
			_, _ = fmt.Fprint(w, `p { color: green }`)
			return
		}
		arrived <- r.URL.Path
		select { // held, as a slow site holds it
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: srv.Close waits for the handlers
	return srv, arrived
}

// await returns the next path the slow site holds, or fails the test.
func await(t *testing.T, arrived <-chan string) string {
	t.Helper()
	select {
	case p := <-arrived:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("the browser did not ask the slow site for anything")
		return ""
	}
}

// A step fails on its deadline while the browser waits for the next page
// (its response has not come): the browser holds every command to the tab
// until the navigation commits, so a capture that waits for it is as late
// as the slow site. The capture ends within its budget: the tab's loading
// is stopped and what it shows then (the page before) is photographed and
// saved, secrets masked, and the capture says so.
func TestCaptureOfATabStillNavigating(t *testing.T) {
	t.Parallel()
	srv, arrived := slowSite(t, false)
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	p := s.Page.Timeout(10 * time.Second)
	if err := p.Navigate(srv.URL); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Page.Timeout(30 * time.Second).Navigate(srv.URL + "/next") }()
	if got := await(t, arrived); got != "/next" {
		t.Fatalf("held %s, want /next", got)
	}

	var r Redactor
	r.Add(secret)
	dir := t.TempDir()
	const budget = 500 * time.Millisecond
	start := time.Now()
	paths, err := CaptureWithin(budget, dir, "step-1", s, &r)
	took := time.Since(start)
	t.Logf("took %s, paths %v, err %v", took, paths, err)
	if took > budget+overrun {
		t.Fatalf("the capture took %s, over its budget of %s", took, budget)
	}
	if err != nil {
		t.Errorf("want everything captured once the loading is stopped: %v", err)
	}
	for _, f := range []string{"step-1.png", "step-1.html", "step-1.console.txt", "step-1.capture.txt"} {
		if !hasFile(paths, f) {
			t.Errorf("no %s in %v", f, paths)
		}
	}
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), secret) {
			t.Errorf("%s contains the secret", p)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "step-1.html"))
	if !strings.HasPrefix(string(html), "<!-- capture: did not answer within") ||
		!strings.Contains(string(html), "its loading was stopped") ||
		!strings.Contains(string(html), "<!-- url: "+srv.URL+"/ -->") ||
		!strings.Contains(string(html), "Client Secret: <b>[REDACTED]</b>") {
		t.Errorf("the DOM is not the page shown, with what was done on top:\n%s", html)
	}
	notes, _ := os.ReadFile(filepath.Join(dir, "step-1.capture.txt"))
	t.Logf("step-1.capture.txt:\n%s", notes)
	if !strings.Contains(string(notes), "step-1: did not answer within") || !strings.Contains(string(notes), "its loading was stopped") {
		t.Errorf("the capture does not say what it cut short:\n%s", notes)
	}
	if png, _ := os.ReadFile(filepath.Join(dir, "step-1.png")); len(png) < 100 {
		t.Errorf("screenshot of %d bytes", len(png))
	}
}

// A step fails on its deadline while its page waits for a stylesheet: the
// document is there, but the browser paints nothing (and so gives no
// screenshot) until the stylesheet comes. The capture ends within its
// budget, with the DOM, and a screenshot taken once the loading is stopped.
func TestCaptureOfATabWaitingForItsStylesheet(t *testing.T) {
	t.Parallel()
	srv, arrived := slowSite(t, true)
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if err := s.Page.Timeout(10 * time.Second).Navigate(srv.URL); err != nil {
		t.Fatal(err)
	}
	if got := await(t, arrived); got != "/style.css" {
		t.Fatalf("held %s, want /style.css", got)
	}

	var r Redactor
	r.Add(secret)
	dir := t.TempDir()
	const budget = time.Second
	start := time.Now()
	paths, err := CaptureWithin(budget, dir, "step-2", s, &r)
	took := time.Since(start)
	t.Logf("took %s, paths %v, err %v", took, paths, err)
	if took > budget+overrun {
		t.Fatalf("the capture took %s, over its budget of %s", took, budget)
	}
	if err != nil {
		t.Errorf("want everything captured once the loading is stopped: %v", err)
	}
	for _, f := range []string{"step-2.png", "step-2.html", "step-2.console.txt", "step-2.capture.txt"} {
		if !hasFile(paths, f) {
			t.Errorf("no %s in %v", f, paths)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "step-2.html"))
	if !strings.Contains(string(html), "Client Secret: <b>[REDACTED]</b>") || strings.Contains(string(html), secret) {
		t.Errorf("unexpected DOM:\n%s", html)
	}
	notes, _ := os.ReadFile(filepath.Join(dir, "step-2.capture.txt"))
	t.Logf("step-2.capture.txt:\n%s", notes)
	if !strings.Contains(string(notes), "step-2: no screenshot came within") || !strings.Contains(string(notes), "its loading was stopped") {
		t.Errorf("the capture does not say what it cut short:\n%s", notes)
	}
}
