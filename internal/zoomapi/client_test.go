package zoomapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// testToken is JWT-shaped, as Zoom's are.
const testToken = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJtYWludGVuYW5jZSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"

// The answers of the live API (docs/spec zoom-setup.md, "Zoom's Marketplace API").
const (
	appBody = `{"app_id":"aB3dE5fG7h","app_name":"CAE LearningSpace e2e r1127-093015-ab12 3f0c","app_type":"OAuthApp",
		"app_status":"unpublished","app_scopes":["user:read:user","meeting:write:meeting"],"created_at":"2026-11-27T09:30:15Z"}`
	manifestBody = `{"manifest":{"display_information":{"display_name":"CAE LearningSpace"},
		"oauth_information":{"usage":"USER_OPERATION","development_redirect_uri":"https://ls.example.test/zoom/callback",
		"production_redirect_uri":"","oauth_allow_list":["https://ls.example.test/zoom/callback","https://ls.example.test"],
		"strict_mode":false,"subdomain_strict_mode":true,
		"scopes":[{"scope":"user:read:user","optional":false},{"scope":"cloud_recording:read:list_user_recordings","optional":true}],
		"scope_description":"LearningSpace schedules meetings"},
		"features":{"products":[]},"an_unknown_key":1}}`
	notFoundBody     = `{"code":3001,"message":"App not found"}`
	notDraftBody     = `{"code":1500,"message":"You can only export Draft General app's manifest now"}`
	scopeMissingBody = `{"code":4711,"message":"Invalid access token, does not contain scopes:[marketplace:write:app]"}`
	invalidTokenBody = `{"code":124,"message":"Invalid access token."}`
	noPermissionBody = `{"code":403,"message":"User not have permission to delete app"}`
)

// answer is one canned answer of the fake API.
type answer struct {
	status int
	body   string
}

// fakeAPI answers each "METHOD /path" with its canned answer, after
// checking the bearer token; it records the requests it got.
type fakeAPI struct {
	answers map[string]answer
	got     []string
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Method + " " + r.URL.EscapedPath()
	f.got = append(f.got, key)
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, invalidTokenBody)
		return
	}
	a, ok := f.answers[key]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, notFoundBody)
		return
	}
	if a.body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

// clientOf starts the fake API with answers, and a client with the token.
func clientOf(t *testing.T, answers map[string]answer) (*Client, *fakeAPI) {
	t.Helper()
	f := &fakeAPI{answers: answers}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	hc := oauth2.NewClient(context.WithValue(t.Context(), oauth2.HTTPClient, srv.Client()),
		oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken, TokenType: "bearer"}))
	return &Client{BaseURL: srv.URL + "/", HTTP: hc}, f
}

func TestApp(t *testing.T) {
	c, f := clientOf(t, map[string]answer{"GET /v2/marketplace/apps/aB3dE5fG7h": {200, appBody}})
	app, err := c.App(t.Context(), "aB3dE5fG7h")
	require.NoError(t, err)
	assert.Equal(t, App{ID: "aB3dE5fG7h", Name: "CAE LearningSpace e2e r1127-093015-ab12 3f0c", Type: "OAuthApp",
		Status: "unpublished", Scopes: []string{"user:read:user", "meeting:write:meeting"}}, app)
	assert.Equal(t, []string{"GET /v2/marketplace/apps/aB3dE5fG7h"}, f.got)
}

func TestAppScopesAsObjects(t *testing.T) {
	c, _ := clientOf(t, map[string]answer{"GET /v2/marketplace/apps/x1": {200,
		`{"app_id":"x1","app_scopes":[{"scope":"user:read:user"},"meeting:write:meeting"]}`}})
	app, err := c.App(t.Context(), "x1")
	require.NoError(t, err)
	assert.Equal(t, []string{"user:read:user", "meeting:write:meeting"}, app.Scopes)
}

func TestAppNotFound(t *testing.T) {
	c, _ := clientOf(t, nil)
	_, err := c.App(t.Context(), "gone1")
	require.Error(t, err)
	assert.True(t, IsNotFound(err), "%v", err)
	assert.False(t, errors.Is(err, ErrNotDraftGeneral), "an app that is not there is not ErrNotDraftGeneral: %v", err)
	assert.False(t, IsUnauthorized(err) || IsScopeMissing(err), "%v", err)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, Error{Op: "read app", AppID: "gone1", Status: 404, Code: 3001, Message: "App not found"}, *e)
	assert.Equal(t, `zoomapi: read app "gone1": HTTP 404 (code 3001): App not found`, err.Error())
}

func TestAppIDIsEscapedAndRequired(t *testing.T) {
	c, f := clientOf(t, nil)
	_, err := c.App(t.Context(), "a/b?c")
	assert.True(t, IsNotFound(err), "%v", err)
	assert.Equal(t, []string{"GET /v2/marketplace/apps/a%2Fb%3Fc"}, f.got)

	f.got = nil
	require.Error(t, c.Delete(t.Context(), " "))
	_, err = c.Manifest(t.Context(), "")
	require.Error(t, err)
	assert.Empty(t, f.got, "no call without an app ID (DELETE /v2/marketplace/apps/ is no app)")
}

func TestManifest(t *testing.T) {
	c, f := clientOf(t, map[string]answer{"GET /v2/marketplace/apps/g1/manifest": {200, manifestBody}})
	m, err := c.Manifest(t.Context(), "g1")
	require.NoError(t, err)
	assert.Equal(t, []string{"GET /v2/marketplace/apps/g1/manifest"}, f.got)
	assert.Equal(t, "CAE LearningSpace", m.DisplayName)
	assert.Equal(t, "USER_OPERATION", m.Usage)
	assert.Equal(t, "https://ls.example.test/zoom/callback", m.DevelopmentRedirectURI)
	assert.Empty(t, m.ProductionRedirectURI)
	assert.Equal(t, []string{"https://ls.example.test/zoom/callback", "https://ls.example.test"}, m.AllowList)
	assert.False(t, m.StrictMode)
	assert.True(t, m.SubdomainStrictMode)
	assert.Equal(t, []Scope{{Name: "user:read:user"}, {Name: "cloud_recording:read:list_user_recordings", Optional: true}}, m.Scopes)
	assert.Equal(t, []string{"user:read:user", "cloud_recording:read:list_user_recordings"}, m.ScopeNames())
	assert.Equal(t, "LearningSpace schedules meetings", m.ScopeDescription)
	assert.JSONEq(t, `{"products":[]}`, string(m.Features))
	assert.Contains(t, string(m.Raw), `"an_unknown_key":1`, "Raw is the manifest as sent")
	assert.True(t, strings.HasPrefix(string(m.Raw), `{"display_information"`), "Raw is the manifest object: %s", m.Raw)
}

func TestManifestOfAnAppNotADraftGeneralApp(t *testing.T) {
	c, _ := clientOf(t, map[string]answer{"GET /v2/marketplace/apps/c1/manifest": {404, notDraftBody}})
	_, err := c.Manifest(t.Context(), "c1")
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrNotDraftGeneral), "%v", err)
	assert.True(t, IsNotFound(err), "%v", err)
	assert.Contains(t, err.Error(), `read the manifest of app "c1": HTTP 404 (code 1500): You can only export Draft General app's manifest now`)
}

func TestManifestAnswerWithoutAManifest(t *testing.T) {
	c, _ := clientOf(t, map[string]answer{"GET /v2/marketplace/apps/g1/manifest": {200, `{}`}})
	_, err := c.Manifest(t.Context(), "g1")
	assert.ErrorContains(t, err, "holds no manifest")
}

func TestDelete(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    answer
	}{
		{"200 with an empty body, as the live API", answer{200, ""}},
		{"204, as documented", answer{204, ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, f := clientOf(t, map[string]answer{"DELETE /v2/marketplace/apps/d1": tc.a})
			require.NoError(t, c.Delete(t.Context(), "d1"))
			assert.Equal(t, []string{"DELETE /v2/marketplace/apps/d1"}, f.got)
		})
	}
	t.Run("202 is not documented", func(t *testing.T) {
		c, _ := clientOf(t, map[string]answer{"DELETE /v2/marketplace/apps/d1": {202, ""}})
		assert.Error(t, c.Delete(t.Context(), "d1"))
	})
	t.Run("not found", func(t *testing.T) {
		c, _ := clientOf(t, nil)
		err := c.Delete(t.Context(), "d1")
		assert.True(t, IsNotFound(err), "%v", err)
		assert.Equal(t, `zoomapi: delete app "d1": HTTP 404 (code 3001): App not found`, err.Error())
	})
	t.Run("no permission", func(t *testing.T) {
		c, _ := clientOf(t, map[string]answer{"DELETE /v2/marketplace/apps/d1": {403, noPermissionBody}})
		err := c.Delete(t.Context(), "d1")
		require.Error(t, err)
		assert.False(t, IsNotFound(err) || IsUnauthorized(err) || IsScopeMissing(err), "%v", err)
		assert.Contains(t, err.Error(), "HTTP 403 (code 403): User not have permission to delete app")
	})
}

func TestScopeMissing(t *testing.T) {
	c, _ := clientOf(t, map[string]answer{"DELETE /v2/marketplace/apps/d1": {400, scopeMissingBody}})
	err := c.Delete(t.Context(), "d1")
	assert.True(t, IsScopeMissing(err), "%v", err)
	assert.False(t, IsNotFound(err) || IsUnauthorized(err), "%v", err)
	assert.Contains(t, err.Error(), "code 4711")
}

func TestUnauthorized(t *testing.T) {
	c, _ := clientOf(t, nil)
	c.HTTP = http.DefaultClient // no token
	_, err := c.App(t.Context(), "aB3dE5fG7h")
	assert.True(t, IsUnauthorized(err), "%v", err)
	assert.False(t, IsNotFound(err) || IsScopeMissing(err), "%v", err)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, 124, e.Code)
	assert.False(t, errors.Is(err, ErrTokenRefused), "a client without a maintenance token has none refused")
}

// Should Zoom or a proxy ever echo the request's token in an error
// answer, JSON or not, the error does not repeat it.
func TestErrorsNeverHoldTheToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		if strings.HasSuffix(r.URL.Path, "/json") {
			_, _ = io.WriteString(w, `{"code":999,"message":"bad token `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"}`)
			return
		}
		_, _ = io.WriteString(w, "<html>upstream said: Authorization: "+r.Header.Get("Authorization")+"</html>")
	}))
	defer srv.Close()
	hc := oauth2.NewClient(t.Context(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken}))
	c := &Client{BaseURL: srv.URL, HTTP: hc}
	for _, id := range []string{"html", "json"} {
		_, err := c.App(t.Context(), id)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), testToken)
		assert.NotContains(t, err.Error(), testToken[:20])
		assert.Contains(t, err.Error(), "HTTP 502")
		t.Log(err)
	}
}

func TestAnswerThatIsNotJSON(t *testing.T) {
	c, _ := clientOf(t, map[string]answer{"GET /v2/marketplace/apps/x1": {200, "<html>maintenance</html>"}})
	_, err := c.App(t.Context(), "x1")
	assert.ErrorContains(t, err, `read app "x1": HTTP 200: the answer is not JSON: <html>maintenance</html>`)
}
