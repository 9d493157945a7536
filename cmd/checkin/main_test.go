package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/internal/checkin"
)

type seen struct {
	Method, Path string
	Query        url.Values
}

func recorder(t *testing.T, status int) (*httptest.Server, func() []seen) {
	t.Helper()
	var mu sync.Mutex
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.Path, r.URL.Query()})
		mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []seen { mu.Lock(); defer mu.Unlock(); return append([]seen(nil), got...) }
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// fixed sets the clock for the rest of the test.
func fixed(t *testing.T, at time.Time) {
	old := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = old })
}

const (
	uuid = "5f3c1d2e-9a8b-4c7d-8e6f-0a1b2c3d4e5f"
	key  = "0123abcdpublickey"
)

func TestUnsetDoesNothing(t *testing.T) {
	state := filepath.Join(t.TempDir(), "s.json")
	var stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"-state", state, "start"}, envOf(nil), &stderr))
	assert.Equal(t, 1, strings.Count(stderr.String(), EnvURL+" is not set"), stderr.String())
	assert.Equal(t, 1, strings.Count(stderr.String(), "\n"))
	assert.NoFileExists(t, state)
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"bogus"}, {"start", "ok"}, {"-nope", "start"}} {
		var stderr bytes.Buffer
		assert.Equal(t, 2, run(args, envOf(nil), &stderr), args)
		assert.Contains(t, stderr.String(), "usage: checkin", args)
	}
}

func TestSentryStartThenError(t *testing.T) {
	srv, got := recorder(t, http.StatusAccepted)
	path := "/api/4507/cron/lszoom-nightly/" + key + "/"
	env := envOf(map[string]string{EnvURL: srv.URL + path})
	state := filepath.Join(t.TempDir(), "s.json")
	var stderr bytes.Buffer
	t0 := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)

	fixed(t, t0)
	require.Equal(t, 0, run([]string{"-state", state, "start"}, env, &stderr))
	require.FileExists(t, state)
	fixed(t, t0.Add(90*time.Second))
	require.Equal(t, 0, run([]string{"-state", state, "-message", "3 failed", "error"}, env, &stderr))

	g := got()
	require.Len(t, g, 2)
	id := g[0].Query.Get("check_in_id")
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
	assert.Equal(t, seen{"GET", path, url.Values{"status": {"in_progress"}, "check_in_id": {id}}}, g[0])
	assert.Equal(t, seen{"GET", path, url.Values{"status": {"error"}, "check_in_id": {id}, "duration": {"90.000"}}}, g[1])
	assert.NoFileExists(t, state, "removed once the end is sent")

	out := stderr.String()
	assert.NotContains(t, out, key)
	assert.Contains(t, out, "start sent to "+srv.URL+"/api/4507/cron/lszoom-nightly/***/ (sentry)")
	assert.Contains(t, out, "error sent to "+srv.URL+"/api/4507/cron/lszoom-nightly/***/ (sentry)")
}

func TestHealthchecksStartThenOk(t *testing.T) {
	srv, got := recorder(t, http.StatusOK)
	env := envOf(map[string]string{EnvURL: srv.URL + "/" + uuid})
	state := filepath.Join(t.TempDir(), "s.json")
	var stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-state", state, "start"}, env, &stderr))
	require.Equal(t, 0, run([]string{"-state", state, "ok"}, env, &stderr))

	g := got()
	require.Len(t, g, 2)
	assert.Equal(t, seen{"POST", "/" + uuid + "/start", url.Values{}}, g[0])
	assert.Equal(t, seen{"POST", "/" + uuid, url.Values{}}, g[1])
	assert.NotContains(t, stderr.String(), uuid)
	assert.Contains(t, stderr.String(), "ok sent to "+srv.URL+"/*** (healthchecks)")
}

// Without the state start leaves, the end still goes out, unpaired.
func TestFinishWithoutState(t *testing.T) {
	srv, got := recorder(t, http.StatusAccepted)
	env := envOf(map[string]string{EnvURL: srv.URL + "/api/1/cron/n/" + key + "/"})
	var stderr bytes.Buffer
	state := filepath.Join(t.TempDir(), "none.json")
	require.Equal(t, 0, run([]string{"-state", state, "ok"}, env, &stderr))
	require.Len(t, got(), 1)
	assert.Equal(t, "ok", got()[0].Query.Get("status"))
	assert.Empty(t, got()[0].Query.Get("duration"))
	assert.Contains(t, stderr.String(), "no start to pair with")
}

// A monitor that never answers: each run returns within its timeout (flag
// or environment) plus a margin, exit status 0, "timed out", key masked.
func TestSilentMonitor(t *testing.T) {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) })

	const timeout = 300 * time.Millisecond
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"flag": {[]string{"-timeout", "300ms", "start"}, map[string]string{EnvTimeout: "1h"}},
		"env":  {[]string{"error"}, map[string]string{EnvTimeout: "300ms"}},
	} {
		tc.env[EnvURL] = srv.URL + "/api/2/cron/nightly/" + key + "/?token=t0ps3cret"
		args := append([]string{"-state", filepath.Join(t.TempDir(), "s.json")}, tc.args...)
		var stderr bytes.Buffer
		code, elapsed, ret := -1, time.Duration(0), make(chan struct{})
		go func() {
			defer close(ret)
			begin := time.Now()
			code = run(args, envOf(tc.env), &stderr)
			elapsed = time.Since(begin)
		}()
		select {
		case <-ret:
		case <-time.After(timeout + 2*time.Second):
			t.Fatalf("%s: run still waiting after %v", name, timeout+2*time.Second)
		}
		assert.Equal(t, 0, code, name)
		assert.Less(t, elapsed, timeout+2*time.Second, name)
		out := stderr.String()
		assert.Contains(t, out, "timed out after 300ms", name)
		assert.Contains(t, out, "/api/2/cron/nightly/***/?token=***", name)
		assert.NotContains(t, out, key, name)
		assert.NotContains(t, out, "t0ps3cret", name)
	}
}

func TestUnusableURL(t *testing.T) {
	for _, u := range []string{"https://o1.ingest.sentry.io/api/2/store/" + key, "not a url " + key} {
		var stderr bytes.Buffer
		state := filepath.Join(t.TempDir(), "s.json")
		assert.Equal(t, 0, run([]string{"-state", state, "start"}, envOf(map[string]string{EnvURL: u}), &stderr))
		assert.Contains(t, stderr.String(), "not sent")
		assert.NotContains(t, stderr.String(), key)
		assert.NoFileExists(t, state)
	}
}

func TestDefaultStatePath(t *testing.T) {
	srv, _ := recorder(t, http.StatusOK)
	dir := t.TempDir()
	env := envOf(map[string]string{EnvURL: srv.URL + "/" + uuid, "TMPDIR": dir})
	require.Equal(t, 0, run([]string{"start"}, env, &bytes.Buffer{}))
	s, err := checkin.ReadState(filepath.Join(dir, "lszoom-checkin.json"))
	require.NoError(t, err)
	assert.Equal(t, checkin.KindHealthchecks, s.Kind)
}
