package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
	"time"
)

// servingLine is what scripts parse to find the stand-in; its format is a
// contract (docs/standins.md).
var servingLine = regexp.MustCompile(`^zoomsim: serving the Zoom stand-in on (http://127\.0\.0\.1:\d+)$`)

// start runs the command with args until the test ends and returns its URL
// from the first line of stdout.
func start(t *testing.T, args ...string) string {
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
	if !lines.Scan() {
		t.Fatalf("no output: %v", lines.Err())
	}
	m := servingLine.FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line %q does not say where it serves", lines.Text())
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck // keep the logger from blocking
	return m[1]
}

func TestServesOnAFreePortAndSaysWhere(t *testing.T) {
	base := start(t, "-addr", "127.0.0.1:0")
	resp, err := http.Get(base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status matters here
	if resp.StatusCode != 200 {
		t.Fatalf("GET /signin: %d", resp.StatusCode)
	}
}

func TestSpinnerFlagHoldsSaves(t *testing.T) {
	const hold = 250 * time.Millisecond
	base := start(t, "-addr", "127.0.0.1:0", "-spinner", hold.String())
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	post := func(path, body string) int {
		t.Helper()
		resp, err := c.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close() // only the status matters here
		return resp.StatusCode
	}
	if st := post("/api/signin", `{"email":"owner@example.test","password":"Sim-Owner-Pass-1"}`); st != 200 {
		t.Fatalf("sign-in: %d", st)
	}
	t0 := time.Now()
	if st := post("/api/apps", `{"name":"Held","type":"OAuth","management":"user"}`); st != 201 {
		t.Fatalf("create: %d", st)
	}
	if d := time.Since(t0); d < hold {
		t.Fatalf("a save took %v under -spinner %v", d, hold)
	}
}

func TestFlagErrorsNameTheFlag(t *testing.T) {
	for _, args := range [][]string{{"-spinner", "-1s"}, {"-latency", "-1ms"}, {"-fail-nth-save", "-2"}} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "flag "+args[0]) {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}
