package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	if !runIDPattern.MatchString(c.RunID) {
		t.Errorf("generated run ID %q does not match %s", c.RunID, runIDPattern)
	}
	c.RunID = ""
	want := Config{
		Target:          TargetSim,
		ZoomEmail:       "owner@example.test",
		ZoomPassword:    "Sim-Owner-Pass-1",
		LSAdminUser:     "admin",
		LSAdminPassword: "Sim-LS-Admin-1",
		StepTimeout:     30 * time.Second,
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
		"ZOOM_EMAIL":           "me@corp.test",
		"ZOOM_PASSWORD":        "Real-Pass-42",
		"LEARNINGSPACE_URL":    "https://ls.corp.test",
		"ZOOM_ACCOUNT_NUMBER":  "1234567890",
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

	tests := []envCase{
		{name: "sim ignores zoom urls", env: map[string]string{"ZOOM_WEB_URL": "not a url", "E2E_TARGET": " SIM "},
			check: func(c Config) error { return expect(c.Target == TargetSim, "target %q", c.Target) }},
		{name: "sim overrides", env: map[string]string{"ZOOM_EMAIL": "x@y.test", "E2E_HEADFUL": "1", "E2E_STEP_TIMEOUT": "1m30s", "E2E_BROWSER_BIN": exe,
			"E2E_SIM_LATENCY": "300ms", "E2E_SIM_JITTER": "1.5s", "E2E_RUN_ID": "soak-7", "E2E_SIM_SECRET_PREFIX": " cnry-7F_a "},
			check: func(c Config) error {
				return expect(c.ZoomEmail == "x@y.test" && c.ZoomPassword == DefaultSimZoomPassword && c.Headful &&
					c.StepTimeout == 90*time.Second && c.BrowserBin == exe && c.SimLatency == 300*time.Millisecond &&
					c.SimJitter == 1500*time.Millisecond && c.RunID == "soak-7" && c.SimSecretPrefix == "cnry-7F_a", "%#v", c)
			}},
		{name: "zero sim delays", env: map[string]string{"E2E_SIM_LATENCY": "0", "E2E_SIM_JITTER": "0s"},
			check: func(c Config) error { return expect(c.SimLatency == 0 && c.SimJitter == 0, "%#v", c) }},
		{name: "removed variables are ignored", env: map[string]string{"E2E_ARTIFACTS_DIR": "/tmp/a", "ZOOM_API_URL": "not a url"},
			check: func(c Config) error { return nil }},
		{name: "removed variables, and ZOOM_API_URL without the maintenance app, are ignored in sandbox", env: with(sandbox, "ZOOM_API_URL", "api.zoom.us"),
			check: func(c Config) error { return expect(c.Target == TargetSandbox, "%#v", c) }},
		{name: "run id of 24", env: map[string]string{"E2E_RUN_ID": "0123456789abcdef-123456x"},
			check: func(c Config) error { return expect(c.RunID == "0123456789abcdef-123456x", "%q", c.RunID) }},
		{name: "headful false", env: map[string]string{"E2E_HEADFUL": "false"},
			check: func(c Config) error { return expect(!c.Headful, "headful") }},
		{name: "sandbox ok", env: sandbox,
			check: func(c Config) error {
				return expect(c.Target == TargetSandbox && c.ZoomPassword == "Real-Pass-42" && c.LSAdminUser == "admin", "%#v", c)
			}},
		{name: "sandbox marketplace under the web url", env: with(sandbox, "ZOOM_WEB_URL", "https://zoom.us/", "ZOOM_MARKETPLACE_URL", "https://zoom.us/marketplace"),
			check: func(c Config) error { return expect(c.Target == TargetSandbox, "%#v", c) }},
		{name: "bad target", env: map[string]string{"E2E_TARGET": "prod"}, wantErr: []string{`config: E2E_TARGET="prod": must be "sim" or "sandbox"`}},
		{name: "bad duration", env: map[string]string{"E2E_STEP_TIMEOUT": "abc"}, wantErr: []string{`config: E2E_STEP_TIMEOUT="abc": not a duration (example: 30s)`}},
		{name: "zero duration", env: map[string]string{"E2E_STEP_TIMEOUT": "0s"}, wantErr: []string{`E2E_STEP_TIMEOUT="0s": must be greater than 0`}},
		{name: "negative duration", env: map[string]string{"E2E_STEP_TIMEOUT": "-1s"}, wantErr: []string{`E2E_STEP_TIMEOUT="-1s": must be greater than 0`}},
		{name: "bad bool", env: map[string]string{"E2E_HEADFUL": "yes please"}, wantErr: []string{`E2E_HEADFUL="yes please": not a boolean`}},
		{name: "missing bin", env: map[string]string{"E2E_BROWSER_BIN": "/nope/chromium"}, wantErr: []string{`E2E_BROWSER_BIN="/nope/chromium": no such file`, "make deps"}},
		{name: "bin is dir", env: map[string]string{"E2E_BROWSER_BIN": dir}, wantErr: []string{`is a directory`}},
		{name: "bin missing here, browser from a grid", env: map[string]string{"E2E_BROWSER_BIN": "/nope/chromium",
			"E2E_BROWSER_URL": "ws://grid.test:9222/devtools/browser/x"},
			check: func(c Config) error { return expect(c.BrowserURL != "" && c.BrowserBin == "/nope/chromium", "%#v", c) }},
		{name: "bin missing here, browser from a manager", env: map[string]string{"E2E_BROWSER_BIN": "/nope/chromium",
			"E2E_ROD_MANAGER_URL": "ws://rod.corp.test:7317"},
			check: func(c Config) error { return expect(c.RodManagerURL != "", "%#v", c) }},
		{name: "bin not executable", env: map[string]string{"E2E_BROWSER_BIN": notExec}, wantErr: []string{`not executable`}},
		{name: "sandbox needs everything", env: map[string]string{"E2E_TARGET": "sandbox"}, wantErr: []string{
			`ZOOM_WEB_URL="": required`, `ZOOM_MARKETPLACE_URL="": required`,
			`LEARNINGSPACE_URL="": required`, `ZOOM_EMAIL="": required`, `ZOOM_PASSWORD: required`, "; "}},
		{name: "sandbox relative url", env: with(sandbox, "ZOOM_WEB_URL", "zoom.us"), wantErr: []string{`ZOOM_WEB_URL="zoom.us": not an absolute http(s) URL`}},
		{name: "marketplace equals web url", env: with(sandbox, "ZOOM_MARKETPLACE_URL", "https://zoom.us"),
			wantErr: []string{`ZOOM_MARKETPLACE_URL="https://zoom.us": is ZOOM_WEB_URL="https://zoom.us" or a prefix of it`}},
		{name: "marketplace equals web url but a slash", env: with(sandbox, "ZOOM_WEB_URL", "https://zoom.us/", "ZOOM_MARKETPLACE_URL", "HTTPS://Zoom.US"),
			wantErr: []string{`ZOOM_MARKETPLACE_URL="HTTPS://Zoom.US": is ZOOM_WEB_URL`}},
		{name: "marketplace a prefix of web url", env: with(sandbox, "ZOOM_WEB_URL", "https://corp.zoom.us/portal?x=1", "ZOOM_MARKETPLACE_URL", "https://corp.zoom.us/"),
			wantErr: []string{`ZOOM_MARKETPLACE_URL="https://corp.zoom.us/": is ZOOM_WEB_URL`}},
		{name: "marketplace prefix masks url passwords", env: with(sandbox, "ZOOM_WEB_URL", "https://u:Url-Secret-9@zoom.us/a", "ZOOM_MARKETPLACE_URL", "https://u:Url-Secret-9@zoom.us"),
			wantErr: []string{`ZOOM_MARKETPLACE_URL=`}},
		{name: "bad sim latency", env: map[string]string{"E2E_SIM_LATENCY": "slow"}, wantErr: []string{`config: E2E_SIM_LATENCY="slow": not a duration`}},
		{name: "negative sim latency", env: map[string]string{"E2E_SIM_LATENCY": "-1ms"}, wantErr: []string{`E2E_SIM_LATENCY="-1ms": must be 0 or more`}},
		{name: "bad sim jitter", env: map[string]string{"E2E_SIM_JITTER": "10"}, wantErr: []string{`config: E2E_SIM_JITTER="10": not a duration`}},
		{name: "negative sim jitter", env: map[string]string{"E2E_SIM_JITTER": "-2s"}, wantErr: []string{`E2E_SIM_JITTER="-2s": must be 0 or more`}},
		{name: "secret prefix of 32", env: map[string]string{"E2E_SIM_SECRET_PREFIX": strings.Repeat("c", 32)},
			check: func(c Config) error { return expect(len(c.SimSecretPrefix) == 32, "%q", c.SimSecretPrefix) }},
		{name: "secret prefix too long", env: map[string]string{"E2E_SIM_SECRET_PREFIX": strings.Repeat("c", 33)}, wantErr: []string{`E2E_SIM_SECRET_PREFIX="ccc`, "must be 1 to 32 of"}},
		{name: "secret prefix with a plus", env: map[string]string{"E2E_SIM_SECRET_PREFIX": "cn+ry"}, wantErr: []string{`config: E2E_SIM_SECRET_PREFIX="cn+ry": must be`}},
		{name: "run id uppercase", env: map[string]string{"E2E_RUN_ID": "Nightly"}, wantErr: []string{`E2E_RUN_ID="Nightly": must be`}},
		{name: "run id leading dash", env: map[string]string{"E2E_RUN_ID": "-x"}, wantErr: []string{`E2E_RUN_ID="-x": must be`}},
		{name: "run id too long", env: map[string]string{"E2E_RUN_ID": "0123456789abcdef-1234567x"}, wantErr: []string{`E2E_RUN_ID="0123456789abcdef-1234567x": must be`}},
		{name: "run id with a line break", env: map[string]string{"E2E_RUN_ID": "a\nb"}, wantErr: []string{`E2E_RUN_ID="a\nb": must be`}},
		{name: "sandbox ftp url", env: with(sandbox, "LEARNINGSPACE_URL", "ftp://ls"), wantErr: []string{`LEARNINGSPACE_URL="ftp://ls": not an absolute http(s) URL`}},
		{name: "several problems in one error", env: map[string]string{"E2E_STEP_TIMEOUT": "x", "E2E_HEADFUL": "2"}, wantErr: []string{"E2E_STEP_TIMEOUT", "E2E_HEADFUL", "; "}},
	}
	runEnvCases(t, tests, "Real-Pass-42", "Url-Secret-9")
}

func expect(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf("unexpected: "+format, args...)
}

func TestStringMasksPasswords(t *testing.T) {
	c := Config{Target: TargetSandbox, ZoomEmail: "me@x.test", ZoomPassword: "Zoom-Secret-1", LSAdminPassword: "LS-Secret-2",
		LearningSpaceURL: "https://bob:Url-Secret-3@ls.test/x", SimLatency: 250 * time.Millisecond, RunID: "soak-1",
		SimSecretPrefix: "cnryPrefix4"}
	for _, s := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c)} {
		for _, secret := range []string{"Zoom-Secret-1", "LS-Secret-2", "Url-Secret-3", "cnryPrefix4"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q leaks %q", s, secret)
			}
		}
		if !strings.Contains(s, "me@x.test") || !strings.Contains(s, "ls.test") || !strings.Contains(s, `run_id="soak-1"`) ||
			!strings.Contains(s, "sim_latency=250ms") || !strings.Contains(s, "sim_jitter=0s") {
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

	// The parser quotes the file's text in its errors: none of it may show.
	write(".env", "ZOOM_EMAIL=a@b.test\nLS_ADMIN_PASSWORD=\"Secret-In-Env-1\nZOOM_PASSWORD=Secret-In-Env-2\n")
	_, err = loadFrom(sub, lookup)
	if err == nil {
		t.Fatal("want an error for an unterminated quote")
	}
	want := "config: " + filepath.Join(root, ".env") + ": the .env file is malformed at line 2 (LS_ADMIN_PASSWORD)"
	if !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "Secret-In-Env") || strings.ContainsAny(err.Error(), "\r\n") {
		t.Errorf("got %q, want one line starting %q without the file's values", err, want)
	}
	write(".env", "OK=1\nBAD!KEY=Secret-In-Env-3\nZOOM_PASSWORD=Secret-In-Env-4\n")
	_, err = loadFrom(sub, lookup)
	if err == nil || !strings.Contains(err.Error(), "malformed at line 2") || strings.Contains(err.Error(), "Secret-In-Env") {
		t.Errorf("bad key: got %v", err)
	}

	// No go.mod above: no .env, defaults.
	c, err = loadFrom(t.TempDir(), lookup)
	if err != nil || c.ZoomEmail != DefaultSimZoomEmail {
		t.Errorf("without module root: %v %v", c, err)
	}
}

// A .env that is there but cannot be read stops the run, naming the file;
// skipping it instead would run with the wrong target or accounts.
func TestLoadUnreadableDotEnv(t *testing.T) {
	none := func(string) (string, bool) { return "", false }
	newRoot := func(t *testing.T) (root, env string) {
		root = t.TempDir()
		if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return root, filepath.Join(root, ".env")
	}
	check := func(t *testing.T, root, env, why string) {
		t.Helper()
		_, err := loadFrom(root, none)
		want := "config: " + env + ": the .env file cannot be read: " + why
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.ContainsAny(err.Error(), "\r\n") {
			t.Errorf("got %v, want one line starting %q", err, want)
		}
	}

	t.Run("directory", func(t *testing.T) {
		root, env := newRoot(t)
		if err := os.Mkdir(env, 0o755); err != nil {
			t.Fatal(err)
		}
		check(t, root, env, "is a directory")
	})
	t.Run("dangling symlink", func(t *testing.T) {
		root, env := newRoot(t)
		if err := os.Symlink(filepath.Join(root, "gone"), env); err != nil {
			t.Skip(err)
		}
		check(t, root, env, "no such file")
	})
	t.Run("no permission", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads any file")
		}
		root, env := newRoot(t)
		if err := os.WriteFile(env, []byte("E2E_TARGET=sandbox\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		check(t, root, env, "permission denied")
	})
}

func TestNewRunID(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		id := NewRunID()
		if !runIDPattern.MatchString(id) || !regexp.MustCompile(`^r\d{4}-\d{6}-[0-9a-f]{4}$`).MatchString(id) {
			t.Fatalf("NewRunID() = %q", id)
		}
		seen[id] = true
	}
	if len(seen) < 40 { // 50 draws of 16 bits within a second or two
		t.Errorf("only %d distinct IDs of 50", len(seen))
	}
	// Each load without E2E_RUN_ID gets its own (5 loads all alike: 2^-64).
	loads := map[string]bool{}
	for range 5 {
		c, err := FromEnv(envOf(nil))
		if err != nil {
			t.Fatal(err)
		}
		loads[c.RunID] = true
	}
	if len(loads) < 2 {
		t.Errorf("5 loads share run ID %v", loads)
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
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, ok := moduleRoot(wd) // an absolute path: moduleRoot cannot walk up from "."
	if !ok {
		t.Fatal("no module root above", wd)
	}
	path := filepath.Join(root, ".env.example")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{EnvTarget, EnvZoomWebURL, EnvZoomMarketplaceURL, EnvZoomEmail,
		EnvZoomPassword, EnvLearningSpaceURL, EnvLSAdminUser, EnvLSAdminPassword, EnvBrowserBin, EnvHeadful,
		EnvStepTimeout, EnvSimLatency, EnvSimJitter, EnvSimSecretPrefix, EnvRunID, EnvBrowserURL, EnvRodManagerURL, EnvShard} {
		if !strings.Contains(string(body), name+"=") {
			t.Errorf(".env.example does not document %s", name)
		}
	}
	for _, gone := range []string{"E2E_ARTIFACTS_DIR"} { // read once, never used; removed (ZOOM_API_URL is back: api.go)
		if strings.Contains(string(body), gone) {
			t.Errorf(".env.example still mentions %s", gone)
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
	c.RunID, def.RunID = "", "" // generated afresh each time
	if c != def {
		t.Errorf(".env.example gives %v, want the defaults %v", c, def)
	}
}

// envCase is a table case of FromEnv: with no wantErr, the configuration
// must load and pass check; else the error must hold each wantErr.
type envCase struct {
	name    string
	env     map[string]string
	check   func(Config) error
	wantErr []string // substrings; nil = no error
}

// runEnvCases runs the cases as subtests. An error must be one line, from
// one "config:", and hold none of the secrets.
func runEnvCases(t *testing.T, tests []envCase, secrets ...string) {
	t.Helper()
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
			if strings.Count(err.Error(), "config:") != 1 || strings.ContainsAny(err.Error(), "\r\n") {
				t.Errorf("want one error on one line, got %q", err)
			}
			for _, secret := range secrets {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q leaks %q", err, secret)
				}
			}
		})
	}
}
