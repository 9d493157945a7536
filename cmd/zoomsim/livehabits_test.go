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

// -marketplace-lapse N: the Nth Marketplace request of a sign-in finds the
// Marketplace signed out while the portal is not; the profile restores it.
func TestMarketplaceLapseFlag(t *testing.T) {
	base := start(t, "-addr", "127.0.0.1:0", "-marketplace-lapse", "2")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status := func(method, path, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close() // only the status matters here
		return resp.StatusCode
	}
	if st := status("POST", "/api/signin", `{"email":"owner@example.test","password":"Sim-Owner-Pass-1"}`); st != 200 {
		t.Fatalf("sign-in: %d", st)
	}
	for i, want := range []struct {
		path string
		code int
	}{{"/api/me", 200}, {"/api/me", 401}, {"/profile", 200}, {"/api/me", 200}} {
		if st := status("GET", want.path, ""); st != want.code {
			t.Fatalf("request %d, GET %s: %d, want %d", i+1, want.path, st, want.code)
		}
	}
}

func TestMarketplaceLapseFlagRefused(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-marketplace-lapse", "-1"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag -marketplace-lapse") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// The General App flow's flags: -legacy-general-addresses tells its pages
// to live at the classic shape (without it, at the live site's);
// -license-after-create, the license dialog to follow the kinds' Create.
func TestGeneralAppFlags(t *testing.T) {
	for args, want := range map[string]string{
		"":                          `"generalApps":"/marketplace/develop/applications","generalMode":true`,
		"-legacy-general-addresses": `"generalApps":"/marketplace/develop/apps"`,
		"-license-after-create":     `"licenseAfterCreate":true`,
	} {
		base := start(t, append([]string{"-addr", "127.0.0.1:0", "-flow", "general"}, strings.Fields(args)...)...)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		resp, err := c.Post(base+"/api/signin", "application/json", strings.NewReader(`{"email":"owner@example.test","password":"Sim-Owner-Pass-1"}`))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close() // only the status matters here
		resp, err = c.Get(base + "/marketplace/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close() // read whole
		if !strings.Contains(string(b), want) {
			t.Errorf("%q: the Marketplace's boot data lacks %s", args, want)
		}
	}
}
