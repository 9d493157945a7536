package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	apiSecret   = "Maint-Client-Secret-77"
	apiRedirect = "https://harness.corp.test/zoom/maintenance"
)

func TestAPIFromEnv(t *testing.T) {
	dir := t.TempDir()
	session := filepath.Join(dir, ".zoom-session.json")
	if err := os.WriteFile(session, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(dir, "shared.api-token.json")
	if err := os.WriteFile(shared, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	private := filepath.Join(dir, "private.api-token.json")
	if err := os.WriteFile(private, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	sandbox := map[string]string{
		"E2E_TARGET":           "sandbox",
		"ZOOM_WEB_URL":         "https://zoom.us",
		"ZOOM_MARKETPLACE_URL": "https://marketplace.zoom.us",
		"ZOOM_EMAIL":           "me@corp.test",
		"LEARNINGSPACE_URL":    "https://ls.corp.test",
		"ZOOM_ACCOUNT_NUMBER":  "1234567890",
		"E2E_SESSION_FILE":     session,
	}
	maint := map[string]string{"ZOOM_API_CLIENT_ID": "maintId42", "ZOOM_API_CLIENT_SECRET": apiSecret, "ZOOM_API_REDIRECT_URL": apiRedirect}
	merge := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	kv := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	off := func(c Config) error { return expect(c.API == API{} && !c.API.Enabled(), "%#v", c.API) }

	runEnvCases(t, []envCase{
		{name: "off by default", env: nil, check: off},
		{name: "off in sandbox", env: sandbox, check: off},
		{name: "token file and API URL alone are not read", env: merge(sandbox, kv("E2E_API_TOKEN_FILE", shared, "ZOOM_API_URL", "not a url")),
			check: off},
		{name: "sandbox: the API host by default, the token file beside the session", env: merge(sandbox, maint),
			check: func(c Config) error {
				want := API{URL: "https://api.zoom.us", ClientID: "maintId42", ClientSecret: apiSecret, RedirectURL: apiRedirect,
					TokenFile: filepath.Join(dir, ".zoom-session.api-token.json")}
				return expect(c.API == want && c.API.Enabled(), "%+v", c.API)
			}},
		{name: "sandbox: another API host, a token file of its own", env: merge(sandbox, maint,
			kv("ZOOM_API_URL", "https://api.zoomgov.com", "E2E_API_TOKEN_FILE", private)),
			check: func(c Config) error {
				return expect(c.API.URL == "https://api.zoomgov.com" && c.API.TokenFile == private, "%+v", c.API)
			}},
		{name: "sandbox: a token file not there yet (make login writes it)", env: merge(sandbox, maint,
			kv("E2E_API_TOKEN_FILE", filepath.Join(dir, "later.json"))),
			check: func(c Config) error { return expect(c.API.TokenFile == filepath.Join(dir, "later.json"), "%+v", c.API) }},
		{name: "sim: the stand-in's URL, not ZOOM_API_URL", env: merge(maint, kv("ZOOM_API_URL", "not a url", "E2E_API_TOKEN_FILE", private)),
			check: func(c Config) error {
				return expect(c.API.URL == "" && c.API.ClientID == "maintId42" && c.API.TokenFile == private, "%+v", c.API)
			}},

		{name: "client ID alone", env: merge(sandbox, kv("ZOOM_API_CLIENT_ID", "maintId42")),
			wantErr: []string{"ZOOM_API_CLIENT_SECRET: required when ZOOM_API_CLIENT_ID is set",
				`ZOOM_API_REDIRECT_URL="": required when ZOOM_API_CLIENT_ID is set`, "unset them all to run without"}},
		{name: "secret alone", env: merge(sandbox, kv("ZOOM_API_CLIENT_SECRET", apiSecret)),
			wantErr: []string{`ZOOM_API_CLIENT_ID="": required when ZOOM_API_CLIENT_SECRET is set`}},
		{name: "redirect URL alone", env: merge(sandbox, kv("ZOOM_API_REDIRECT_URL", apiRedirect)),
			wantErr: []string{`ZOOM_API_CLIENT_ID="": required when ZOOM_API_REDIRECT_URL is set`}},
		{name: "no redirect URL", env: merge(sandbox, kv("ZOOM_API_CLIENT_ID", "maintId42", "ZOOM_API_CLIENT_SECRET", apiSecret)),
			wantErr: []string{`ZOOM_API_REDIRECT_URL="": required when ZOOM_API_CLIENT_ID is set: the maintenance app's registered redirect URL`}},
		{name: "no secret, in sim too", env: kv("ZOOM_API_CLIENT_ID", "maintId42", "ZOOM_API_REDIRECT_URL", apiRedirect, "E2E_API_TOKEN_FILE", private),
			wantErr: []string{"config: ZOOM_API_CLIENT_SECRET: required when ZOOM_API_CLIENT_ID is set"}},
		{name: "redirect URL not a URL", env: merge(sandbox, maint, kv("ZOOM_API_REDIRECT_URL", "harness/zoom")),
			wantErr: []string{`ZOOM_API_REDIRECT_URL="harness/zoom": not an absolute http(s) URL`}},
		{name: "API URL not a URL", env: merge(sandbox, maint, kv("ZOOM_API_URL", "api.zoom.us")),
			wantErr: []string{`ZOOM_API_URL="api.zoom.us": not an absolute http(s) URL`}},
		{name: "no session file to put the token beside", env: merge(maint),
			wantErr: []string{`E2E_API_TOKEN_FILE="": required when ZOOM_API_CLIENT_ID is set and E2E_SESSION_FILE is not`}},
		{name: "token file others can read", env: merge(sandbox, maint, kv("E2E_API_TOKEN_FILE", shared)),
			wantErr: []string{"E2E_API_TOKEN_FILE=", "mode 0644 lets others read a live maintenance token: chmod 600 it"}},
		{name: "token file a directory", env: merge(sandbox, maint, kv("E2E_API_TOKEN_FILE", dir)),
			wantErr: []string{"E2E_API_TOKEN_FILE=", "not a regular file"}},
	}, apiSecret)
}

func TestTokenFileBeside(t *testing.T) {
	for in, want := range map[string]string{
		".zoom-session.json":           ".zoom-session.api-token.json",
		"/var/lib/e2e/zoom.json":       "/var/lib/e2e/zoom.api-token.json",
		"state/session":                "state/session.api-token.json",
		"/x/.session":                  "/x/.session.api-token.json",
		"/x/my.session.json":           "/x/my.session.api-token.json",
		filepath.Join("a", "b.cookie"): filepath.Join("a", "b.api-token.json"),
	} {
		if got := TokenFileBeside(in); got != want {
			t.Errorf("TokenFileBeside(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAPIStringMasksTheSecret(t *testing.T) {
	a := API{URL: "https://api.zoom.us", ClientID: "maintId42", ClientSecret: apiSecret, RedirectURL: apiRedirect, TokenFile: "/x/t.json"}
	c := Config{Target: TargetSandbox, API: a}
	for _, s := range []string{a.String(), fmt.Sprintf("%v", a), fmt.Sprintf("%+v", a), fmt.Sprintf("%#v", a),
		c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		if strings.Contains(s, apiSecret) {
			t.Errorf("the client secret is in %s", s)
		}
		if !strings.Contains(s, `client_id="maintId42"`) || !strings.Contains(s, `client_secret="***"`) || !strings.Contains(s, "/x/t.json") {
			t.Errorf("the API settings are not described: %s", s)
		}
	}
}

func TestEnvExampleDocumentsTheMaintenanceApp(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, ok := moduleRoot(wd)
	if !ok {
		t.Fatal("no module root above", wd)
	}
	body, err := os.ReadFile(filepath.Join(root, ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	nightly := string(body)
	if i := strings.Index(nightly, "--- nightly"); i >= 0 {
		nightly = nightly[i:]
	}
	if i := strings.Index(nightly, "--- stand-ins"); i >= 0 {
		nightly = nightly[:i]
	}
	for _, name := range []string{EnvZoomAPIURL, EnvZoomAPIClientID, EnvZoomAPIClientSecret, EnvZoomAPIRedirectURL, EnvAPITokenFile} {
		if !strings.Contains(nightly, name+"=") {
			t.Errorf(".env.example does not document %s in its nightly section", name)
		}
	}
}

func TestAPIMaintenanceCarriesEveryField(t *testing.T) {
	a := API{URL: "https://api.zoom.us", ClientID: "id", ClientSecret: "s", RedirectURL: "https://h.example/cb", TokenFile: "/t.json"}
	m := a.Maintenance("https://zoom.us")
	if m.ClientID != "id" || m.ClientSecret != "s" || m.RedirectURL != "https://h.example/cb" || m.WebURL != "https://zoom.us" ||
		m.APIURL != "https://api.zoom.us" || m.TokenFile != "/t.json" {
		t.Fatalf("%+v", m)
	}
}
