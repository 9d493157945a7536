// Package browser launches the one headless Chromium of a test binary and hands
// out isolated sessions (incognito contexts) with their console captured.
//
// Typical use, in TestMain:
//
//	cfg, err := config.Load()
//	...
//	b, err := browser.Launch(browser.FromConfig(cfg)...)
//	...
//	code := m.Run()
//	_ = b.Close()
//	os.Exit(code)
//
// rod's "-rod" flag keeps working (e.g. go test ./e2e -rod=show,slow=1s,trace):
// Launch uses launcher.New and rod.New, which read rod's lib/defaults.
package browser

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/defaults"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/launcher/flags"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"

	"lszoom/internal/config"
)

// DefaultBin is where Debian's chromium package puts the browser.
const DefaultBin = "/usr/bin/chromium"

// Swapped by tests.
var (
	defaultBin = DefaultBin
	lookPath   = launcher.LookPath
)

const (
	launchTimeout = 30 * time.Second
	closeTimeout  = 10 * time.Second
)

type options struct {
	bin     string
	headful bool
	cdpLog  utils.Logger
}

// Option configures Launch.
type Option func(*options)

// WithBin sets the browser binary (empty: see ResolveBin).
func WithBin(path string) Option { return func(o *options) { o.bin = path } }

// WithHeadful shows the browser window (needs a display). rod's -rod=show does too.
func WithHeadful(on bool) Option { return func(o *options) { o.headful = on } }

// FromConfig returns the options the configuration asks for.
func FromConfig(c config.Config) []Option {
	return []Option{WithBin(c.BrowserBin), WithHeadful(c.Headful)}
}

// ResolveBin picks the browser binary: configured (E2E_BROWSER_BIN) if set,
// else rod's -rod=bin=..., else /usr/bin/chromium if it exists, else the first
// Chrome/Chromium that rod's launcher.LookPath finds. It never downloads one.
func ResolveBin(configured string) (string, error) {
	if configured != "" {
		if err := executable(configured); err != nil {
			return "", fmt.Errorf("browser: %s=%q: %v (unset it to use %s; `make deps` installs Chromium)",
				config.EnvBrowserBin, configured, err, DefaultBin)
		}
		return configured, nil
	}
	if defaults.Bin != "" {
		if err := executable(defaults.Bin); err != nil {
			return "", fmt.Errorf("browser: -rod=bin=%s: %v", defaults.Bin, err)
		}
		return defaults.Bin, nil
	}
	if executable(defaultBin) == nil {
		return defaultBin, nil
	}
	if p, ok := lookPath(); ok {
		return p, nil
	}
	return "", fmt.Errorf("browser: no Chromium found (not at %s nor on PATH): set %s to a Chromium or Chrome binary, "+
		"or run `make deps` to install Chromium", defaultBin, config.EnvBrowserBin)
}

func executable(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return errors.New("no such file")
	case fi.IsDir():
		return errors.New("is a directory")
	case fi.Mode()&0o111 == 0:
		return errors.New("not executable")
	}
	return nil
}

// Browser is rod's connection to one Chromium: a local one it launched
// (Launch), or one someone else runs (Connect, ConnectManaged).
type Browser struct {
	Rod *rod.Browser

	remote  string         // whose browser, when not ours (see Remote)
	ws      *cdp.WebSocket // the connection, closed by Close
	guard   *guardProc     // nil for a remote browser
	pid     int
	bin     string // the binary launched ("" for a remote browser)
	dataDir string // the profile; removed by the guard when we chose it
	ownDir  bool
	ctx     context.Context
	cancel  context.CancelFunc
	out     *tailBuffer

	closeOnce sync.Once
	closeErr  error
}

// UnusedFeatures are Chromium features a headless test browser pays for
// and never uses (--disable-features). Chromium 156 preloads the omnibox
// popup (a WebUI page in a renderer of its own) for every browser context,
// which a headless browser never shows: about 1 s of CPU for each
// incognito session, a sixth of a guide walk. Puppeteer turns the same two
// features off.
var UnusedFeatures = []string{"WebUIOmniboxPopup", "WebUIOmniboxAimPopup"}

// Flags adds the harness's Chromium flags to l: what running as root in a
// container and on a closed network needs, and UnusedFeatures off (added
// to rod's list). Launch uses it, and so do the tests that start a
// Chromium of their own (a remote one, a go-rod manager's, a stand-in's
// test browser), so that every browser of a run does the same work.
func Flags(l *launcher.Launcher) *launcher.Launcher {
	return l.
		Set("no-sandbox"). // we run as root (CI containers); Chromium refuses otherwise
		Set("disable-background-networking").
		Set("disable-component-update").
		Set("disable-sync").
		Set("no-first-run").
		Set("disable-gpu").
		Append(flags.Flag("disable-features"), UnusedFeatures...)
}

// profileRoot holds the profiles Launch creates, each named
// <program>-<pid>-<random> after the process that launched it, so that a
// stale one (should the guard ever fail) says whose it was.
var profileRoot = filepath.Join(os.TempDir(), "lszoom-browser")

func newProfileDir() string {
	var r [4]byte
	_, _ = rand.Read(r[:])
	return filepath.Join(profileRoot, fmt.Sprintf("%s-%d-%s", filepath.Base(os.Args[0]), os.Getpid(), hex.EncodeToString(r[:])))
}

// Launch starts Chromium and connects rod to it. Call it once per test binary
// (TestMain) and Close it when the tests are done.
//
// Chromium runs under a guard process (see guard.go) that kills its whole
// process tree and removes its profile directory when Close is called or
// when this process dies in any way, SIGKILL included.
func Launch(opts ...Option) (*Browser, error) {
	o := optionsOf(opts)
	bin, err := ResolveBin(o.bin)
	if err != nil {
		return nil, err
	}
	headful := o.headful || defaults.Show
	if headful && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, fmt.Errorf("browser: %s=1 (or -rod=show) needs a display but DISPLAY is not set: "+
			"unset %s, or run under xvfb-run", config.EnvHeadful, config.EnvHeadful)
	}

	// launcher.New reads rod's defaults (-rod=show,devtools,dir,port,...) and
	// gives rod's usual flags; we only take the command line from it. Its
	// Launch would start Chromium itself (under leakless, which kills the
	// tree but leaves the profile behind when we die), so the guard does.
	l := Flags(launcher.New().
		Bin(bin). // never let rod download a browser
		Headless(!headful))
	ownDir := defaults.Dir == "" // else -rod=dir=... chose a profile to keep
	if ownDir {
		l = l.UserDataDir(newProfileDir())
	}
	args := l.FormatArgs() // makes the profile path absolute (Chromium hangs otherwise)
	dataDir := l.Get(flags.UserDataDir)
	removeDir := ""
	if ownDir {
		removeDir = dataDir
	}

	lctx, lcancel := context.WithTimeout(context.Background(), launchTimeout)
	defer lcancel()
	out := &tailBuffer{max: 8 << 10}
	// The parser blocks the output until the URL is taken; lctx unblocks it.
	parser := launcher.NewURLParser().Context(lctx)
	g, err := startGuard(bin, args, removeDir, io.MultiWriter(out, parser))
	if err != nil {
		return nil, err
	}
	fail := func(format string, a ...any) (*Browser, error) {
		_ = g.stop()
		return nil, fmt.Errorf(format+"%s", append(a, out.suffix())...)
	}

	var pid int
	select {
	case pid = <-g.pid:
	case <-g.done: // the guard could not start it, or it exited at once
		err := g.err
		if err == nil {
			err = parser.Err()
		}
		return fail("browser: launching %s: %v", bin, err)
	case <-lctx.Done():
		return fail("browser: launching %s: no pid from the guard after %s", bin, launchTimeout)
	}
	var u string
	select {
	case u = <-parser.URL:
	case <-g.done:
		return fail("browser: launching %s: %v", bin, parser.Err())
	case <-lctx.Done():
		return fail("browser: launching %s: no DevTools URL after %s", bin, launchTimeout)
	}
	if u, err = launcher.ResolveURL(u); err != nil {
		return fail("browser: launching %s: %w", bin, err)
	}

	// rod.New reads rod's defaults (-rod=slow,trace,monitor,...).
	b, err := dial(lctx, u, nil, o)
	if err != nil {
		return fail("browser: %s: %w", bin, err)
	}
	b.guard, b.pid, b.bin, b.dataDir, b.ownDir, b.out = g, pid, bin, dataDir, ownDir, out
	return b, nil
}

// describeTimeout bounds Describe's one call.
const describeTimeout = 5 * time.Second

// Describe names the browser as a report gives it: its product and where
// it runs ("HeadlessChrome/156.0.8078.129 (/usr/bin/chromium-headless-shell)"):
// stand-in runs use Chromium's headless shell, the nightly /usr/bin/chromium.
func (b *Browser) Describe() string {
	where := b.bin
	if where == "" {
		where = b.remote
	}
	// Bounded: a browser that does not answer must not hold the run's start.
	v, err := proto.BrowserGetVersion{}.Call(b.Rod.Timeout(describeTimeout))
	if err != nil {
		return where
	}
	return v.Product + " (" + where + ")"
}

// PID of the Chromium process (its process group holds the renderers); 0
// for a remote browser.
func (b *Browser) PID() int { return b.pid }

// Close kills Chromium's whole process tree and removes its profile, and
// returns once both are done. Idempotent. A remote browser is left running:
// only the connection to it is closed (its sessions are closed by their
// tests; a go-rod manager stops the browser it launched for us).
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.guard == nil {
			b.cancel()
			if b.ws != nil {
				_ = b.ws.Close()
			}
			return
		}
		if b.Rod != nil && !b.ownDir {
			// A profile the user keeps (-rod=dir=...) gets a clean shutdown so
			// that it is flushed to disk. Ours is deleted anyway: no need to wait.
			ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
			_ = b.Rod.Context(ctx).Close()
			cancel()
		}
		b.cancel()
		if b.ws != nil {
			_ = b.ws.Close()
		}
		if err := b.guard.stop(); err != nil {
			b.closeErr = fmt.Errorf("browser: close: %w%s", err, b.out.suffix())
		}
	})
	return b.closeErr
}

// tailBuffer keeps the last max bytes of the browser's output, for errors.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) suffix() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.buf))
	if s == "" {
		return ""
	}
	return "\nbrowser output:\n" + s
}
