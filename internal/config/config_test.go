package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/joho/godotenv"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnvDefaults(t *testing.T) {
	c, err := FromEnv(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Target:          TargetSim,
		ZoomEmail:       "owner@example.test",
		ZoomPassword:    "Sim-Owner-Pass-1",
		LSAdminUser:     "admin",
		LSAdminPassword: "Sim-LS-Admin-1",
		StepTimeout:     10 * time.Second,
		ArtifactsDir:    "artifacts",
	}
	if c != want {
		t.Fatalf("got %#v\nwant %#v", c, want)
	}
}

func TestFromEnv(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	notExec := filepath.Join(dir, "plain")
	if err := os.WriteFile(notExec, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sandbox := map[string]string{
		"E2E_TARGET":           "sandbox",
		"ZOOM_WEB_URL":         "https://zoom.us",
		"ZOOM_MARKETPLACE_URL": "https://marketplace.zoom.us",
		"ZOOM_API_URL":         "https://api.zoom.us",
		"ZOOM_EMAIL":           "me@corp.test",
		"ZOOM_PASSWORD":        "Real-Pass-42",
		"LEARNINGSPACE_URL":    "https://ls.corp.test",
	}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}

	tests := []struct {
		name    string
		env     map[string]string
		check   func(Config) error
		wantErr []string // substrings; nil = no error
	}{
		{name: "sim ignores zoom urls", env: map[string]string{"ZOOM_WEB_URL": "not a url", "E2E_TARGET": " SIM "},
			check: func(c Config) error { return expect(c.Target == TargetSim, "target %q", c.Target) }},
		{name: "sim overrides", env: map[string]string{"ZOOM_EMAIL": "x@y.test", "E2E_HEADFUL": "1", "E2E_STEP_TIMEOUT": "1m30s", "E2E_ARTIFACTS_DIR": "/tmp/a", "E2E_BROWSER_BIN": exe},
			check: func(c Config) error {
				return expect(c.ZoomEmail == "x@y.test" && c.ZoomPassword == DefaultSimZoomPassword && c.Headful &&
					c.StepTimeout == 90*time.Second && c.ArtifactsDir == "/tmp/a" && c.BrowserBin == exe, "%#v", c)
			}},
		{name: "headful false", env: map[string]string{"E2E_HEADFUL": "false"},
			check: func(c Config) error { return expect(!c.Headful, "headful") }},
		{name: "sandbox ok", env: sandbox,
			check: func(c Config) error {
				return expect(c.Target == TargetSandbox && c.ZoomPassword == "Real-Pass-42" && c.LSAdminUser == "admin", "%#v", c)
			}},
		{name: "bad target", env: map[string]string{"E2E_TARGET": "prod"}, wantErr: []string{`config: E2E_TARGET="prod": must be "sim" or "sandbox"`}},
		{name: "bad duration", env: map[string]string{"E2E_STEP_TIMEOUT": "abc"}, wantErr: []string{`config: E2E_STEP_TIMEOUT="abc": not a duration (example: 10s)`}},
		{name: "zero duration", env: map[string]string{"E2E_STEP_TIMEOUT": "0s"}, wantErr: []string{`E2E_STEP_TIMEOUT="0s": must be greater than 0`}},
		{name: "negative duration", env: map[string]string{"E2E_STEP_TIMEOUT": "-1s"}, wantErr: []string{`E2E_STEP_TIMEOUT="-1s": must be greater than 0`}},
		{name: "bad bool", env: map[string]string{"E2E_HEADFUL": "yes please"}, wantErr: []string{`E2E_HEADFUL="yes please": not a boolean`}},
		{name: "missing bin", env: map[string]string{"E2E_BROWSER_BIN": "/nope/chromium"}, wantErr: []string{`E2E_BROWSER_BIN="/nope/chromium": no such file`, "make deps"}},
		{name: "bin is dir", env: map[string]string{"E2E_BROWSER_BIN": dir}, wantErr: []string{`is a directory`}},
		{name: "bin not executable", env: map[string]string{"E2E_BROWSER_BIN": notExec}, wantErr: []string{`not executable`}},
		{name: "sandbox needs everything", env: map[string]string{"E2E_TARGET": "sandbox"}, wantErr: []string{
			`ZOOM_WEB_URL="": required`, `ZOOM_MARKETPLACE_URL="": required`, `ZOOM_API_URL="": required`,
			`LEARNINGSPACE_URL="": required`, `ZOOM_EMAIL="": required`, `ZOOM_PASSWORD: required`, "; "}},
		{name: "sandbox relative url", env: with(sandbox, "ZOOM_API_URL", "api.zoom.us"), wantErr: []string{`ZOOM_API_URL="api.zoom.us": not an absolute http(s) URL`}},
		{name: "sandbox ftp url", env: with(sandbox, "LEARNINGSPACE_URL", "ftp://ls"), wantErr: []string{`LEARNINGSPACE_URL="ftp://ls": not an absolute http(s) URL`}},
		{name: "several problems in one error", env: map[string]string{"E2E_STEP_TIMEOUT": "x", "E2E_HEADFUL": "2"}, wantErr: []string{"E2E_STEP_TIMEOUT", "E2E_HEADFUL", "; "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FromEnv(envOf(tt.env))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if err := tt.check(c); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want error, got %v", c)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Count(err.Error(), "config:") != 1 {
				t.Errorf("want one error, got %q", err)
			}
		})
	}
}

func expect(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf("unexpected: "+format, args...)
}

func TestStringMasksPasswords(t *testing.T) {
	c := Config{Target: TargetSandbox, ZoomEmail: "me@x.test", ZoomPassword: "Zoom-Secret-1", LSAdminPassword: "LS-Secret-2",
		LearningSpaceURL: "https://bob:Url-Secret-3@ls.test/x"}
	for _, s := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		for _, secret := range []string{"Zoom-Secret-1", "LS-Secret-2", "Url-Secret-3"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q leaks %q", s, secret)
			}
		}
		if !strings.Contains(s, "me@x.test") || !strings.Contains(s, "ls.test") {
			t.Errorf("%q lacks non-secret fields", s)
		}
	}
}

func TestLoadDotEnv(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "e2e", "deep")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module x\n")
	write(".env", "# comment\nZOOM_EMAIL=file@x.test\nE2E_STEP_TIMEOUT=3s\nLS_ADMIN_USER=fileadmin\n")

	real := map[string]string{"E2E_STEP_TIMEOUT": "7s", "LS_ADMIN_USER": ""}
	lookup := func(k string) (string, bool) { v, ok := real[k]; return v, ok }

	c, err := loadFrom(sub, lookup)
	if err != nil {
		t.Fatal(err)
	}
	if c.ZoomEmail != "file@x.test" {
		t.Errorf(".env value not used: %q", c.ZoomEmail)
	}
	if c.StepTimeout != 7*time.Second {
		t.Errorf("real env should win: %s", c.StepTimeout)
	}
	if c.LSAdminUser != "fileadmin" {
		t.Errorf("empty real env should not hide .env: %q", c.LSAdminUser)
	}

	write(".env", "E2E_STEP_TIMEOUT=abc\n")
	if _, err := loadFrom(sub, lookup); err != nil {
		t.Errorf("real env wins, the bad .env value is unused: %v", err)
	}
	_, err = loadFrom(sub, func(string) (string, bool) { return "", false })
	if err == nil || !strings.Contains(err.Error(), `E2E_STEP_TIMEOUT="abc"`) {
		t.Errorf("want duration error from .env value, got %v", err)
	}

	write(".env", "ZOOM_EMAIL='unterminated\n")
	_, err = loadFrom(sub, lookup)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(root, ".env")) {
		t.Errorf("want error naming the .env file, got %v", err)
	}

	// No go.mod above: no .env, defaults.
	c, err = loadFrom(t.TempDir(), lookup)
	if err != nil || c.ZoomEmail != DefaultSimZoomEmail {
		t.Errorf("without module root: %v %v", c, err)
	}
}

func TestLoadInThisModule(t *testing.T) {
	// Load must work from a package directory of the real module (no .env needed).
	if _, err := Load(); err != nil && !strings.HasPrefix(err.Error(), "config: ") {
		t.Fatal(err)
	}
}

// .env.example documents every variable and, as shipped, yields the sim defaults.
func TestEnvExample(t *testing.T) {
	root, ok := moduleRoot(".")
	if !ok {
		t.Skip("no module root")
	}
	path := filepath.Join(root, ".env.example")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{EnvTarget, EnvZoomWebURL, EnvZoomMarketplaceURL, EnvZoomAPIURL, EnvZoomEmail,
		EnvZoomPassword, EnvLearningSpaceURL, EnvLSAdminUser, EnvLSAdminPassword, EnvBrowserBin, EnvHeadful,
		EnvStepTimeout, EnvArtifactsDir} {
		if !strings.Contains(string(body), name+"=") {
			t.Errorf(".env.example does not document %s", name)
		}
	}
	vals, err := godotenv.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := FromEnv(func(k string) string { return vals[k] })
	if err != nil {
		t.Fatal(err)
	}
	def, _ := FromEnv(func(string) string { return "" })
	if c != def {
		t.Errorf(".env.example gives %v, want the defaults %v", c, def)
	}
}
