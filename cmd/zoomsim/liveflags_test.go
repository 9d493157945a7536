package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// -regional-host serves the portal on a second loopback address after
// sign-in; -remember-consent is taken.
func TestLiveSiteFlags(t *testing.T) {
	base := start(t, "-addr", "127.0.0.1:0", "-regional-host", "127.0.0.2", "-remember-consent")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Post(base+"/api/signin", "application/json", strings.NewReader(`{"email":"owner@example.test","password":"Sim-Owner-Pass-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	if resp.StatusCode != 200 {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	resp, err = c.Get(base + "/profile")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the redirect matters here
	port := base[strings.LastIndex(base, ":"):]
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "http://127.0.0.2"+port+"/") {
		t.Fatalf("profile on the main host: HTTP %d to %q, want the regional host on the same port", resp.StatusCode, loc)
	}
}

func TestRegionalHostFlagRefused(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-regional-host", "10.0.0.1"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag -regional-host") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
