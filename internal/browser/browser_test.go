package browser

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

var shared *Browser

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		// A child of TestGuard: TestHelperChild launches its own browser.
		os.Exit(m.Run())
	}
	b, err := Launch()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shared = b
	code := m.Run()
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

func alive(pid int) bool {
	_, err := os.Stat(fmt.Sprintf("/proc/%d", pid))
	return err == nil
}

// groupMembers lists the processes whose process group is pgid.
func groupMembers(t *testing.T, pgid int) []int {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var pids []int
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may contain spaces.
		s := string(b)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) > 2 && rest[2] == strconv.Itoa(pgid) && rest[0] != "Z" {
			pid, _ := strconv.Atoi(strings.Fields(s)[0])
			pids = append(pids, pid)
		}
	}
	return pids
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestResolveBin(t *testing.T) {
	oldBin, oldLook := defaultBin, lookPath
	t.Cleanup(func() { defaultBin, lookPath = oldBin, oldLook })

	exe, _ := os.Executable()
	dir := t.TempDir()

	got, err := ResolveBin(exe)
	if err != nil || got != exe {
		t.Fatalf("configured: %q %v", got, err)
	}
	_, err = ResolveBin(filepath.Join(dir, "nope"))
	if err == nil || !strings.Contains(err.Error(), "E2E_BROWSER_BIN") || !strings.Contains(err.Error(), "make deps") {
		t.Fatalf("configured missing: %v", err)
	}

	defaultBin = exe
	lookPath = func() (string, bool) { t.Fatal("LookPath called although the default exists"); return "", false }
	if got, err := ResolveBin(""); err != nil || got != exe {
		t.Fatalf("default: %q %v", got, err)
	}

	defaultBin = filepath.Join(dir, "chromium")
	lookPath = func() (string, bool) { return "/found/chrome", true }
	if got, err := ResolveBin(""); err != nil || got != "/found/chrome" {
		t.Fatalf("lookpath: %q %v", got, err)
	}

	lookPath = func() (string, bool) { return "", false }
	_, err = ResolveBin("")
	if err == nil || !strings.Contains(err.Error(), "E2E_BROWSER_BIN") || !strings.Contains(err.Error(), "make deps") {
		t.Fatalf("none: %v", err)
	}
}

func TestHeadfulNeedsDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	_, err := Launch(WithHeadful(true))
	if err == nil || !strings.Contains(err.Error(), "E2E_HEADFUL") {
		t.Fatalf("want a clear E2E_HEADFUL error, got %v", err)
	}
}

func TestCloseKillsChromium(t *testing.T) {
	b, err := Launch()
	if err != nil {
		t.Fatal(err)
	}
	pid := b.PID()
	if pid <= 0 || !alive(pid) {
		t.Fatalf("pid %d not running", pid)
	}
	s, err := b.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Page.Timeout(10 * time.Second).Navigate("about:blank"); err != nil {
		t.Fatal(err)
	}
	if n := len(groupMembers(t, pid)); n < 2 {
		t.Fatalf("expected chromium and its children in group %d, got %d", pid, n)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if alive(pid) {
		t.Fatalf("chromium pid %d still alive after Close", pid)
	}
	waitFor(t, 5*time.Second, "chromium's children to go", func() bool { return len(groupMembers(t, pid)) == 0 })
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_ = s.Close() // the browser is gone: must not hang
}

const mainPage = `<!doctype html><html><body>
<a id="open" href="/tab" target="_blank">open tab</a>
<script>console.log("hello from main", 42); console.warn("careful")</script>
</body></html>`

const tabPage = `<!doctype html><html><body><p>tab</p>
<script>console.log("hello from tab"); setTimeout(() => { throw new Error("boom in tab") }, 0)</script>
</body></html>`

func server(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	// A failed write shows as a missing page in the test that asked for it.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { _, _ = fmt.Fprint(w, mainPage) })
	mux.HandleFunc("/tab", func(w http.ResponseWriter, r *http.Request) { _, _ = fmt.Fprint(w, tabPage) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestSessionConsoleAllTabs(t *testing.T) {
	srv := server(t)
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }() // what is checked is the console, not the teardown
	other, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()

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
	if err := link.Click(proto.InputMouseButtonLeft, 1); err != nil {
		t.Fatal(err)
	}

	has := func(sub string) bool {
		for _, l := range s.Console() {
			if strings.Contains(l, sub) {
				return true
			}
		}
		return false
	}
	waitFor(t, 10*time.Second, "the tab's console", func() bool { return has("hello from tab") && has("boom in tab") })

	lines := s.Console()
	t.Logf("console:\n%s", strings.Join(lines, "\n"))
	format := regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d\d\d \[[a-z.]+\] .+ \(http://127\.0\.0\.1:\d+/[^)]*\)$`)
	want := map[string]string{
		"hello from main 42": "[log]",
		"careful":            "[warning]",
		"hello from tab":     "[log]",
		"boom in tab":        "[exception]",
	}
	for sub, typ := range want {
		found := false
		for _, l := range lines {
			if strings.Contains(l, sub) {
				found = true
				if !strings.Contains(l, typ) {
					t.Errorf("%q: want type %s", l, typ)
				}
				first := strings.SplitN(l, "\n", 2)[0]
				if !format.MatchString(first) && !format.MatchString(l) {
					t.Errorf("%q: unexpected format", l)
				}
			}
		}
		if !found {
			t.Errorf("no console line with %q", sub)
		}
	}
	if strings.Index(strings.Join(lines, "\n"), "hello from main") > strings.Index(strings.Join(lines, "\n"), "hello from tab") {
		t.Errorf("not in order")
	}

	pages, err := s.Pages()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].TargetID != s.Page.TargetID {
		t.Fatalf("want the first page then the tab, got %d pages", len(pages))
	}
	if len(other.Console()) != 0 {
		t.Errorf("other session saw %v", other.Console())
	}
	if ps, err := other.Pages(); err != nil || len(ps) != 1 {
		t.Errorf("other session pages: %d %v", len(ps), err)
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if len(s.Console()) == 0 {
		t.Error("console lost on Close")
	}
}

func TestSessionCapturesBeforeAttach(t *testing.T) {
	// A tab opened by script logs immediately; its messages must be captured
	// even though we attach after it started (Runtime.enable replays them).
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }() // what is checked is the console, not the teardown
	p := s.Page.Timeout(10 * time.Second)
	if _, err := p.Eval(`() => { const w = window.open("about:blank"); w.console.log("early bird"); }`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "early bird", func() bool { return strings.Contains(strings.Join(s.Console(), "\n"), "early bird") })
}

// TestNoHiddenBrowserUI checks that a session's incognito context gets no
// page we never use: Chromium 156 preloads the omnibox popup WebUI, in a
// renderer of its own, for every context, unless its features are off.
func TestNoHiddenBrowserUI(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprint(w, "<!doctype html><title>t</title><p>hello")
	}))
	defer srv.Close()
	s, err := shared.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if err := s.Page.Timeout(10 * time.Second).Navigate(srv.URL); err != nil {
		t.Fatal(err)
	}
	if err := s.Page.Timeout(10 * time.Second).WaitLoad(); err != nil {
		t.Fatal(err)
	}
	res, err := proto.TargetGetTargets{}.Call(shared.Rod)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range res.TargetInfos {
		if ti.Type == "browser_ui" || strings.HasPrefix(ti.URL, "chrome://") {
			t.Errorf("a %s target %s (%q) runs beside the tests' pages", ti.Type, ti.URL, ti.Title)
		}
	}
}

// TestLaunchKeepsRodsDisabledFeatures checks that turning features off adds
// to rod's list (site-per-process, TranslateUI) rather than replacing it.
func TestLaunchKeepsRodsDisabledFeatures(t *testing.T) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", shared.PID()))
	if err != nil {
		t.Skipf("no /proc cmdline for Chromium: %v", err)
	}
	var features string
	for _, arg := range strings.Split(string(b), "\x00") {
		if v, ok := strings.CutPrefix(arg, "--disable-features="); ok {
			features = v
		}
	}
	for _, f := range append([]string{"site-per-process", "TranslateUI"}, UnusedFeatures...) {
		if !strings.Contains(","+features+",", ","+f+",") {
			t.Errorf("--disable-features=%s lacks %s", features, f)
		}
	}
}
