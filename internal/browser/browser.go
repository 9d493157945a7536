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
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/defaults"
	"github.com/go-rod/rod/lib/launcher"

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

// Browser is one Chromium process and rod's connection to it.
type Browser struct {
	Rod *rod.Browser

	l       *launcher.Launcher
	pid     int
	dataDir string // removed by Close when we chose it
	ctx     context.Context
	cancel  context.CancelFunc
	out     *tailBuffer

	closeOnce sync.Once
	closeErr  error
}

// Launch starts Chromium and connects rod to it. Call it once per test binary
// (TestMain) and Close it when the tests are done.
func Launch(opts ...Option) (*Browser, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	bin, err := ResolveBin(o.bin)
	if err != nil {
		return nil, err
	}
	headful := o.headful || defaults.Show
	if headful && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, fmt.Errorf("browser: %s=1 (or -rod=show) needs a display but DISPLAY is not set: "+
			"unset %s, or run under xvfb-run", config.EnvHeadful, config.EnvHeadful)
	}

	lctx, lcancel := context.WithTimeout(context.Background(), launchTimeout)
	defer lcancel()
	out := &tailBuffer{max: 8 << 10}

	// launcher.New reads rod's defaults (-rod=show,devtools,dir,port,...).
	l := launcher.New().
		Context(lctx).
		Bin(bin). // never let rod download a browser
		// Leakless puts Chromium under a small guard process that kills it when
		// this (test) process dies. Deferred cleanups do not run when a test
		// panics in another goroutine or when `go test -timeout` kills the binary
		// (os.Exit), and without the guard Chromium and its renderers would
		// outlive the test, holding CPU, memory and ports. The guard binary is
		// embedded in github.com/ysmood/leakless; nothing is downloaded.
		Leakless(true).
		Headless(!headful).
		Set("no-sandbox"). // we run as root (CI containers); Chromium refuses otherwise
		Set("disable-background-networking").
		Set("disable-component-update").
		Set("disable-sync").
		Set("no-first-run").
		Set("disable-gpu").
		Logger(out)

	u, err := l.Launch()
	if err != nil {
		return nil, fmt.Errorf("browser: launching %s: %w%s", bin, err, out.suffix())
	}

	ctx, cancel := context.WithCancel(context.Background())
	b := &Browser{l: l, pid: l.PID(), ctx: ctx, cancel: cancel, out: out}
	if defaults.Dir == "" { // launcher.New picked a temporary profile: ours to delete
		b.dataDir = l.Get("user-data-dir")
	}

	// rod.New reads rod's defaults (-rod=slow,trace,monitor,...).
	rb := rod.New().ControlURL(u).Context(ctx)
	if err := rb.Connect(); err != nil {
		_ = b.kill()
		return nil, fmt.Errorf("browser: connecting to %s: %w", bin, err)
	}
	b.Rod = rb
	return b, nil
}

// PID of the Chromium process (its process group holds the renderers).
func (b *Browser) PID() int { return b.pid }

// Close shuts Chromium down and waits until the process is gone. Idempotent.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.Rod != nil {
			// Ask politely first, so Chromium stops its children itself.
			ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
			_ = b.Rod.Context(ctx).Close()
			cancel()
		}
		b.cancel()
		b.closeErr = b.kill()
	})
	return b.closeErr
}

// kill SIGKILLs Chromium's process group (leakless made Chromium a group
// leader) and waits for the process to be reaped. Unlike launcher.Kill it does
// not sleep a fixed second first.
func (b *Browser) kill() error {
	if b.pid <= 0 {
		return nil
	}
	_ = syscall.Kill(-b.pid, syscall.SIGKILL)
	_ = syscall.Kill(b.pid, syscall.SIGKILL)

	deadline := time.NewTimer(closeTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	// The guard (leakless) is Chromium's parent and reaps it; kill(pid, 0)
	// fails with ESRCH once it is reaped.
	for syscall.Kill(b.pid, 0) == nil {
		select {
		case <-deadline.C:
			return fmt.Errorf("browser: chromium (pid %d) still running %s after kill", b.pid, closeTimeout)
		case <-tick.C:
		}
	}
	if b.dataDir != "" {
		_ = os.RemoveAll(b.dataDir)
	}
	return nil
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
