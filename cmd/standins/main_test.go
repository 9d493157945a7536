package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
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
		code := run(ctx, []string{"-latency", "5ms", "-maintenance-app", "https://ls.example.test/zoom/maintenance",
			"--", "-spinner", "1ms", "--", "-lang", "en"}, pw, &stderr)
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
		"ZOOM_EMAIL", "ZOOM_PASSWORD", "LS_ADMIN_USER", "LS_ADMIN_PASSWORD",
		"ZOOM_API_URL", "ZOOM_API_CLIENT_ID", "ZOOM_API_CLIENT_SECRET", "ZOOM_API_REDIRECT_URL"}
	for _, k := range want {
		if env[k] == "" {
			t.Errorf("%s missing from %v", k, env)
		}
	}
	if env["E2E_TARGET"] != "sandbox" {
		t.Errorf("E2E_TARGET=%q", env["E2E_TARGET"])
	}
	if f := ownersFlow(t, env["ZOOM_WEB_URL"], env["ZOOM_EMAIL"], env["ZOOM_PASSWORD"]); f != "general" {
		t.Errorf("the Zoom stand-in is on the %q flow by default, want general", f)
	}
	if env["ZOOM_API_URL"] != env["ZOOM_WEB_URL"] || env["ZOOM_API_REDIRECT_URL"] != "https://ls.example.test/zoom/maintenance" {
		t.Errorf("ZOOM_API_URL=%q, ZOOM_API_REDIRECT_URL=%q", env["ZOOM_API_URL"], env["ZOOM_API_REDIRECT_URL"])
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

// -flow takes the two build flows only, and says which flag is wrong.
func TestFlowFlagRefusesAnUnknownFlow(t *testing.T) {
	var stderr strings.Builder
	if code := run(t.Context(), []string{"-flow", "modern"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag -flow") {
		t.Errorf("-flow modern: exit %d, stderr %q", code, stderr.String())
	}
}

// ownersFlow signs in to the Zoom stand-in and asks which build flow the
// account is on.
func ownersFlow(t *testing.T, zoomURL, email, password string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := c.Post(zoomURL+"/api/signin", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	if resp.StatusCode != 200 {
		t.Fatalf("sign-in: %s", resp.Status)
	}
	resp, err = c.Get(zoomURL + "/api/me")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var me struct{ Flow string }
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil {
		t.Fatal(err)
	}
	return me.Flow
}
