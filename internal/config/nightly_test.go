package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sandboxEnv(kv ...string) func(string) string {
	m := map[string]string{
		"E2E_TARGET": "sandbox", "ZOOM_WEB_URL": "https://zoom.us", "ZOOM_MARKETPLACE_URL": "https://marketplace.zoom.us",
		"ZOOM_EMAIL": "qa@corp.test", "LEARNINGSPACE_URL": "https://ls.corp.test", "ZOOM_ACCOUNT_NUMBER": "1234567890",
	}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestSandboxSignInAndAccountGuard(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "session.json")
	wide := filepath.Join(dir, "wide.json")
	for _, f := range []struct {
		path string
		mode os.FileMode
	}{{good, 0o600}, {wide, 0o644}} {
		if err := os.WriteFile(f.path, []byte("{}"), f.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(f.path, f.mode); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	cases := []struct {
		name    string
		env     func(string) string
		wantErr []string // "" for none
	}{
		{"password, no session file", sandboxEnv("ZOOM_PASSWORD", "Real-Pass-1"), nil},
		{"session file, no password", sandboxEnv("E2E_SESSION_FILE", good), nil},
		{"neither", sandboxEnv(), []string{"ZOOM_PASSWORD: required when E2E_TARGET=sandbox and E2E_SESSION_FILE is not set", "make login"}},
		{"no account number", sandboxEnv("E2E_SESSION_FILE", good, "ZOOM_ACCOUNT_NUMBER", ""),
			[]string{`ZOOM_ACCOUNT_NUMBER="": required when E2E_TARGET=sandbox`}},
		{"account number with dashes", sandboxEnv("E2E_SESSION_FILE", good, "ZOOM_ACCOUNT_NUMBER", "123-456-7890"),
			[]string{`ZOOM_ACCOUNT_NUMBER="123-456-7890": must be the Account No. as digits only`}},
		{"missing session file", sandboxEnv("E2E_SESSION_FILE", filepath.Join(dir, "nope.json")),
			[]string{`E2E_SESSION_FILE=`, "no such file: run make login"}},
		{"session file others can read", sandboxEnv("E2E_SESSION_FILE", wide), []string{"mode 0644", "chmod 600"}},
		{"session file a directory", sandboxEnv("E2E_SESSION_FILE", dir), []string{"not a regular file"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := FromEnv(c.env)
			if len(c.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if cfg.AccountNo != "1234567890" {
					t.Errorf("AccountNo = %q", cfg.AccountNo)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", c.wantErr)
			}
			for _, w := range c.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestSimNeedsNoAccountNumber(t *testing.T) {
	c, err := FromEnv(func(string) string { return "" })
	if err != nil || c.AccountNo != "" {
		t.Fatalf("sim: %v, AccountNo %q", err, c.AccountNo)
	}
}

func TestRunIDTime(t *testing.T) {
	now := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		id   string
		want time.Time
		ok   bool
	}{
		{"r0102-093015-ab12", time.Date(2026, 1, 2, 9, 30, 15, 0, time.UTC), true},
		{"r1231-235959-0000", time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC), true}, // last year: no year in the ID
		{"r0102-100030-ab12", time.Date(2026, 1, 2, 10, 0, 30, 0, time.UTC), true},    // within a minute ahead: clocks apart
		{"r0102-110000-ab12", time.Date(2025, 1, 2, 11, 0, 0, 0, time.UTC), true},     // an hour ahead: last year's
		{"nightly-7", time.Time{}, false},
		{"r1399-000000-ab12", time.Time{}, false},
	}
	for _, c := range cases {
		got, ok := RunIDTime(c.id, now)
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("RunIDTime(%q) = %v, %v; want %v, %v", c.id, got, ok, c.want, c.ok)
		}
	}
	if _, ok := RunIDTime(NewRunID(), time.Now()); !ok {
		t.Error("a fresh NewRunID is not read back")
	}
}

func TestRunIDIn(t *testing.T) {
	if id, ok := RunIDIn("CAE LearningSpace e2e r0102-093015-ab12 3f0c", "CAE LearningSpace e2e"); !ok || id != "r0102-093015-ab12" {
		t.Errorf("got %q, %v", id, ok)
	}
	if _, ok := RunIDIn("CAE LearningSpace e2ex r1", "CAE LearningSpace e2e"); ok {
		t.Error("a name that only starts like the prefix has no run ID")
	}
}

func TestLoginFromEnv(t *testing.T) {
	dir := t.TempDir()
	l, err := LoginFromEnv(func(k string) string {
		return map[string]string{"ZOOM_WEB_URL": "https://zoom.us", "E2E_SESSION_FILE": filepath.Join(dir, "s.json")}[k]
	})
	if err != nil || l.SessionFile != filepath.Join(dir, "s.json") {
		t.Fatalf("%+v, %v", l, err)
	}
	_, err = LoginFromEnv(func(k string) string {
		return map[string]string{"E2E_SESSION_FILE": filepath.Join(dir, "no", "s.json")}[k]
	})
	for _, w := range []string{`ZOOM_WEB_URL="": required`, `its directory does not exist`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not say %q", err, w)
		}
	}
}

// make login authorizes the maintenance app when it is configured, and
// saves its token beside the session; half a configuration is refused.
func TestLoginReadsTheMaintenanceApp(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ZOOM_WEB_URL": "https://zoom.us", "E2E_SESSION_FILE": filepath.Join(dir, "s.json")}
	l, err := LoginFromEnv(func(k string) string { return env[k] })
	if err != nil || l.API.Enabled() {
		t.Fatalf("none set: maintenance off; %+v, %v", l.API, err)
	}
	env[EnvZoomAPIClientID], env[EnvZoomAPIClientSecret] = "cid", "csecret"
	env[EnvZoomAPIRedirectURL] = "https://harness.example.com/zoom/maintenance"
	l, err = LoginFromEnv(func(k string) string { return env[k] })
	if err != nil || !l.API.Enabled() || l.API.TokenFile != filepath.Join(dir, "s.api-token.json") || l.API.URL != DefaultZoomAPIURL {
		t.Fatalf("all set: %+v, %v", l.API, err)
	}
	delete(env, EnvZoomAPIClientSecret)
	_, err = LoginFromEnv(func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), EnvZoomAPIClientSecret) {
		t.Fatalf("a missing secret must be named: %v", err)
	}
}
