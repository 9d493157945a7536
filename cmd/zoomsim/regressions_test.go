package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// -list-regressions prints each regression with the guide step it breaks,
// one a line, in guide order.
func TestListRegressions(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"-list-regressions"}, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 13 {
		t.Fatalf("%d regressions listed, want at least 13:\n%s", len(lines), out.String())
	}
	for _, l := range lines {
		if !strings.Contains(l, "(guide step ") {
			t.Errorf("no guide step in %q", l)
		}
	}
	if !strings.Contains(lines[0], "(guide step 2)") || !strings.Contains(lines[len(lines)-1], "(guide step LS.") {
		t.Errorf("not in guide order:\n%s", out.String())
	}
}
