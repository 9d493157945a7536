// Package checkin tells a cron monitor that the nightly end-to-end run
// started and how it ended, so that a night that never ran, or ran past its
// time, alerts on the monitor's side. Two shapes, chosen by the URL:
//
//   - Sentry Crons, the "HTTP check-in" endpoint
//     https://o<org>.ingest.sentry.io/api/<project>/cron/<slug>/<public_key>/
//     (https://docs.sentry.io/product/crons/getting-started/http/):
//     GET ?status=in_progress at the start, ?status=ok or ?status=error at
//     the end, both with the same check_in_id (a UUID) so Sentry pairs them,
//     the end with duration (seconds, as Relay's endpoint reads it).
//   - healthchecks.io and anything else (https://healthchecks.io/docs/http_api/):
//     POST <url>/start, <url> (success) or <url>/fail, the body a short log
//     text that healthchecks keeps (its first 100 kB).
//
// Every call is one attempt bounded by a timeout, never retried: the monitor
// is there to notice a missing or late night, and a monitor that cannot be
// reached must neither hold the night up nor change its outcome. Callers
// (cmd/checkin) report a returned error and go on.
//
// The URL carries a secret (Sentry's public key, healthchecks' uuid or ping
// key, a ?token=): nothing this package returns contains it; print URLs
// through Mask.
package checkin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kinds of monitor, as Kind returns them.
const (
	KindSentry       = "sentry"
	KindHealthchecks = "healthchecks"
)

// DefaultTimeout bounds each call unless WithTimeout says otherwise: long
// enough for a slow network, short enough not to matter to a night.
const DefaultTimeout = 5 * time.Second

// MaxBody is what healthchecks keeps of a POST body (100 kB); longer log
// texts are cut there rather than sent for nothing.
const MaxBody = 100_000

// Monitor is what the nightly needs from a cron monitor. Both methods make
// one bounded HTTP call; an error only says the monitor was not told.
type Monitor interface {
	Kind() string
	Start(ctx context.Context) error
	Finish(ctx context.Context, ok bool, d time.Duration, msg string) error
}

// Client is a Monitor for one check-in URL.
type Client struct {
	u         *url.URL
	kind      string
	masked    string
	secrets   []string
	timeout   time.Duration
	http      *http.Client
	checkInID string
}

var _ Monitor = (*Client)(nil)

// Option adjusts a Client made by New.
type Option func(*Client)

// WithTimeout bounds each call (DefaultTimeout otherwise; d <= 0 keeps it).
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithHTTPClient replaces http.DefaultClient (tests, proxies).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithCheckInID pairs this client's Finish with the Start of an earlier
// process (the id saved in the state file). Without it New draws a new one.
func WithCheckInID(id string) Option {
	return func(c *Client) {
		if id != "" {
			c.checkInID = id
		}
	}
}

// New checks rawURL and tells its kind (see the package doc). An error says
// the URL is not usable, in words that do not contain its secret.
func New(rawURL string, opts ...Option) (*Client, error) {
	u, kind, err := parse(rawURL)
	if err != nil {
		return nil, err
	}
	c := &Client{u: u, kind: kind, masked: Mask(rawURL), secrets: secrets(u, kind),
		timeout: DefaultTimeout, http: http.DefaultClient}
	for _, o := range opts {
		o(c)
	}
	if c.checkInID == "" {
		if c.checkInID, err = NewCheckInID(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Kind is KindSentry or KindHealthchecks.
func (c *Client) Kind() string { return c.kind }

// CheckInID is the id Sentry check-ins carry; save it at Start for Finish.
func (c *Client) CheckInID() string { return c.checkInID }

// Masked is the URL as it may be printed.
func (c *Client) Masked() string { return c.masked }

// Start says the night began: Sentry status=in_progress, healthchecks /start.
func (c *Client) Start(ctx context.Context) error {
	if c.kind == KindSentry {
		return c.send(ctx, "start", http.MethodGet, c.sentryURL("in_progress", 0), "")
	}
	return c.send(ctx, "start", http.MethodPost, c.hcURL("/start"), "lszoom nightly: started")
}

// Finish says how the night ended, after d (0: unknown, not sent). msg is
// extra log text for healthchecks; Sentry's HTTP check-in has no field for it.
func (c *Client) Finish(ctx context.Context, ok bool, d time.Duration, msg string) error {
	status, suffix := "ok", ""
	if !ok {
		status, suffix = "error", "/fail"
	}
	if c.kind == KindSentry {
		return c.send(ctx, status, http.MethodGet, c.sentryURL(status, d), "")
	}
	return c.send(ctx, status, http.MethodPost, c.hcURL(suffix), LogText(status, d, msg))
}

// LogText is the body healthchecks logs: "lszoom nightly: <status> after
// <d>", msg on the next line, at most MaxBody bytes.
func LogText(status string, d time.Duration, msg string) string {
	s := "lszoom nightly: " + status
	if d > 0 {
		s += " after " + d.Round(time.Second).String()
	} else {
		s += " (duration unknown)"
	}
	if msg = strings.TrimSpace(msg); msg != "" {
		s += "\n" + msg
	}
	if len(s) > MaxBody {
		s = strings.ToValidUTF8(s[:MaxBody], "")
	}
	return s
}

// sentryURL keeps the URL's own query (environment=…) and sets status,
// check_in_id and, at the end, duration in seconds.
func (c *Client) sentryURL(status string, d time.Duration) string {
	u := *c.u
	q := u.Query()
	q.Set("status", status)
	q.Set("check_in_id", c.checkInID)
	if d > 0 {
		q.Set("duration", strconv.FormatFloat(d.Seconds(), 'f', 3, 64))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// hcURL appends suffix to the path, keeping the query (?create=1).
func (c *Client) hcURL(suffix string) string {
	u := *c.u
	u.Path = strings.TrimSuffix(u.Path, "/") + suffix
	u.RawPath = ""
	return u.String()
}

// send makes one call within c.timeout. Its errors name the masked URL and
// say "timed out" when the monitor did not answer in time.
func (c *Client) send(ctx context.Context, what, method, target, body string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return c.errorf(what, "%v", err)
	}
	req.Header.Set("User-Agent", "lszoom-checkin")
	if body != "" {
		req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error // its text repeats the URL: keep only the cause
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return c.errorf(what, "timed out after %v: %w", c.timeout, context.DeadlineExceeded)
		}
		return c.errorf(what, "%w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 != 2 {
		return c.errorf(what, "HTTP %s", resp.Status)
	}
	return nil
}

func (c *Client) errorf(what, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Op: what, URL: c.masked, Kind: c.kind, Err: err, secrets: c.secrets}
}

// Error is a failed call: the monitor was not told. Its text is masked.
type Error struct {
	Op, URL, Kind string // "start", "ok", "error"; Mask(url); KindSentry…
	Err           error
	secrets       []string
}

func (e *Error) Error() string {
	return scrub(fmt.Sprintf("%s check-in (%s) to %s: %v", e.Op, e.Kind, e.URL, e.Err), e.secrets)
}

func (e *Error) Unwrap() error { return e.Err }
