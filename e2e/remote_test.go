package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/standins"
	"lszoom/internal/browser"
	"lszoom/internal/config"
)

// remoteRunTimeout bounds one child walk over a remote browser.
const remoteRunTimeout = 2 * time.Minute

// walkOnly is the classic guide walk, steps 1–18, of TestSetupOAuthApp:
// its round trip's steps (LS.n) are left out, and it stops there (runFlow).
const walkOnly = "^TestSetupOAuthApp$/^classic$/^step_[0-9]"

var (
	passClassic = regexp.MustCompile(`(?m)^\s*--- PASS: TestSetupOAuthApp/classic \(`)
	passStep18  = regexp.MustCompile(`(?m)^\s*--- PASS: TestSetupOAuthApp/classic/step_18_`)
	anyLSStep   = regexp.MustCompile(`(?m)^=== RUN\s+TestSetupOAuthApp/classic/step_LS`)
)

// TestRemoteBrowsers runs the guide walk on the classic flow (steps 1–18 of
// TestSetupOAuthApp/classic: the round trip is the same over any browser,
// and the -run that leaves it out is checked too) in child harnesses whose
// browser comes from elsewhere: a Chromium this test starts with a remote debugging port,
// reached as ws://, and a go-rod manager served by this test. The child's
// E2E_BROWSER_BIN is a script that leaves a marker if run: the child must
// not launch a browser of its own. The http:// form of the same endpoint
// (resolved through /json/version) differs only in how the harness finds
// the ws:// URL, so it opens a session and a page in this process rather
// than walking again. Afterwards the remote Chromium is still running (the
// harness did not close it) and holds none of the harness's incognito
// contexts.
func TestRemoteBrowsers(t *testing.T) {
	if cfg.Target != config.TargetSim || cfg.BrowserURL != "" || cfg.RodManagerURL != "" {
		t.Skip("starts its own remote browsers and runs the child harness in sim mode")
	}
	t.Parallel()
	exe, err := filepath.Abs(os.Args[0])
	require.NoError(t, err)
	bin, err := browser.ResolveBin(cfg.BrowserBin)
	require.NoError(t, err)

	// Both walks start at once: each is a process of its own (see child).
	rc := startDebuggableChromium(t, bin)
	watch := watchTargets(t, rc.ws)
	overWS := startRemoteChild(t, exe, config.EnvBrowserURL, rc.ws)

	m := launcher.NewManager()
	// The manager launches Debian's Chromium with the harness's flags,
	// never a downloaded one, whatever the client asks.
	m.Defaults = func(http.ResponseWriter, *http.Request) *launcher.Launcher { return rodLauncher(bin) }
	m.BeforeLaunch = func(l *launcher.Launcher, _ http.ResponseWriter, _ *http.Request) {
		l.Bin(bin).UserDataDir(filepath.Join(t.TempDir(), "profile"))
	}
	var upgrades atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") == "websocket" {
			upgrades.Add(1)
		}
		m.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close) // waits for the manager's handler, which stops its browser
	overManager := startRemoteChild(t, exe, config.EnvRodManagerURL, "ws://"+srv.Listener.Addr().String())

	t.Run("DevTools endpoint", func(t *testing.T) {
		t.Run("ws walks", func(t *testing.T) { overWS.check(t) })
		t.Run("http opens a page", func(t *testing.T) {
			c := cfg
			c.BrowserURL = fmt.Sprintf("http://127.0.0.1:%d", rc.port)
			br, err := browser.Open(c)
			require.NoError(t, err, "open the browser at %s", c.BrowserURL)
			defer func() { assert.NoError(t, br.Close()) }()
			assert.Zero(t, br.PID(), "a remote browser is not ours")
			page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = fmt.Fprint(w, "<!doctype html><title>Remote</title><h1>over http</h1>")
			}))
			defer page.Close()
			sess, err := br.NewSession()
			require.NoError(t, err)
			defer func() { assert.NoError(t, sess.Close()) }()
			p := sess.Page.Timeout(10 * time.Second)
			require.NoError(t, p.Navigate(page.URL))
			require.NoError(t, p.WaitLoad())
			info, err := p.Info()
			require.NoError(t, err)
			assert.Equal(t, "Remote", info.Title, "the page loaded in the remote Chromium")
		})
		assert.True(t, rc.alive(), "the remote Chromium was closed by the harness")
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		res, err := proto.TargetGetBrowserContexts{}.Call(watch.b.Rod.Context(ctx))
		require.NoError(t, err, "the remote Chromium still answers")
		assert.Empty(t, res.BrowserContextIDs, "incognito contexts the harness left in the remote Chromium")
		assert.GreaterOrEqual(t, watch.contexts(), 2, "incognito contexts opened in the remote Chromium (the walk's, the page's)")
	})

	t.Run("go-rod manager", func(t *testing.T) {
		overManager.check(t)
		assert.Equal(t, int32(1), upgrades.Load(), "connections through the manager")
	})
}

// rodLauncher is a launcher of bin with the harness's flags (see internal/browser).
func rodLauncher(bin string) *launcher.Launcher {
	return browser.Flags(launcher.New().Bin(bin).Headless(true))
}

// remoteChild is a child harness walking over a remote browser, with the
// marker its fake local Chromium would leave.
type remoteChild struct {
	*child
	name, marker string
}

// startRemoteChild starts the classic walk (walkOnly) in a child harness
// with name=endpoint as its browser and a local Chromium that must not run.
func startRemoteChild(t *testing.T, exe, name, endpoint string) remoteChild {
	dir := t.TempDir()
	marker := filepath.Join(dir, "local-browser-started")
	fake := filepath.Join(dir, "fake-chromium")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\n: > '"+marker+"'\nexit 1\n"), 0o755))
	env := childEnv(map[string]string{name: endpoint, config.EnvBrowserBin: fake})
	return remoteChild{startChild(t, exe, env, walkOnly, remoteRunTimeout), name, marker}
}

// check waits for the child and checks that its walk passed without
// launching a browser of its own.
func (c remoteChild) check(t *testing.T) {
	text, _, _, err := c.wait()
	assert.NoError(t, err, "the child harness; its output:\n%s", lastBytes(text, outputTail))
	assert.Regexp(t, passClassic, text, "the walk over %s", c.name)
	assert.Regexp(t, passStep18, text, "the walk over %s went to step 18", c.name)
	assert.NotRegexp(t, anyLSStep, text, "-run left the round trip out, yet it ran over %s", c.name)
	assert.Contains(t, text, "-run leaves out step LS.0, so the steps that depend on it are not run either: LS.0, LS.1,",
		"the walk over %s says where -run stopped it", c.name)
	assert.NoFileExists(t, c.marker, "the child launched a local browser instead of using %s", c.name)
}

// debuggableChromium is a Chromium started by the test with a remote
// debugging port, as a grid or a developer would start one.
type debuggableChromium struct {
	port   int
	ws     string
	exited chan struct{}
}

func (c *debuggableChromium) alive() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// startDebuggableChromium starts bin headless on a free debugging port,
// reads the port and the browser's path from DevToolsActivePort in its
// profile, and kills it (its process group) and removes the profile when
// the test ends.
func startDebuggableChromium(t *testing.T, bin string) *debuggableChromium {
	t.Helper()
	profile := t.TempDir()
	cmd := exec.Command(bin, "--headless", "--remote-debugging-port=0", "--user-data-dir="+profile,
		"--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--disable-gpu", "--disable-features="+strings.Join(browser.UnusedFeatures, ","), "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, standins.StartCommand(cmd), "start %s", bin)
	c := &debuggableChromium{exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(c.exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-c.exited
	}) // runs before TempDir's removal of the profile

	file := filepath.Join(profile, "DevToolsActivePort")
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Second)
	for {
		if b, err := os.ReadFile(file); err == nil {
			lines := strings.Fields(string(b))
			if len(lines) == 2 {
				_, err := fmt.Sscan(lines[0], &c.port)
				require.NoError(t, err, "DevToolsActivePort: %q", b)
				c.ws = fmt.Sprintf("ws://127.0.0.1:%d%s", c.port, lines[1])
				return c
			}
		}
		select {
		case <-tick.C:
		case <-c.exited:
			t.Fatalf("%s exited before writing %s", bin, file)
		case <-deadline:
			t.Fatalf("no %s after 30 s", file)
		}
	}
}

// targetWatch is a connection of the test's own to the remote Chromium,
// through the harness's Connect, counting the incognito contexts pages
// were opened in.
type targetWatch struct {
	b    *browser.Browser
	mu   sync.Mutex
	seen map[proto.BrowserBrowserContextID]bool
}

func watchTargets(t *testing.T, ws string) *targetWatch {
	t.Helper()
	b, err := browser.Connect(ws)
	require.NoError(t, err, "connect to the remote Chromium")
	t.Cleanup(func() { _ = b.Close() }) // only the connection: the test kills Chromium
	w := &targetWatch{b: b, seen: map[proto.BrowserBrowserContextID]bool{}}
	events := b.Rod.Event()
	go func() {
		for msg := range events {
			var e proto.TargetTargetCreated
			if msg.Method == e.ProtoEvent() && msg.Load(&e) && e.TargetInfo.BrowserContextID != "" &&
				e.TargetInfo.Type == proto.TargetTargetInfoTypePage {
				w.mu.Lock()
				w.seen[e.TargetInfo.BrowserContextID] = true
				w.mu.Unlock()
			}
		}
	}()
	return w
}

func (w *targetWatch) contexts() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.seen)
}
