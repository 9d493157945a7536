package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// -flow general puts the owner's account (and every other) on Zoom's
// General App flow, so that a person can walk it by hand; it is the
// default, as on the live Marketplace, and -flow classic is the guide's.
func TestFlowGeneralFlag(t *testing.T) {
	for args, want := range map[string]string{"-flow general": "general", "": "general", "-flow classic": "classic"} {
		if got := ownersFlow(t, strings.Fields(args)...); got != want {
			t.Errorf("%q: the owner's account is on the %q flow, want %q", args, got, want)
		}
	}

	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-flow", "modern"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag -flow") {
		t.Fatalf("-flow modern: exit %d, stderr %q", code, stderr.String())
	}
}

// ownersFlow starts the command with args and asks /api/me, signed in as
// the owner, which build flow the account is on.
func ownersFlow(t *testing.T, args ...string) string {
	t.Helper()
	base := start(t, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Post(base+"/api/signin", "application/json",
		strings.NewReader(`{"email":"owner@example.test","password":"Sim-Owner-Pass-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	if resp.StatusCode != 200 {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	resp, err = c.Get(base + "/api/me")
	if err != nil {
		t.Fatal(err)
	}
	var me struct{ Flow string }
	err = json.NewDecoder(resp.Body).Decode(&me)
	_ = resp.Body.Close() // read to the end already
	if err != nil {
		t.Fatalf("/api/me: %v", err)
	}
	return me.Flow
}
