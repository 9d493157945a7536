package browser

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/utils"

	"lszoom/internal/config"
)

// connectTimeout bounds reaching a remote endpoint: resolving it, the
// WebSocket handshake and, for a manager, its launching a browser. A
// variable for tests.
var connectTimeout = 30 * time.Second

// Open gives the browser the configuration asks for: the one at
// E2E_BROWSER_URL, one from the go-rod manager at E2E_ROD_MANAGER_URL, or
// else a local Chromium launched under the guard.
func Open(c config.Config, opts ...Option) (*Browser, error) {
	switch {
	case c.BrowserURL != "":
		return Connect(c.BrowserURL, opts...)
	case c.RodManagerURL != "":
		return ConnectManaged(c.RodManagerURL, append(FromConfig(c), opts...)...)
	}
	return Launch(append(FromConfig(c), opts...)...)
}

// Connect attaches to a browser someone else runs, at a Chrome DevTools
// endpoint: ws(s)://host:port/devtools/browser/<id> as it is, or
// http(s)://host:port resolved through /json/version. The Browser's Close
// only closes the connection: the harness never closes a browser it did not
// start. Each Session is an incognito context it disposes of when closed.
func Connect(endpoint string, opts ...Option) (*Browser, error) {
	o := optionsOf(opts)
	fail := func(err error) (*Browser, error) {
		return nil, fmt.Errorf("browser: %s=%q: %w", config.EnvBrowserURL, config.MaskEndpoint(endpoint), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	ws, err := resolveDevTools(ctx, endpoint)
	if err != nil {
		return fail(err)
	}
	b, err := dial(ctx, ws, nil, o)
	if err != nil {
		return fail(err)
	}
	b.remote = "the browser at " + config.MaskEndpoint(endpoint)
	return b, nil
}

// ConnectManaged asks the go-rod manager at managerURL
// (launcher.NewManager, the ghcr.io/go-rod/rod image) for a browser: the
// manager launches one on its side, with its own binary and defaults plus
// the harness's flags, and kills it and removes its profile when the
// connection closes (Close).
func ConnectManaged(managerURL string, opts ...Option) (*Browser, error) {
	o := optionsOf(opts)
	fail := func(err error) (*Browser, error) {
		return nil, fmt.Errorf("browser: %s=%q: %w", config.EnvRodManagerURL, config.MaskEndpoint(managerURL), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	// launcher.NewManaged asks the manager for its defaults with no
	// deadline; this first request has one, so an address where nothing
	// answers fails fast.
	if err := probe(ctx, managerURL); err != nil {
		return fail(fmt.Errorf("no go-rod manager answers: %w", err))
	}
	l, err := launcher.NewManaged(managerURL)
	if err != nil {
		return fail(fmt.Errorf("no go-rod manager answers: %w", err))
	}
	u, header := managed(l, o.headful).ClientHeader()
	b, err := dial(ctx, u, header, o)
	if err != nil {
		return fail(err)
	}
	b.remote = "a browser of the go-rod manager at " + config.MaskEndpoint(managerURL)
	return b, nil
}

// managed sets the flags the manager's browser is launched with: the
// manager's defaults (l), then the harness's (Flags), as for a browser the
// harness launches itself. The manager uses what the client sends, so a
// manager of the ghcr.io/go-rod/rod image, whose defaults lack
// UnusedFeatures, would otherwise pay for them in every incognito context.
func managed(l *launcher.Launcher, headful bool) *launcher.Launcher {
	return Flags(l.Headless(!headful).
		Leakless(true)) // the manager kills the browser when we disconnect
}

// Remote says whose browser this is when the harness did not launch it
// ("" for a local Chromium under the guard).
func (b *Browser) Remote() string { return b.remote }

// dial opens the DevTools WebSocket at u and connects rod over it. The
// socket is kept so that Close can end the connection without closing the
// browser (rod's Browser.Close would close the browser itself).
func dial(ctx context.Context, u string, header http.Header, o options) (*Browser, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	// Until rod is connected, the socket carries ctx's deadline: rod's
	// handshake and its first call would otherwise wait on a silent peer
	// for ever.
	d := &deadlineDialer{secure: strings.EqualFold(parsed.Scheme, "wss")}
	ws := &cdp.WebSocket{Dialer: d}
	if err := ws.Connect(ctx, u, header); err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", config.MaskEndpoint(u), err)
	}
	defer d.clear()
	client := cdp.New()
	if o.cdpLog != nil {
		client = client.Logger(o.cdpLog)
	}
	bctx, bcancel := context.WithCancel(context.Background())
	b := &Browser{ctx: bctx, cancel: bcancel, ws: ws, out: &tailBuffer{max: 1}}
	// Connect on rb itself: its events live as long as its context.
	rb := rod.New().Client(client.Start(ws)).Context(bctx)
	if err := rb.Connect(); err != nil {
		bcancel()
		_ = ws.Close()
		return nil, fmt.Errorf("connecting to %s: %w", config.MaskEndpoint(u), err)
	}
	b.Rod = rb
	return b, nil
}

// resolveDevTools turns an endpoint into the browser's WebSocket URL: a
// ws(s) URL is used as it is; an http(s) one is asked /json/version, and the
// host in its answer (the browser's own idea of it, often 127.0.0.1) is
// replaced by the one we reached, as rod's launcher.ResolveURL does.
func resolveDevTools(ctx context.Context, endpoint string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", err
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "wss":
		return endpoint, nil
	}
	v := *u
	v.Path, v.RawQuery = "/json/version", ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.String(), nil)
	if err != nil {
		return "", err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("resolving through /json/version: %w", err)
	}
	defer func() { _ = res.Body.Close() }()
	var ver struct {
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("/json/version answered %s, not a Chrome DevTools endpoint", res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&ver); err != nil || ver.WebSocketDebuggerURL == "" {
		return "", fmt.Errorf("/json/version gave no webSocketDebuggerUrl: not a Chrome DevTools endpoint")
	}
	ws, err := url.Parse(ver.WebSocketDebuggerURL)
	if err != nil {
		return "", fmt.Errorf("/json/version: webSocketDebuggerUrl: %w", err)
	}
	ws.Host = u.Host
	if strings.EqualFold(u.Scheme, "https") {
		ws.Scheme = "wss"
	}
	if u.RawQuery != "" && ws.RawQuery == "" {
		ws.RawQuery = u.RawQuery // a token the endpoint asked for
	}
	return ws.String(), nil
}

// probe is one GET of a manager's address (as http), under ctx.
func probe(ctx context.Context, managerURL string) error {
	u, err := url.Parse(managerURL)
	if err != nil {
		return err
	}
	switch strings.ToLower(u.Scheme) {
	case "ws":
		u.Scheme = "http"
	case "wss":
		u.Scheme = "https"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", config.MaskEndpoint(u.String()), res.Status)
	}
	return nil
}

// WithCDPLogger sends every DevTools message (*cdp.Request, *cdp.Response,
// *cdp.Event) to l: benchmarks count round trips with it.
func WithCDPLogger(l utils.Logger) Option { return func(o *options) { o.cdpLog = l } }

func optionsOf(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// deadlineDialer dials with ctx's deadline set on the connection, until
// clear; it gives a port-less address its scheme's default port (rod's own
// dialer does that only when none is given).
type deadlineDialer struct {
	secure bool
	conn   net.Conn
}

func (d *deadlineDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		port := "80"
		if d.secure {
			port = "443"
		}
		addr = net.JoinHostPort(addr, port)
	}
	var (
		c   net.Conn
		err error
	)
	if d.secure {
		c, err = (&tls.Dialer{}).DialContext(ctx, network, addr)
	} else {
		c, err = (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	d.conn = c
	return c, nil
}

func (d *deadlineDialer) clear() {
	if d.conn != nil {
		_ = d.conn.SetDeadline(time.Time{})
	}
}
