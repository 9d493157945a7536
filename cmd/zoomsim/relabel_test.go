package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// -relabel renames a text of the screens (repeatable, in order); a text no
// screen reads, or a value without '=', is refused naming the flag.
func TestRelabelFlag(t *testing.T) {
	base := start(t, "-addr", "127.0.0.1:0", "-relabel", "Sign In=Log in", "-relabel", "Log in=Enter")
	resp, err := http.Get(base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close() // read to the end above
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"SignIn":"Enter"`) || strings.Contains(string(body), `"Sign In"`) {
		t.Errorf("the sign-in page does not read the relabelled button:\n%s", body)
	}
	for _, args := range [][]string{{"-relabel", "Add alow lists=x"}, {"-relabel", "Add allow lists"}} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag -relabel") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}
