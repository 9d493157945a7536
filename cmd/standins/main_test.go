package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The output is a contract for scripts: KEY=value lines, then "ready".
func TestPrintsTheSandboxEnvironmentThenReadyAndStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var stderr strings.Builder
	go func() {
		code := run(ctx, []string{"-latency", "5ms", "--", "-spinner", "1ms", "--", "-lang", "en"}, pw, &stderr)
		_ = pw.Close() // never fails (io.PipeWriter); the reader sees EOF
		done <- code
	}()

	env := map[string]string{}
	lines := bufio.NewScanner(pr)
	for lines.Scan() && lines.Text() != "ready" {
		k, v, ok := strings.Cut(lines.Text(), "=")
		if !ok {
			t.Fatalf("line %q is not KEY=value", lines.Text())
		}
		env[k] = v
	}
	if lines.Text() != "ready" {
		t.Fatalf("no ready line; stderr:\n%s", stderr.String())
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck // nothing more is expected

	want := []string{"E2E_TARGET", "ZOOM_WEB_URL", "ZOOM_MARKETPLACE_URL", "LEARNINGSPACE_URL",
		"ZOOM_EMAIL", "ZOOM_PASSWORD", "LS_ADMIN_USER", "LS_ADMIN_PASSWORD"}
	for _, k := range want {
		if env[k] == "" {
			t.Errorf("%s missing from %v", k, env)
		}
	}
	if env["E2E_TARGET"] != "sandbox" {
		t.Errorf("E2E_TARGET=%q", env["E2E_TARGET"])
	}
	for _, k := range []string{"ZOOM_WEB_URL", "LEARNINGSPACE_URL"} {
		resp, err := http.Get(env[k])
		if err != nil {
			t.Fatalf("GET %s: %v", k, err)
		}
		_ = resp.Body.Close() // only the GET's success matters here
	}

	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d after the signal; stderr:\n%s", code, stderr.String())
	}
}

func TestSplitArgs(t *testing.T) {
	z, ls := splitArgs([]string{"-a", "--", "-b"})
	if strings.Join(z, " ") != "-a" || strings.Join(ls, " ") != "-b" {
		t.Errorf("got %q %q", z, ls)
	}
	z, ls = splitArgs([]string{"-a"})
	if strings.Join(z, " ") != "-a" || ls != nil {
		t.Errorf("got %q %q", z, ls)
	}
}
