package zoomapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// The maintenance token: Zoom's Marketplace API is called with the token of
// a General App made once by hand in the account (scopes
// marketplace:read:app and marketplace:write:app) and authorized by the
// account owner (`make login`). The token is kept in a file only its owner
// can read. Zoom returns a new refresh token on every refresh, and the old
// one stops working: every refreshed token is saved at once, or the next
// run is locked out.

// ErrNoToken: no maintenance token has been saved yet.
var ErrNoToken = errors.New("no maintenance token saved: run make login")

// ErrTokenRefused: Zoom no longer takes the saved maintenance token (its
// refresh was answered invalid_grant or 401, or a call was answered 401
// with a token just refreshed). Errors that wrap it start with its text.
var ErrTokenRefused = errors.New("the maintenance token was refused: run make login")

// Maintenance is the maintenance app and where its token is kept.
type Maintenance struct {
	ClientID, ClientSecret string
	// RedirectURL is the maintenance app's registered redirect URL.
	RedirectURL string
	// WebURL is Zoom's OAuth host (https://zoom.us): WebURL+"/oauth/authorize"
	// and WebURL+"/oauth/token".
	WebURL string
	// APIURL is the API host (https://api.zoom.us), Client's BaseURL.
	APIURL string
	// TokenFile is where the token is saved (mode 0600).
	TokenFile string
	// HTTP is the client of the token endpoint and the base of the API
	// client. Nil: one with a 30 s timeout.
	HTTP *http.Client
}

// OAuthConfig is the maintenance app's OAuth configuration. Zoom takes the
// client's credentials as Basic auth only.
func (m Maintenance) OAuthConfig() oauth2.Config {
	web := strings.TrimRight(m.WebURL, "/")
	return oauth2.Config{
		ClientID:     m.ClientID,
		ClientSecret: m.ClientSecret,
		RedirectURL:  m.RedirectURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:   web + "/oauth/authorize",
			TokenURL:  web + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInHeader,
		},
	}
}

// AuthCodeURL is the address the account owner opens to authorize the
// maintenance app. verifier ("": none) is a PKCE verifier
// (oauth2.GenerateVerifier), sent as its S256 challenge.
func (m Maintenance) AuthCodeURL(state, verifier string) string {
	cfg := m.OAuthConfig()
	if verifier == "" {
		return cfg.AuthCodeURL(state)
	}
	return cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
}

// Exchange trades an authorization code (CodeFromRedirect) for a token and
// saves it to TokenFile. verifier is AuthCodeURL's ("": none).
func (m Maintenance) Exchange(ctx context.Context, code, verifier string) error {
	cfg := m.OAuthConfig()
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := cfg.Exchange(m.ctx(ctx), code, opts...)
	if err != nil {
		return fmt.Errorf("zoomapi: exchanging the maintenance app's authorization code: %s",
			tokenErrDetail(err, code, verifier, m.ClientSecret))
	}
	if tok.RefreshToken == "" {
		return errors.New("zoomapi: exchanging the maintenance app's authorization code: the answer holds no refresh token")
	}
	return m.save(tok)
}

// Client returns a Marketplace API client that calls with the saved token,
// refreshes it when it expires, and saves every refreshed token back to
// TokenFile before using it. A call answered 401 gets a new token and is
// made once more. Errors: ErrNoToken (nothing saved), ErrTokenRefused
// (Zoom no longer takes it; when refreshing, or on a call). ctx gives the
// refreshes their values (oauth2.HTTPClient), not their lifetime.
func (m Maintenance) Client(ctx context.Context) (*Client, error) {
	tok, err := m.load()
	if err != nil {
		return nil, err
	}
	if tok.RefreshToken == "" {
		return nil, fmt.Errorf("%w (the saved token has no refresh token)", ErrTokenRefused)
	}
	cfg := m.OAuthConfig()
	saver := &savingSource{ctx: context.WithoutCancel(m.ctx(ctx)), cfg: &cfg, refresh: tok.RefreshToken, save: m.save}
	src := &currentSource{saver: saver, cur: oauth2.ReuseTokenSource(tok, saver)}
	// Not oauth2.NewClient: it would cache the token in front of src, and
	// a renewed one would never be used.
	base := m.httpClient()
	hc := &http.Client{Transport: &oauth2.Transport{Source: src, Base: base.Transport}, Timeout: base.Timeout}
	return &Client{BaseURL: cmp.Or(m.APIURL, DefaultBaseURL), HTTP: hc, reauth: src.renew}, nil
}

func (m Maintenance) httpClient() *http.Client {
	if m.HTTP != nil {
		return m.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// ctx carries the HTTP client for oauth2.
func (m Maintenance) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, m.httpClient())
}

// savingSource refreshes the token and saves each new one before handing
// it out. Zoom's refresh tokens work once: it always refreshes with the
// last one it got.
type savingSource struct {
	ctx     context.Context
	cfg     *oauth2.Config
	save    func(*oauth2.Token) error
	mu      sync.Mutex
	refresh string
}

func (s *savingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// A token holding only a refresh token is invalid: it is refreshed.
	tok, err := s.cfg.TokenSource(s.ctx, &oauth2.Token{RefreshToken: s.refresh}).Token()
	if err != nil {
		detail := tokenErrDetail(err, s.refresh, s.cfg.ClientSecret)
		if refusedByZoom(err) {
			return nil, fmt.Errorf("%w (refresh: %s)", ErrTokenRefused, detail)
		}
		return nil, fmt.Errorf("zoomapi: refreshing the maintenance token: %s", detail)
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = s.refresh // kept, as oauth2 does, when none comes
	}
	if err := s.save(tok); err != nil {
		// The old refresh token no longer works: keep the new one for this
		// process at least, and say the next run will need a sign-in.
		s.refresh = tok.RefreshToken
		return nil, fmt.Errorf("%v: the refreshed maintenance token is lost to the next run, which will need make login", err)
	}
	s.refresh = tok.RefreshToken
	return tok, nil
}

// currentSource is the token source of the API client: a ReuseTokenSource
// around the savingSource, replaced when a 401 says its token is no good.
type currentSource struct {
	saver *savingSource
	mu    sync.Mutex
	cur   oauth2.TokenSource
}

func (c *currentSource) Token() (*oauth2.Token, error) {
	c.mu.Lock()
	cur := c.cur
	c.mu.Unlock()
	return cur.Token()
}

// renew gets a new token now (a call was answered 401).
func (c *currentSource) renew() error {
	tok, err := c.saver.Token()
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.cur = oauth2.ReuseTokenSource(tok, c.saver)
	c.mu.Unlock()
	return nil
}

// refusedError: a call answered 401 with a token just refreshed.
type refusedError struct{ detail *Error }

func (e *refusedError) Error() string {
	return ErrTokenRefused.Error() + " (" + strings.TrimPrefix(e.detail.Error(), "zoomapi: ") + ", with a token just refreshed)"
}

func (e *refusedError) Unwrap() []error { return []error{ErrTokenRefused, e.detail} }

// refusedByZoom: the token endpoint refused the refresh token itself.
func refusedByZoom(err error) bool {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return false
	}
	return re.ErrorCode == "invalid_grant" || (re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized)
}

// tokenErrDetail describes a token endpoint's failure by its status, its
// error code and Zoom's reason, with the secrets of the request (the code,
// the refresh token, the client secret) and anything shaped like a token
// taken out: Zoom's reason or a proxy's page could quote them.
func tokenErrDetail(err error, secrets ...string) string {
	return hide(tokenErrText(err), secrets)
}

func hide(s string, secrets []string) string {
	for _, v := range secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[redacted]")
		}
	}
	return scrub(s)
}

func tokenErrText(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		var parts []string
		if re.Response != nil {
			parts = append(parts, fmt.Sprintf("HTTP %d", re.Response.StatusCode))
		}
		if re.ErrorCode != "" {
			parts = append(parts, re.ErrorCode)
		}
		var zoom struct {
			Reason string `json:"reason"`
		}
		if json.Unmarshal(re.Body, &zoom) == nil && zoom.Reason != "" && len(zoom.Reason) < 200 {
			parts = append(parts, fmt.Sprintf("%q", zoom.Reason))
		} else if re.ErrorDescription != "" && len(re.ErrorDescription) < 200 {
			parts = append(parts, fmt.Sprintf("%q", re.ErrorDescription))
		}
		if len(parts) == 0 {
			return "the token endpoint refused"
		}
		return strings.Join(parts, " ")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + " " + redactQuery(ue.URL) + ": " + ue.Err.Error()
	}
	return err.Error()
}

// redactQuery drops a URL's query (a token endpoint takes codes and tokens
// there too).
func redactQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the token endpoint"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}

// savedToken is the token file's content.
type savedToken struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry,omitzero"`
	SavedAt      time.Time `json:"saved_at"`
}

// save writes tok to TokenFile, mode 0600, atomically (a temporary file in
// the same directory, renamed over it): a run killed while saving leaves
// the old token or the new, never half of one. The directory is made if
// missing (0700).
func (m Maintenance) save(tok *oauth2.Token) error {
	if m.TokenFile == "" {
		return errors.New("zoomapi: no token file configured")
	}
	body, err := json.MarshalIndent(savedToken{
		AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken,
		Expiry: tok.Expiry, SavedAt: time.Now().UTC(),
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("zoomapi: saving the maintenance token: %v", err)
	}
	dir := filepath.Dir(m.TokenFile)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("zoomapi: saving the maintenance token: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(m.TokenFile)+".*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("zoomapi: saving the maintenance token: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("zoomapi: saving the maintenance token to %s: %w", m.TokenFile, unwrapPath(err))
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.Write(append(body, '\n')); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, m.TokenFile); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("zoomapi: saving the maintenance token to %s: %w", m.TokenFile, unwrapPath(err))
	}
	return nil
}

// load reads TokenFile. A file others may read is refused: it holds a live
// token.
func (m Maintenance) load() (*oauth2.Token, error) {
	if m.TokenFile == "" {
		return nil, fmt.Errorf("%w (no token file configured)", ErrNoToken)
	}
	fi, err := os.Stat(m.TokenFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w (no file %s)", ErrNoToken, m.TokenFile)
	case err != nil:
		return nil, fmt.Errorf("zoomapi: the maintenance token file %s: %w", m.TokenFile, unwrapPath(err))
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("zoomapi: the maintenance token file %s is not a regular file", m.TokenFile)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, fmt.Errorf("zoomapi: the maintenance token file %s has mode %04o, which lets others read a live token: chmod 600 it (make login writes it so)",
			m.TokenFile, fi.Mode().Perm())
	}
	b, err := os.ReadFile(m.TokenFile)
	if err != nil {
		return nil, fmt.Errorf("zoomapi: the maintenance token file %s: %w", m.TokenFile, unwrapPath(err))
	}
	var st savedToken
	if err := json.Unmarshal(b, &st); err != nil || (st.AccessToken == "" && st.RefreshToken == "") {
		// Not the parser's message: it may quote the file.
		return nil, fmt.Errorf("%w (%s is not a saved token)", ErrNoToken, m.TokenFile)
	}
	return &oauth2.Token{AccessToken: st.AccessToken, TokenType: st.TokenType, RefreshToken: st.RefreshToken, Expiry: st.Expiry}, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CodeFromRedirect reads the authorization code from a browser's address,
// once Zoom has sent the browser to the registered redirect URL (the page
// there need not load: the code is in the address). ok is false, with no
// error, for an address elsewhere (still signing in, or on the consent
// page). At the redirect URL, a state other than wantState, an error=
// parameter (the owner declined) or no code is an error; the code is never
// in an error.
func CodeFromRedirect(rawURL, redirectURL, wantState string) (code string, ok bool, err error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", false, nil // not an address: not there yet
	}
	r, err := url.Parse(redirectURL)
	if err != nil || r.Host == "" {
		return "", false, fmt.Errorf("zoomapi: the redirect URL %q is not an absolute URL", redirectURL)
	}
	samePath := strings.TrimRight(u.EscapedPath(), "/") == strings.TrimRight(r.EscapedPath(), "/")
	if !strings.EqualFold(u.Scheme, r.Scheme) || !strings.EqualFold(hostPort(u), hostPort(r)) || !samePath {
		return "", false, nil
	}
	q := u.Query()
	if e := q.Get("error"); e != "" {
		detail := cmp.Or(q.Get("error_description"), q.Get("reason"))
		if len(detail) > 200 {
			detail = detail[:200] + "…"
		}
		if detail != "" {
			detail = fmt.Sprintf(" (%q)", scrub(detail))
		}
		return "", true, fmt.Errorf("zoomapi: Zoom sent the browser back to %s with error=%q%s, not a code", redirectURL, scrub(e), detail)
	}
	if got := q.Get("state"); got != wantState {
		return "", true, fmt.Errorf("zoomapi: Zoom sent the browser back to %s with a state other than the one sent (%d characters, want %d): not this authorization",
			redirectURL, len(got), len(wantState))
	}
	code = q.Get("code")
	if code == "" {
		return "", true, fmt.Errorf("zoomapi: Zoom sent the browser back to %s without a code", redirectURL)
	}
	return code, true, nil
}

// hostPort is u's host with its scheme's default port made explicit.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return u.Hostname() + ":443"
	case "http":
		return u.Hostname() + ":80"
	}
	return u.Host
}
