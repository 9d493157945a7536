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
// General App flow, so that a person can walk it by hand.
func TestFlowGeneralFlag(t *testing.T) {
	base := start(t, "-addr", "127.0.0.1:0", "-flow", "general")
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
	if err != nil || me.Flow != "general" {
		t.Fatalf("/api/me flow %q (%v)", me.Flow, err)
	}

	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-flow", "modern"}, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag -flow") {
		t.Fatalf("-flow modern: exit %d, stderr %q", code, stderr.String())
	}
}
