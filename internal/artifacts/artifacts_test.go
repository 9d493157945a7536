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
	old := StepTimeout
	StepTimeout = time.Second
	defer func() { StepTimeout = old }()

	var r Redactor
	r.Add("whatever-secret")
	start := time.Now()
	paths, err := Capture(t.TempDir(), "hung", s, &r)
	took := time.Since(start)
	t.Logf("took %s, paths %v, err %v", took, paths, err)
	if took > 8*time.Second {
		t.Fatalf("capture of a hung page took %s", took)
	}
	if err == nil {
		t.Fatal("want step errors for a hung page")
	}
	if len(paths) == 0 || !strings.HasSuffix(paths[len(paths)-1], "hung.console.txt") {
		t.Fatalf("console must still be written: %v", paths)
	}
}
