package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lszoom/fixtures/learningspace"
)

// start runs the command until the test ends and returns the first line of
// its stdout, which scripts read as the base URL.
func start(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw, io.Discard)
		_ = pw.Close() // never fails (io.PipeWriter); the reader sees EOF
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("after shutdown: %v", err)
		}
	})
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output: %v (%v)", lines.Err(), <-done)
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck
	return lines.Text()
}

func TestFirstLineIsTheBaseURLOfAFreePort(t *testing.T) {
	first := start(t, "-addr", "127.0.0.1:0", "-zoom", "http://127.0.0.1:9")
	u, err := url.Parse(first)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || u.Port() == "0" || u.Path != "" {
		t.Fatalf("first line %q is not the base URL", first)
	}
	resp, err := http.Get(first + "/login")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	if resp.StatusCode != 200 {
		t.Fatalf("GET /login: %d", resp.StatusCode)
	}
}

func TestLatencyFlag(t *testing.T) {
	const latency = 200 * time.Millisecond
	base := start(t, "-addr", "127.0.0.1:0", "-zoom", "http://127.0.0.1:9", "-latency", latency.String(), "-jitter", "10ms")
	t0 := time.Now()
	resp, err := http.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	if d := time.Since(t0); d < latency {
		t.Fatalf("GET /login took %v under -latency %v", d, latency)
	}
}

func TestFlagErrors(t *testing.T) {
	for args, want := range map[string]string{
		"":                       "-zoom is required",
		"-zoom x -latency -1s":   "flag -latency: must not be negative",
		"-zoom x -jitter -1ms":   "flag -jitter: must not be negative",
		"-zoom x -jitter banana": "invalid value",
	} {
		err := run(context.Background(), strings.Fields(args), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", args, err, want)
		}
	}
}

// -earlier-run starts with the Zoom credentials a previous run saved.
func TestEarlierRunFlag(t *testing.T) {
	for _, earlier := range []bool{false, true} {
		args := []string{"-addr", "127.0.0.1:0", "-zoom", "http://127.0.0.1:9"}
		if earlier {
			args = append(args, "-earlier-run")
		}
		resp, err := http.Get(start(t, args...) + learningspace.StatePath)
		if err != nil {
			t.Fatal(err)
		}
		var st learningspace.State
		err = json.NewDecoder(resp.Body).Decode(&st)
		_ = resp.Body.Close() // decoded above
		if err != nil {
			t.Fatal(err)
		}
		if got := len(st.ZoomClientID) == 22; got != earlier {
			t.Errorf("-earlier-run=%v: Client ID %q", earlier, st.ZoomClientID)
		}
	}
}
