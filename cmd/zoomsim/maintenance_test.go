package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// startLines runs the command with args until the test ends and returns its
// URL from the first line of stdout and the n lines after it.
func startLines(t *testing.T, n int, args ...string) (string, []string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := run(ctx, args, pw, io.Discard)
		_ = pw.Close() // never fails (io.PipeWriter); the reader sees EOF
		done <- code
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exit code %d after shutdown", code)
		}
	})
	lines := bufio.NewScanner(pr)
	var got []string
	for len(got) < n+1 && lines.Scan() {
		got = append(got, lines.Text())
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck // keep the logger from blocking
	if len(got) < n+1 {
		t.Fatalf("%d lines of output, want %d: %q (%v)", len(got), n+1, got, lines.Err())
	}
	m := servingLine.FindStringSubmatch(got[0])
	if m == nil {
		t.Fatalf("first line %q does not say where it serves", got[0])
	}
	return m[1], got[1:]
}

var ticketRE = regexp.MustCompile(`name="ticket" value="([^"]+)"`)

// -maintenance-app prints the maintenance app's credentials right after the
// first line, and they work: the owner authorizes the app and its token
// reaches the Marketplace API.
func TestMaintenanceAppFlag(t *testing.T) {
	const redirect = "https://ls.example.test/zoom/maintenance"
	base, lines := startLines(t, 3, "-addr", "127.0.0.1:0", "-maintenance-app", redirect)
	env := map[string]string{}
	for i, k := range []string{"ZOOM_API_CLIENT_ID", "ZOOM_API_CLIENT_SECRET", "ZOOM_API_REDIRECT_URL"} {
		key, v, ok := strings.Cut(lines[i], "=")
		if !ok || key != k || v == "" {
			t.Fatalf("line %d is %q, want %s=…", i+2, lines[i], k)
		}
		env[k] = v
	}
	if env["ZOOM_API_REDIRECT_URL"] != redirect {
		t.Fatalf("redirect URL %q", env["ZOOM_API_REDIRECT_URL"])
	}

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Post(base+"/api/signin", "application/json",
		strings.NewReader(`{"email":"owner@example.test","password":"Sim-Owner-Pass-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	resp, err = c.Get(base + "/oauth/authorize?response_type=code&client_id=" + url.QueryEscape(env["ZOOM_API_CLIENT_ID"]) +
		"&redirect_uri=" + url.QueryEscape(redirect))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close() // read to the end already
	m := ticketRE.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no consent page: HTTP %d", resp.StatusCode)
	}
	resp, err = c.PostForm(base+"/oauth/authorize/consent", url.Values{"ticket": {html.UnescapeString(string(m[1]))}, "decision": {"allow"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the redirect matters here
	back, _ := url.Parse(resp.Header.Get("Location"))
	code := back.Query().Get("code")
	if code == "" {
		t.Fatalf("consent went to %q", resp.Header.Get("Location"))
	}
	req, _ := http.NewRequest("POST", base+"/oauth/token", strings.NewReader(url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(env["ZOOM_API_CLIENT_ID"], env["ZOOM_API_CLIENT_SECRET"])
	var tok struct {
		AccessToken string `json:"access_token"`
		Scope       string `json:"scope"`
	}
	do(t, req, &tok)
	if tok.Scope != "marketplace:read:app marketplace:write:app" {
		t.Fatalf("token scope %q", tok.Scope)
	}
	req, _ = http.NewRequest("POST", base+"/v2/marketplace/apps", strings.NewReader(`{"app_type":"general","app_name":"By the API"}`))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	var created struct {
		AppID string `json:"app_id"`
	}
	do(t, req, &created)
	if created.AppID == "" {
		t.Fatal("no app_id")
	}

	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-maintenance-app", "ftp://ls.example.test/"}, io.Discard, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "flag -maintenance-app") {
		t.Fatalf("-maintenance-app ftp://…: exit %d, stderr %q", code, stderr.String())
	}
}

// do sends req and decodes a 200's JSON answer into v.
func do(t *testing.T, req *http.Request, v any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: HTTP %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
