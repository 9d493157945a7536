package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Without a display it says how to get one, after the configuration was
// found good, and starts no browser.
func TestNoDisplaySaysHowToGetOne(t *testing.T) {
	t.Setenv("ZOOM_WEB_URL", "https://zoom.us")
	t.Setenv("E2E_SESSION_FILE", filepath.Join(t.TempDir(), "s.json"))
	var out, errOut bytes.Buffer
	code := run(context.Background(), nil, func(string) string { return "" }, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), "xvfb") && !strings.Contains(errOut.String(), "Xvfb") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestBadConfigurationNamesTheVariable(t *testing.T) {
	t.Setenv("ZOOM_WEB_URL", "zoom.us")
	t.Setenv("E2E_SESSION_FILE", "")
	var out, errOut bytes.Buffer
	code := run(context.Background(), nil, func(string) string { return ":0" }, &out, &errOut)
	for _, w := range []string{"ZOOM_WEB_URL=\"zoom.us\"", "E2E_SESSION_FILE"} {
		if !strings.Contains(errOut.String(), w) {
			t.Errorf("stderr %q does not name %s", errOut.String(), w)
		}
	}
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
}
