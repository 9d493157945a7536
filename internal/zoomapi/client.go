// Package zoomapi is a small client of Zoom's Marketplace API (the calls the
// harness's flow checks, clean-up and janitor make: read an app, export its
// manifest, delete it), and the maintenance token they are made with
// (token.go).
//
// Errors say the operation and the app ID, never a token: what Zoom answers
// is reported by its HTTP status, its numeric code and its message.
package zoomapi

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// DefaultBaseURL is Zoom's API host.
const DefaultBaseURL = "https://api.zoom.us"

// Zoom's numeric error codes the harness tells apart.
const (
	// CodeNotDraftGeneral (HTTP 404) answers a manifest export of an app
	// that is not a draft General App: "You can only export Draft General
	// app's manifest now".
	CodeNotDraftGeneral = 1500
	// CodeScopeMissing (HTTP 400) answers a token that lacks a scope the
	// endpoint needs: "Invalid access token, does not contain scopes:[…]".
	CodeScopeMissing = 4711
	// CodeInvalidToken (HTTP 401) answers a token Zoom does not take
	// (expired, revoked, malformed).
	CodeInvalidToken = 124
)

// maxBody caps what is read of an answer.
const maxBody = 1 << 20

// Client calls Zoom's Marketplace API.
type Client struct {
	// BaseURL is "https://api.zoom.us" or a stand-in's URL; calls go to
	// BaseURL+"/v2/marketplace/…".
	BaseURL string
	// HTTP carries the bearer token (oauth2.NewClient, or Maintenance.Client).
	// Nil: http.DefaultClient, which carries none.
	HTTP *http.Client

	// reauth, when set (Maintenance.Client), gets a new access token after
	// a 401; the call is then made once more.
	reauth func() error
}

// App is what GET /v2/marketplace/apps/{appId} says of an app.
type App struct {
	ID     string   `json:"app_id"`
	Name   string   `json:"app_name"`
	Type   string   `json:"app_type"`   // "OAuthApp", "General", …
	Status string   `json:"app_status"` // "unpublished", …
	Scopes []string `json:"-"`          // app_scopes
}

// Manifest is a draft General App's manifest, as GET
// /v2/marketplace/apps/{appId}/manifest exports it: the fields the harness
// compares, and the whole manifest object as Zoom sent it (Raw).
type Manifest struct {
	DisplayName            string   // display_information.display_name
	Usage                  string   // oauth_information.usage: "USER_OPERATION", "ADMIN_OPERATION"
	DevelopmentRedirectURI string   // oauth_information.development_redirect_uri
	ProductionRedirectURI  string   // oauth_information.production_redirect_uri
	AllowList              []string // oauth_information.oauth_allow_list
	StrictMode             bool     // oauth_information.strict_mode
	SubdomainStrictMode    bool     // oauth_information.subdomain_strict_mode
	Scopes                 []Scope  // oauth_information.scopes
	ScopeDescription       string   // oauth_information.scope_description
	// Features is the manifest's "features" object, undecoded.
	Features json.RawMessage
	// Raw is the whole "manifest" object.
	Raw json.RawMessage
}

// Scope is one scope of a manifest.
type Scope struct {
	Name     string `json:"scope"`
	Optional bool   `json:"optional"`
}

// ScopeNames lists the manifest's scope names, in its order.
func (m Manifest) ScopeNames() []string {
	names := make([]string, 0, len(m.Scopes))
	for _, s := range m.Scopes {
		names = append(names, s.Name)
	}
	return names
}

// App reads an app: GET /v2/marketplace/apps/{appId} (scope marketplace:read:app).
func (c *Client) App(ctx context.Context, appID string) (App, error) {
	const op = "read app"
	var body struct {
		App
		Scopes []json.RawMessage `json:"app_scopes"`
	}
	if err := c.call(ctx, http.MethodGet, op, appID, "", &body); err != nil {
		return App{}, err
	}
	app := body.App
	for _, raw := range body.Scopes {
		// Zoom documents names; take {"scope": name} too.
		var name string
		if json.Unmarshal(raw, &name) != nil {
			var obj struct {
				Scope string `json:"scope"`
				Name  string `json:"name"`
			}
			if json.Unmarshal(raw, &obj) != nil {
				return App{}, &Error{Op: op, AppID: appID, Status: http.StatusOK, Message: "app_scopes holds neither names nor {scope} objects"}
			}
			name = cmp.Or(obj.Scope, obj.Name)
		}
		app.Scopes = append(app.Scopes, name)
	}
	return app, nil
}

// Manifest exports a draft General App's manifest: GET
// /v2/marketplace/apps/{appId}/manifest (scope marketplace:read:app). Any
// other app is answered 404 code 1500: errors.Is(err, ErrNotDraftGeneral)
// (IsNotFound is true too).
func (c *Client) Manifest(ctx context.Context, appID string) (Manifest, error) {
	const op = "read the manifest of app"
	var body struct {
		Manifest json.RawMessage `json:"manifest"`
	}
	if err := c.call(ctx, http.MethodGet, op, appID, "/manifest", &body); err != nil {
		return Manifest{}, err
	}
	if len(body.Manifest) == 0 || string(body.Manifest) == "null" {
		return Manifest{}, &Error{Op: op, AppID: appID, Status: http.StatusOK, Message: "the answer holds no manifest"}
	}
	var m struct {
		Display struct {
			Name string `json:"display_name"`
		} `json:"display_information"`
		OAuth struct {
			Usage               string   `json:"usage"`
			DevRedirect         string   `json:"development_redirect_uri"`
			ProdRedirect        string   `json:"production_redirect_uri"`
			AllowList           []string `json:"oauth_allow_list"`
			StrictMode          bool     `json:"strict_mode"`
			SubdomainStrictMode bool     `json:"subdomain_strict_mode"`
			Scopes              []Scope  `json:"scopes"`
			ScopeDescription    string   `json:"scope_description"`
		} `json:"oauth_information"`
		Features json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(body.Manifest, &m); err != nil {
		return Manifest{}, &Error{Op: op, AppID: appID, Status: http.StatusOK, Message: "the manifest is not as documented: " + err.Error()}
	}
	return Manifest{
		DisplayName:            m.Display.Name,
		Usage:                  m.OAuth.Usage,
		DevelopmentRedirectURI: m.OAuth.DevRedirect,
		ProductionRedirectURI:  m.OAuth.ProdRedirect,
		AllowList:              m.OAuth.AllowList,
		StrictMode:             m.OAuth.StrictMode,
		SubdomainStrictMode:    m.OAuth.SubdomainStrictMode,
		Scopes:                 m.OAuth.Scopes,
		ScopeDescription:       m.OAuth.ScopeDescription,
		Features:               m.Features,
		Raw:                    body.Manifest,
	}, nil
}

// Delete deletes an app: DELETE /v2/marketplace/apps/{appId} (scope
// marketplace:write:app). Zoom documents 204; the live API answers 200
// with an empty body: both succeed. An app already gone is IsNotFound.
func (c *Client) Delete(ctx context.Context, appID string) error {
	return c.call(ctx, http.MethodDelete, "delete app", appID, "", nil)
}

// call makes one call about appID and decodes a 2xx answer into out (nil:
// the body is not read). DELETE succeeds on 200 or 204 only.
func (c *Client) call(ctx context.Context, method, op, appID, suffix string, out any) error {
	if strings.TrimSpace(appID) == "" {
		// Never /v2/marketplace/apps itself: that is another endpoint.
		return &Error{Op: op, AppID: appID, Message: "no app ID"}
	}
	u := strings.TrimRight(c.BaseURL, "/") + "/v2/marketplace/apps/" + url.PathEscape(appID) + suffix
	resp, err := c.send(ctx, method, u)
	if err == nil && resp.StatusCode == http.StatusUnauthorized && c.reauth != nil {
		// The access token may have been revoked before it expired: get a
		// new one, and try once more.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		_ = resp.Body.Close()
		if rerr := c.reauth(); rerr != nil {
			return opErr(op, appID, rerr)
		}
		resp, err = c.send(ctx, method, u)
		if err == nil && resp.StatusCode == http.StatusUnauthorized {
			apiErr := errorOf(op, appID, resp)
			_ = resp.Body.Close()
			return &refusedError{detail: apiErr}
		}
	}
	if err != nil {
		return opErr(op, appID, err)
	}
	defer func() { _ = resp.Body.Close() }()

	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if method == http.MethodDelete {
		ok = resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent
	}
	if !ok {
		return errorOf(op, appID, resp)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return opErr(op, appID, err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return &Error{Op: op, AppID: appID, Status: resp.StatusCode, Message: "the answer is not JSON: " + snippet(b)}
	}
	return nil
}

func (c *Client) send(ctx context.Context, method, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	return hc.Do(req)
}

// opErr reports a failure that is not an answer of Zoom's (the network, the
// token source). A refused maintenance token keeps its message first.
func opErr(op, appID string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is said by op and app ID
	}
	if errors.Is(err, ErrTokenRefused) {
		return fmt.Errorf("%w (%s %q)", err, op, appID)
	}
	return fmt.Errorf("zoomapi: %s %q: %w", op, appID, scrubErr{err})
}

// errorOf reads Zoom's {code, message} error answer.
func errorOf(op, appID string, resp *http.Response) *Error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	e := &Error{Op: op, AppID: appID, Status: resp.StatusCode}
	var body struct {
		Code    json.Number `json:"code"`
		Message string      `json:"message"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&body) == nil {
		if n, err := body.Code.Int64(); err == nil {
			e.Code = int(n)
		}
		e.Message = scrub(body.Message)
	}
	if e.Message == "" && e.Code == 0 {
		e.Message = snippet(b)
	}
	return e
}

// Error is an answer of Zoom's that is not a success, or one that is not
// as documented.
type Error struct {
	Op      string // "read app", "read the manifest of app", "delete app"
	AppID   string
	Status  int    // HTTP status; 0 if no call was made
	Code    int    // Zoom's numeric code (0: none)
	Message string // Zoom's message (secrets scrubbed)
}

func (e *Error) Error() string {
	s := fmt.Sprintf("zoomapi: %s %q", e.Op, e.AppID)
	if e.Status != 0 {
		s += fmt.Sprintf(": HTTP %d", e.Status)
	}
	if e.Code != 0 {
		s += fmt.Sprintf(" (code %d)", e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Is makes errors.Is(err, ErrNotDraftGeneral) true for code 1500.
func (e *Error) Is(target error) bool {
	return target == ErrNotDraftGeneral && e.Status == http.StatusNotFound && e.Code == CodeNotDraftGeneral
}

// ErrNotDraftGeneral: the app is there, but its manifest cannot be
// exported (it is not a draft General App: a classic OAuth app, or a
// published one). Test it with errors.Is.
var ErrNotDraftGeneral = errors.New("zoomapi: only a draft General App's manifest can be exported")

// IsNotFound says whether Zoom answered 404: the app is not there ("App not
// found"), or, for a manifest export, it is not a draft General App (code
// 1500; errors.Is(err, ErrNotDraftGeneral) tells that one apart).
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsScopeMissing says whether Zoom refused the token for lacking a scope
// the call needs (HTTP 400, code 4711).
func IsScopeMissing(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == CodeScopeMissing
}

// IsUnauthorized says whether Zoom refused the token (HTTP 401, e.g. code
// 124), or the maintenance token was refused altogether (ErrTokenRefused).
func IsUnauthorized(err error) bool {
	return statusOf(err) == http.StatusUnauthorized || errors.Is(err, ErrTokenRefused)
}

func statusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// jwtLike matches what Zoom's tokens look like (eyJ….….…), and bearer
// values: should an answer ever echo one, it is not repeated.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}(\.[A-Za-z0-9_-]*){0,2}|(?i:bearer)\s+[A-Za-z0-9._~+/=-]{8,}`)

func scrub(s string) string { return jwtLike.ReplaceAllString(s, "[token]") }

// scrubErr passes an error on with its text scrubbed.
type scrubErr struct{ err error }

func (s scrubErr) Error() string { return scrub(s.err.Error()) }
func (s scrubErr) Unwrap() error { return s.err }

// snippet is a short, one-line, scrubbed quote of a body that is not what
// was expected.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return scrub(s)
}
