package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadConfigurationStopsBeforeTheBrowser runs this test binary again, as a
// child, with a bad configuration, once per kind of mistake: the child must
// exit with status 2 and one line naming what is at fault, before any browser
// starts. E2E_BROWSER_BIN points at a script that leaves a marker file when it
// is executed, so that a browser start would not go unnoticed.
//
// Each child runs in a temporary module (a go.mod, so that config.Load looks
// for .env there and not in the developer's checkout) and gets none of the
// parent's harness variables.
func TestBadConfigurationStopsBeforeTheBrowser(t *testing.T) {
	t.Parallel()
	exe, err := filepath.Abs(os.Args[0]) // the child runs in another directory
	require.NoError(t, err)

	const secret = "Never-Echo-This-1" // a password: no case may print it
	sandbox := map[string]string{
		"E2E_TARGET":          "sandbox",
		"ZOOM_WEB_URL":        "https://zoom.us",
		"ZOOM_EMAIL":          "owner@corp.test",
		"ZOOM_PASSWORD":       secret,
		"LEARNINGSPACE_URL":   "https://ls.corp.test",
		"LS_ADMIN_PASSWORD":   secret,
		"ZOOM_ACCOUNT_NUMBER": "1234567890",
	}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}

	tests := []struct {
		name      string
		env       map[string]string
		dotEnvDir bool     // the module's .env is a directory
		starts    string   // how the line starts, after "config: "; %ENV% is the .env path
		names     []string // what else the line names
	}{
		{name: "unknown target", env: map[string]string{"E2E_TARGET": "prod"},
			starts: `E2E_TARGET="prod"`},
		{name: "sandbox without its URLs", env: map[string]string{"E2E_TARGET": "sandbox", "ZOOM_PASSWORD": secret},
			starts: `ZOOM_WEB_URL=""`, names: []string{"ZOOM_MARKETPLACE_URL", "LEARNINGSPACE_URL", "ZOOM_EMAIL"}},
		{name: "Marketplace URL a prefix of the web URL",
			env:    with(sandbox, "ZOOM_WEB_URL", "https://zoom.us/portal/", "ZOOM_MARKETPLACE_URL", "https://zoom.us/"),
			starts: `ZOOM_MARKETPLACE_URL="https://zoom.us/"`},
		{name: "malformed step timeout", env: map[string]string{"E2E_STEP_TIMEOUT": "soon"},
			starts: `E2E_STEP_TIMEOUT="soon"`},
		{name: "browser URL without a scheme", env: map[string]string{"E2E_BROWSER_URL": "127.0.0.1:9222"},
			starts: `E2E_BROWSER_URL="127.0.0.1:9222"`},
		{name: "a browser URL and a rod manager", env: map[string]string{"E2E_BROWSER_URL": "ws://127.0.0.1:9/x", "E2E_ROD_MANAGER_URL": "ws://127.0.0.1:7317"},
			starts: `E2E_ROD_MANAGER_URL="ws://127.0.0.1:7317": set together with E2E_BROWSER_URL`},
		{name: "unreadable .env", dotEnvDir: true,
			starts: `%ENV%: the .env file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Resolved, so that the path the child reports is the one built here.
			dir, err := filepath.EvalSymlinks(t.TempDir())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module badconfig\n"), 0o644))
			dotEnv := filepath.Join(dir, ".env")
			if tt.dotEnvDir {
				require.NoError(t, os.Mkdir(dotEnv, 0o755))
			}
			marker := filepath.Join(dir, "browser-started")
			bin := filepath.Join(dir, "fake-chromium")
			require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\n: > '"+marker+"'\nexit 1\n"), 0o755))

			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, "-test.run=^TestSetupOAuthApp$", "-test.count=1", "-test.timeout=90s")
			cmd.Dir = dir
			cmd.Env = childEnv(with(tt.env, "E2E_BROWSER_BIN", bin))
			out, err := cmd.CombinedOutput()

			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "the child should fail; its output:\n%s", out)
			assert.Equal(t, 2, exit.ExitCode(), "exit status; output:\n%s", out)
			var lines []string
			for _, l := range strings.Split(string(out), "\n") {
				if strings.TrimSpace(l) != "" {
					lines = append(lines, l)
				}
			}
			require.Len(t, lines, 1, "want one line; output:\n%s", out)
			line := lines[0]
			assert.True(t, strings.HasPrefix(line, "config: "+strings.ReplaceAll(tt.starts, "%ENV%", dotEnv)),
				"want the line to start with %q, got %q", tt.starts, line)
			for _, n := range tt.names {
				assert.Contains(t, line, n)
			}
			assert.NotContains(t, line, secret)
			assert.NoFileExists(t, marker, "a browser was started")
		})
	}
}

// childEnv is this process's environment without any harness variable
// (E2E_*, ZOOM_*, LEARNINGSPACE_*, LS_*), plus set.
func childEnv(set map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		harness := false
		for _, p := range []string{"E2E_", "ZOOM_", "LEARNINGSPACE_", "LS_"} {
			harness = harness || strings.HasPrefix(name, p)
		}
		if !harness {
			env = append(env, kv)
		}
	}
	for k, v := range set {
		env = append(env, k+"="+v)
	}
	return env
}
