package zoomapi

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const (
	clientID     = "mAintClientId01"
	clientSecret = "mAint-Client-Secret-0123456789"
	redirectURL  = "https://harness.example.test/zoom/maintenance"
	authCode     = "kQ7-authorization-code-9Zx"
	// Every token the fake Zoom issues starts with this, so that a test can
	// search an error for any of them.
	tokenMark = "eyJtok"
)

// fakeZoom is Zoom's OAuth token endpoint and the app endpoint of its
// Marketplace API. Refresh tokens work once: each refresh issues a new
// access and refresh token and retires the refresh token it took (as Zoom
// does). API calls take the last access token issued only.
type fakeZoom struct {
	t  *testing.T
	mu sync.Mutex
	n  int
	// expiresIn is what each token is said to live (seconds).
	expiresIn int
	// refresh: the refresh token that works now; access: the access token
	// that works now.
	refresh, access string
	// refreshedWith lists the refresh tokens presented, in order.
	refreshedWith []string
	// refuseRefresh answers every refresh 400 invalid_grant;
	// refuseCalls answers every API call 401 code 124.
	refuseRefresh, refuseCalls bool
	verifier                   string // the code_verifier of the exchange
	apiCalls                   int
}

func newFakeZoom(t *testing.T) (*fakeZoom, *httptest.Server) {
	f := &fakeZoom{t: t, expiresIn: 3599}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", f.token)
	mux.HandleFunc("GET /v2/marketplace/apps/{id}", f.app)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeZoom) issue() (access, refresh string) {
	f.n++
	f.access = fmt.Sprintf("%s.access.%d.eyJzaWduYXR1cmU", tokenMark, f.n)
	f.refresh = fmt.Sprintf("%s.refresh.%d.eyJzaWduYXR1cmU", tokenMark, f.n)
	return f.access, f.refresh
}

func zoomError(w http.ResponseWriter, status int, code, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"reason": reason, "error": code})
}

func (f *fakeZoom) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":"+clientSecret))
	if r.Header.Get("Authorization") != want {
		zoomError(w, 401, "invalid_client", "Invalid client_id or client_secret")
		return
	}
	if err := r.ParseForm(); err != nil {
		zoomError(w, 400, "invalid_request", "bad form")
		return
	}
	if r.PostForm.Get("client_secret") != "" {
		f.t.Error("the client secret is sent in the form: Zoom takes Basic auth")
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		if r.PostForm.Get("code") != authCode || r.PostForm.Get("redirect_uri") != redirectURL {
			zoomError(w, 400, "invalid_grant", "Invalid authorization code "+r.PostForm.Get("code"))
			return
		}
		f.verifier = r.PostForm.Get("code_verifier")
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		f.refreshedWith = append(f.refreshedWith, rt)
		if f.refuseRefresh || rt != f.refresh {
			// Zoom's reason does not quote the token; this one does, to
			// show it is not repeated.
			zoomError(w, 400, "invalid_grant", "Invalid Token! "+rt)
			return
		}
	default:
		zoomError(w, 400, "unsupported_grant_type", "Unsupported grant type")
		return
	}
	access, refresh := f.issue()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": access, "token_type": "bearer", "refresh_token": refresh,
		"expires_in": f.expiresIn, "scope": "marketplace:read:app marketplace:write:app", "api_url": "https://api.zoom.us"})
}

func (f *fakeZoom) app(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.apiCalls++
	if f.refuseCalls || r.Header.Get("Authorization") != "Bearer "+f.access || f.access == "" {
		w.WriteHeader(401)
		_, _ = io.WriteString(w, invalidTokenBody)
		return
	}
	_, _ = fmt.Fprintf(w, `{"app_id":%q,"app_name":"Maintenance","app_type":"General","app_status":"unpublished","app_scopes":[]}`, r.PathValue("id"))
}

// issued lists every token the fake issued so far.
func (f *fakeZoom) issued() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for i := 1; i <= f.n; i++ {
		out = append(out, fmt.Sprintf("%s.access.%d.eyJzaWduYXR1cmU", tokenMark, i), fmt.Sprintf("%s.refresh.%d.eyJzaWduYXR1cmU", tokenMark, i))
	}
	return out
}

func maintenanceOf(t *testing.T, srv *httptest.Server) Maintenance {
	return Maintenance{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURL,
		WebURL: srv.URL, APIURL: srv.URL, TokenFile: filepath.Join(t.TempDir(), "not-yet", "zoom.api-token.json"), HTTP: srv.Client()}
}

// assertNoSecret checks that err says nothing secret.
func assertNoSecret(t *testing.T, f *fakeZoom, err error) {
	t.Helper()
	if err == nil {
		return
	}
	s := err.Error()
	assert.NotContains(t, s, tokenMark, "a token in %q", s)
	assert.NotContains(t, s, clientSecret)
	assert.NotContains(t, s, authCode)
	for _, tok := range f.issued() {
		assert.NotContains(t, s, tok)
	}
}

func readSaved(t *testing.T, path string) savedToken {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var st savedToken
	require.NoError(t, json.Unmarshal(b, &st))
	return st
}

func TestOAuthConfig(t *testing.T) {
	m := Maintenance{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: redirectURL, WebURL: "https://zoom.us/"}
	cfg := m.OAuthConfig()
	assert.Equal(t, oauth2.Endpoint{AuthURL: "https://zoom.us/oauth/authorize", TokenURL: "https://zoom.us/oauth/token",
		AuthStyle: oauth2.AuthStyleInHeader}, cfg.Endpoint)
	assert.Equal(t, redirectURL, cfg.RedirectURL)

	verifier := oauth2.GenerateVerifier()
	u, err := url.Parse(m.AuthCodeURL("st4te", verifier))
	require.NoError(t, err)
	assert.Equal(t, "zoom.us", u.Host)
	assert.Equal(t, "/oauth/authorize", u.Path)
	q := u.Query()
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, clientID, q.Get("client_id"))
	assert.Equal(t, redirectURL, q.Get("redirect_uri"))
	assert.Equal(t, "st4te", q.Get("state"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, oauth2.S256ChallengeFromVerifier(verifier), q.Get("code_challenge"))
	assert.NotContains(t, u.String(), clientSecret)

	plain, _ := url.Parse(m.AuthCodeURL("st4te", ""))
	assert.Empty(t, plain.Query().Get("code_challenge"))
}

// The exchanged token is saved only its owner can read, in a directory made
// for it, and what is saved is what the API client calls with.
func TestExchangeSavesTheTokenForItsOwnerOnly(t *testing.T) {
	f, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	verifier := oauth2.GenerateVerifier()
	require.NoError(t, m.Exchange(t.Context(), authCode, verifier))
	assert.Equal(t, verifier, f.verifier, "the PKCE verifier is sent with the code")

	fi, err := os.Stat(m.TokenFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	dir, err := os.Stat(filepath.Dir(m.TokenFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm())
	st := readSaved(t, m.TokenFile)
	assert.Equal(t, f.access, st.AccessToken)
	assert.Equal(t, f.refresh, st.RefreshToken)
	assert.Equal(t, "bearer", st.TokenType)
	assert.WithinDuration(t, time.Now().Add(3599*time.Second), st.Expiry, time.Minute)
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(m.TokenFile), "*.tmp"))
	assert.Empty(t, left, "no temporary file is left")

	c, err := m.Client(t.Context())
	require.NoError(t, err)
	app, err := c.App(t.Context(), "m1")
	require.NoError(t, err)
	assert.Equal(t, "m1", app.ID)
	assert.Empty(t, f.refreshedWith, "a token still valid is not refreshed")
}

// A file left readable by others (an older tool, a copy) is refused, and
// the next save makes it the owner's only.
func TestTokenFileOthersCanReadIsRefusedAndSavedPrivate(t *testing.T) {
	f, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	require.NoError(t, os.MkdirAll(filepath.Dir(m.TokenFile), 0o755))
	require.NoError(t, os.WriteFile(m.TokenFile, []byte(`{"access_token":"x","refresh_token":"y"}`), 0o644))
	require.NoError(t, os.Chmod(m.TokenFile, 0o644)) // whatever the umask
	_, err := m.Client(t.Context())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mode 0644")
	assert.Contains(t, err.Error(), "chmod 600")
	assertNoSecret(t, f, err)

	require.NoError(t, m.Exchange(t.Context(), authCode, ""))
	fi, err := os.Stat(m.TokenFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

func TestNoToken(t *testing.T) {
	_, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	_, err := m.Client(t.Context())
	require.ErrorIs(t, err, ErrNoToken)
	assert.True(t, strings.HasPrefix(err.Error(), "no maintenance token saved: run make login"), "%q", err)

	require.NoError(t, os.MkdirAll(filepath.Dir(m.TokenFile), 0o700))
	require.NoError(t, os.WriteFile(m.TokenFile, []byte("not json "+clientSecret), 0o600))
	_, err = m.Client(t.Context())
	require.ErrorIs(t, err, ErrNoToken)
	assert.NotContains(t, err.Error(), clientSecret, "the file's text is not quoted")
}

// Zoom retires a refresh token once it is used: each refresh is saved
// before the token is used, the next refresh presents the new refresh
// token (never the old one again), and a later run starts from the last.
func TestRefreshedTokensAreSavedAndTheOldRefreshTokenNotUsedAgain(t *testing.T) {
	f, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	require.NoError(t, m.Exchange(t.Context(), authCode, ""))
	first := readSaved(t, m.TokenFile)

	f.mu.Lock()
	f.expiresIn = 1 // within oauth2's expiry margin: every call refreshes
	f.mu.Unlock()
	// Expire the saved token, as if the run came an hour later.
	expired := first
	expired.Expiry = time.Now().Add(-time.Minute)
	require.NoError(t, m.save(&oauth2.Token{AccessToken: expired.AccessToken, RefreshToken: expired.RefreshToken, TokenType: "bearer", Expiry: expired.Expiry}))

	c, err := m.Client(t.Context())
	require.NoError(t, err)
	var presented []string
	for i := range 3 {
		_, err := c.App(t.Context(), "m1")
		require.NoError(t, err, "call %d", i)
		st := readSaved(t, m.TokenFile)
		f.mu.Lock()
		assert.Equal(t, f.refresh, st.RefreshToken, "call %d: the refresh token Zoom gave last is saved", i)
		assert.Equal(t, f.access, st.AccessToken, "call %d", i)
		presented = append([]string(nil), f.refreshedWith...)
		f.mu.Unlock()
		fi, err := os.Stat(m.TokenFile)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}
	require.Len(t, presented, 3)
	assert.Equal(t, first.RefreshToken, presented[0])
	seen := map[string]bool{}
	for _, rt := range presented {
		assert.False(t, seen[rt], "refresh token %d presented twice", len(seen))
		seen[rt] = true
	}

	// The next run, from the file.
	next, err := m.Client(t.Context())
	require.NoError(t, err)
	_, err = next.App(t.Context(), "m1")
	require.NoError(t, err)
	f.mu.Lock()
	assert.Len(t, f.refreshedWith, 4)
	f.mu.Unlock()
}

// A refresh token Zoom no longer takes: the run is told, in plain words,
// to sign in again, and no token is in the error.
func TestRefusedRefreshSaysRunMakeLogin(t *testing.T) {
	f, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	require.NoError(t, m.Exchange(t.Context(), authCode, ""))
	st := readSaved(t, m.TokenFile)
	require.NoError(t, m.save(&oauth2.Token{AccessToken: st.AccessToken, RefreshToken: st.RefreshToken, Expiry: time.Now().Add(-time.Hour)}))
	f.mu.Lock()
	f.refuseRefresh = true
	f.mu.Unlock()

	c, err := m.Client(t.Context())
	require.NoError(t, err)
	for _, call := range []func() error{
		func() error { _, err := c.App(t.Context(), "m1"); return err },
		func() error { _, err := c.Manifest(t.Context(), "m1"); return err },
		func() error { return c.Delete(t.Context(), "m1") },
	} {
		err := call()
		require.ErrorIs(t, err, ErrTokenRefused)
		assert.True(t, strings.HasPrefix(err.Error(), "the maintenance token was refused: run make login"), "%q", err)
		assert.Contains(t, err.Error(), "invalid_grant")
		assert.True(t, IsUnauthorized(err))
		assertNoSecret(t, f, err)
		t.Log(err)
	}
	f.mu.Lock()
	assert.Zero(t, f.apiCalls, "no call is made without a token")
	f.mu.Unlock()
}

// An access token revoked before it expired (401, code 124) is replaced
// once and the call made again; if Zoom refuses the new one too, the token
// is refused.
func TestCallRefusedWithAFreshTokenSaysRunMakeLogin(t *testing.T) {
	f, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	require.NoError(t, m.Exchange(t.Context(), authCode, ""))
	c, err := m.Client(t.Context())
	require.NoError(t, err)

	// Revoked: the saved access token no longer works, a new one does.
	f.mu.Lock()
	f.access = "revoked"
	f.mu.Unlock()
	_, err = c.App(t.Context(), "m1")
	require.NoError(t, err, "a revoked access token is replaced")
	f.mu.Lock()
	assert.Len(t, f.refreshedWith, 1)
	assert.Equal(t, f.refresh, readSaved(t, m.TokenFile).RefreshToken, "the replacement is saved")
	f.refuseCalls = true
	f.mu.Unlock()

	_, err = c.App(t.Context(), "m1")
	require.ErrorIs(t, err, ErrTokenRefused)
	assert.True(t, strings.HasPrefix(err.Error(), "the maintenance token was refused: run make login"), "%q", err)
	assert.True(t, IsUnauthorized(err))
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, CodeInvalidToken, e.Code)
	assertNoSecret(t, f, err)
	t.Log(err)
	f.mu.Lock()
	assert.Len(t, f.refreshedWith, 2, "one new token per refused call, not a loop")
	f.mu.Unlock()
}

func TestExchangeErrorsHoldNoSecret(t *testing.T) {
	f, srv := newFakeZoom(t)
	m := maintenanceOf(t, srv)
	err := m.Exchange(t.Context(), "wrong-"+authCode, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid_grant")
	assert.NotContains(t, err.Error(), "wrong-")
	assertNoSecret(t, f, err)
	_, statErr := os.Stat(m.TokenFile)
	assert.ErrorIs(t, statErr, os.ErrNotExist, "nothing saved")

	m.ClientSecret = "not-the-" + clientSecret
	err = m.Exchange(t.Context(), authCode, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HTTP 401 invalid_client")
	assert.NotContains(t, err.Error(), m.ClientSecret)
	t.Log(err)
}

func TestCodeFromRedirect(t *testing.T) {
	const state = "s7ate-from-the-harness"
	for _, tc := range []struct {
		name, url string
		code      string
		ok        bool
		err       string
	}{
		{name: "still signing in", url: "https://zoom.us/signin?redirect=x"},
		{name: "the consent page", url: "https://zoom.us/oauth/authorize?client_id=a&redirect_uri=" + url.QueryEscape(redirectURL)},
		{name: "another path on the same host", url: "https://harness.example.test/zoom/maintenance-evil?code=c&state=" + state},
		{name: "another scheme", url: "http://harness.example.test/zoom/maintenance?code=c&state=" + state},
		{name: "not a URL", url: "::"},
		{name: "the code", url: redirectURL + "?code=" + authCode + "&state=" + state, code: authCode, ok: true},
		{name: "default port and a trailing slash", url: "https://HARNESS.example.test:443/zoom/maintenance/?state=" + state + "&code=" + authCode,
			code: authCode, ok: true},
		{name: "a fragment", url: redirectURL + "?code=" + authCode + "&state=" + state + "#/", code: authCode, ok: true},
		{name: "declined", url: redirectURL + "?error=access_denied&error_description=The+user+denied&state=" + state, ok: true,
			err: `error="access_denied" ("The user denied")`},
		{name: "another state", url: redirectURL + "?code=" + authCode + "&state=forged", ok: true, err: "a state other than the one sent"},
		{name: "no state", url: redirectURL + "?code=" + authCode, ok: true, err: "a state other than the one sent"},
		{name: "no code", url: redirectURL + "?state=" + state, ok: true, err: "without a code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, ok, err := CodeFromRedirect(tc.url, redirectURL, state)
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.ok, ok)
			if tc.err == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			assert.NotContains(t, err.Error(), authCode)
		})
	}
	_, _, err := CodeFromRedirect(redirectURL, "/relative", state)
	assert.Error(t, err)
}
