package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"lszoom/internal/zoomapi"
)

// The maintenance app: a General App made once by hand in the account
// (scopes marketplace:read:app, marketplace:write:app), authorized by the
// account owner through `make login`, whose token the harness calls Zoom's
// Marketplace API with (flow checks, clean-up, the janitor; see
// internal/zoomapi). Optional: with none of its variables set, maintenance
// is off.
const (
	// EnvZoomAPIURL is the API host (sandbox; default DefaultZoomAPIURL),
	// read when maintenance is on. In sim the stand-in's URL is used and
	// this is ignored.
	EnvZoomAPIURL = "ZOOM_API_URL"
	// EnvZoomAPIClientID and EnvZoomAPIClientSecret are the maintenance
	// app's credentials (the secret is masked everywhere).
	EnvZoomAPIClientID     = "ZOOM_API_CLIENT_ID"
	EnvZoomAPIClientSecret = "ZOOM_API_CLIENT_SECRET"
	// EnvZoomAPIRedirectURL is the maintenance app's registered redirect
	// URL: required with the client ID.
	EnvZoomAPIRedirectURL = "ZOOM_API_REDIRECT_URL"
	// EnvAPITokenFile is where the maintenance token is kept (mode 0600;
	// never in an artifact or a log). Default: beside E2E_SESSION_FILE,
	// its name with .api-token.json for its extension.
	EnvAPITokenFile = "E2E_API_TOKEN_FILE"

	// DefaultZoomAPIURL is Zoom's API host.
	DefaultZoomAPIURL = "https://api.zoom.us"

	apiTokenSuffix         = ".api-token.json"
	apiTokenFileExample    = ".zoom-session" + apiTokenSuffix
	apiRedirectURLExample  = "https://harness.example.com/zoom/maintenance"
	apiVariablesTogetherOf = EnvZoomAPIClientID + ", " + EnvZoomAPIClientSecret + " and " + EnvZoomAPIRedirectURL
)

// API is the maintenance app's configuration (Config.API). The zero value
// is maintenance off.
type API struct {
	// URL (ZOOM_API_URL) is the API host in sandbox; "" in sim, where the
	// stand-in's URL is used.
	URL string
	// ClientID (ZOOM_API_CLIENT_ID), ClientSecret (ZOOM_API_CLIENT_SECRET)
	// and RedirectURL (ZOOM_API_REDIRECT_URL): all set, or none.
	ClientID, ClientSecret, RedirectURL string
	// TokenFile (E2E_API_TOKEN_FILE) is where the token is saved; set
	// whenever maintenance is on.
	TokenFile string
}

// Enabled says whether the maintenance app is configured.
func (a API) Enabled() bool { return a.ClientID != "" }

// String describes a for logs, the client secret masked.
func (a API) String() string {
	secret := ""
	if a.ClientSecret != "" {
		secret = maskedValue
	}
	return fmt.Sprintf("api{url=%q client_id=%q client_secret=%q redirect_url=%q token_file=%q}",
		maskURL(a.URL), a.ClientID, secret, maskURL(a.RedirectURL), a.TokenFile)
}

// GoString keeps %#v from printing the secret.
func (a API) GoString() string { return a.String() }

// TokenFileBeside is the default maintenance token file of a session file:
// the same directory and name, with .api-token.json for its extension
// (.zoom-session.json: .zoom-session.api-token.json).
func TokenFileBeside(sessionFile string) string {
	dir, name := filepath.Split(sessionFile)
	if ext := filepath.Ext(name); ext != "" && ext != name {
		name = strings.TrimSuffix(name, ext)
	}
	return dir + name + apiTokenSuffix
}

// apiSettings reads the maintenance app's variables into c.API; bad and
// badSecret report each problem. The client ID, secret and redirect URL
// come together: part of them is a mistake, said at load, before any
// browser starts.
func apiSettings(c *Config, get func(string) string, bad func(name, value, msg string), badSecret func(name, msg string)) {
	a := API{
		ClientID:     get(EnvZoomAPIClientID),
		ClientSecret: get(EnvZoomAPIClientSecret),
		RedirectURL:  get(EnvZoomAPIRedirectURL),
	}
	if a.ClientID == "" && a.ClientSecret == "" && a.RedirectURL == "" {
		// Maintenance off: nothing reads ZOOM_API_URL or the token file.
		c.API = API{}
		return
	}
	if c.Target == TargetSandbox {
		a.URL = orDefault(get(EnvZoomAPIURL), DefaultZoomAPIURL)
		if msg := checkURL(a.URL); msg != "" {
			bad(EnvZoomAPIURL, maskURL(a.URL), msg+" (example: "+DefaultZoomAPIURL+"; unset it for that)")
		}
	}
	const together = "the maintenance app's variables come together (" + apiVariablesTogetherOf +
		"): set the others, or unset them all to run without"
	if a.ClientID == "" {
		which := EnvZoomAPIClientSecret
		if a.RedirectURL != "" {
			which = EnvZoomAPIRedirectURL
		}
		bad(EnvZoomAPIClientID, "", "required when "+which+" is set: "+together)
	}
	if a.ClientID != "" && a.ClientSecret == "" {
		badSecret(EnvZoomAPIClientSecret, "required when "+EnvZoomAPIClientID+" is set (the maintenance app's Client Secret): "+together)
	}
	switch msg := checkURL(a.RedirectURL); {
	case a.RedirectURL == "" && a.ClientID != "":
		bad(EnvZoomAPIRedirectURL, "", "required when "+EnvZoomAPIClientID+" is set: the maintenance app's registered redirect URL "+
			"(example: "+apiRedirectURLExample+")")
	case a.RedirectURL != "" && msg != "":
		bad(EnvZoomAPIRedirectURL, maskURL(a.RedirectURL), "not an absolute http(s) URL: the maintenance app's registered redirect URL "+
			"(example: "+apiRedirectURLExample+")")
	}

	a.TokenFile = get(EnvAPITokenFile)
	if a.TokenFile == "" && c.SessionFile != "" {
		a.TokenFile = TokenFileBeside(c.SessionFile)
	}
	switch {
	case a.TokenFile == "" && a.ClientID != "":
		bad(EnvAPITokenFile, "", "required when "+EnvZoomAPIClientID+" is set and "+EnvSessionFile+
			" is not (example: "+apiTokenFileExample+"; make login saves the token there)")
	case a.TokenFile != "":
		// Not there yet is fine: make login writes it, and a run without
		// it is told so. There, it must be the owner's only.
		if msg := checkTokenFile(a.TokenFile); msg != "" {
			bad(EnvAPITokenFile, a.TokenFile, msg)
		}
	}
	c.API = a
}

// checkTokenFile returns why an existing token file cannot be used, or "".
func checkTokenFile(path string) string {
	msg := checkSessionFile(path)
	switch {
	case msg == "", strings.HasPrefix(msg, "no such file"):
		return ""
	case strings.HasPrefix(msg, "mode "):
		return strings.Replace(msg, "a live Zoom sign-in", "a live maintenance token", 1)
	}
	return msg
}

// Maintenance is the maintenance app as internal/zoomapi takes it, with
// webURL (ZOOM_WEB_URL) for Zoom's OAuth host.
func (a API) Maintenance(webURL string) zoomapi.Maintenance {
	return zoomapi.Maintenance{ClientID: a.ClientID, ClientSecret: a.ClientSecret, RedirectURL: a.RedirectURL,
		WebURL: webURL, APIURL: a.URL, TokenFile: a.TokenFile}
}
