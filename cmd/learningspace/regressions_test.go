package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

func TestListRegressions(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-list-regressions"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ls-redirect-url-with-path: ", "(guide step LS.1)", "ls-recordings-old-path: ", "(guide step LS.6)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
	err := run(context.Background(), []string{"-zoom", "http://127.0.0.1:1", "-regress", "ls-nope"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown regression "ls-nope"`) {
		t.Errorf("an unknown regression: %v", err)
	}
}
