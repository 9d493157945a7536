package checkin

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seen is one request as the monitor received it.
type seen struct {
	Method, Path, Query, Body string
}

// recorder is a monitor answering status to every call and keeping them.
func recorder(t *testing.T, status int) (*httptest.Server, func() []seen) {
	t.Helper()
	var mu sync.Mutex
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seen{r.Method, r.URL.Path, r.URL.RawQuery, string(b)})
		mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []seen { mu.Lock(); defer mu.Unlock(); return append([]seen(nil), got...) }
}

// silent is a monitor that never answers: each handler blocks until the
// client gives up or the test ends.
func silent(t *testing.T) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs first: lets Close return
	return srv
}

// within fails the test at once if f has not returned after d, rather than
// letting an unbounded call hang it until go test's own timeout.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	ret := make(chan struct{})
	go func() { defer close(ret); f() }()
	select {
	case <-ret:
	case <-time.After(d):
		t.Fatalf("still waiting after %v", d)
	}
}

const hcUUID = "5f3c1d2e-9a8b-4c7d-8e6f-0a1b2c3d4e5f"

func TestHealthchecksStartOkFail(t *testing.T) {
	srv, got := recorder(t, http.StatusOK)
	c, err := New(srv.URL + "/" + hcUUID)
	require.NoError(t, err)
	assert.Equal(t, KindHealthchecks, c.Kind())

	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	require.NoError(t, c.Finish(ctx, true, 90*time.Second, "  12 steps passed \n"))
	require.NoError(t, c.Finish(ctx, false, 0, ""))

	assert.Equal(t, []seen{
		{"POST", "/" + hcUUID + "/start", "", "lszoom nightly: started"},
		{"POST", "/" + hcUUID, "", "lszoom nightly: ok after 1m30s\n12 steps passed"},
		{"POST", "/" + hcUUID + "/fail", "", "lszoom nightly: error (duration unknown)"},
	}, got())
}

// The ping-key/slug form keeps its query (auto-provisioning).
func TestHealthchecksSlugKeepsQuery(t *testing.T) {
	srv, got := recorder(t, http.StatusOK)
	c, err := New(srv.URL + "/ping/Kx2pingkey9/lszoom-nightly/?create=1")
	require.NoError(t, err)
	require.NoError(t, c.Start(context.Background()))
	require.NoError(t, c.Finish(context.Background(), false, time.Minute, "x"))
	g := got()
	require.Len(t, g, 2)
	assert.Equal(t, seen{"POST", "/ping/Kx2pingkey9/lszoom-nightly/start", "create=1", "lszoom nightly: started"}, g[0])
	assert.Equal(t, seen{"POST", "/ping/Kx2pingkey9/lszoom-nightly/fail", "create=1", "lszoom nightly: error after 1m0s\nx"}, g[1])
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSentryStartOkError(t *testing.T) {
	srv, got := recorder(t, http.StatusAccepted)
	const path = "/api/4507/cron/lszoom-nightly/0123abcdpublickey/"
	c, err := New(srv.URL + path + "?environment=nightly")
	require.NoError(t, err)
	assert.Equal(t, KindSentry, c.Kind())
	id := c.CheckInID()
	require.Regexp(t, uuidRE, id)

	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	require.NoError(t, c.Finish(ctx, true, 1500*time.Millisecond, "ignored by Sentry"))
	require.NoError(t, c.Finish(ctx, false, 0, ""))

	assert.Equal(t, []seen{
		{"GET", path, "check_in_id=" + id + "&environment=nightly&status=in_progress", ""},
		{"GET", path, "check_in_id=" + id + "&duration=1.500&environment=nightly&status=ok", ""},
		{"GET", path, "check_in_id=" + id + "&environment=nightly&status=error", ""},
	}, got())
}

func TestSentryPairsWithSavedID(t *testing.T) {
	srv, got := recorder(t, http.StatusAccepted)
	const id = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
	c, err := New(srv.URL+"/api/1/cron/n/k3y/", WithCheckInID(id))
	require.NoError(t, err)
	require.NoError(t, c.Finish(context.Background(), true, time.Hour, ""))
	assert.Equal(t, "check_in_id="+id+"&duration=3600.000&status=ok", got()[0].Query)
}

func TestKinds(t *testing.T) {
	for _, tc := range []struct{ url, kind string }{
		{"https://hc-ping.com/" + hcUUID, KindHealthchecks},
		{"https://hc-ping.com/api/1/cron/x/y/", KindHealthchecks},
		{"https://o12.ingest.sentry.io/api/34/cron/nightly/abc/", KindSentry},
		{"https://o12.ingest.us.sentry.io/api/34/cron/nightly/abc", KindSentry},
		{"http://sentry.internal:9000/api/2/cron/nightly/abc/", KindSentry},
		{"https://hc.example.org/ping/" + hcUUID, KindHealthchecks},
		{"https://o12.ingest.sentry.io/api/34/store/", ""},
		{"https://hc.example.org/", ""},
		{"ftp://hc-ping.com/" + hcUUID, ""},
		{"hc-ping.com/" + hcUUID, ""},
		{"", ""},
	} {
		c, err := New(tc.url)
		if tc.kind == "" {
			assert.Error(t, err, tc.url)
			if err != nil {
				assert.NotContains(t, err.Error(), hcUUID)
			}
			continue
		}
		if assert.NoError(t, err, tc.url) {
			assert.Equal(t, tc.kind, c.Kind(), tc.url)
		}
	}
}

// A monitor that never answers holds a call up for its timeout, not more.
func TestTimeoutBoundsCall(t *testing.T) {
	srv := silent(t)
	for _, u := range []string{srv.URL + "/" + hcUUID, srv.URL + "/api/9/cron/nightly/s3cretkey/"} {
		const timeout = 200 * time.Millisecond
		c, err := New(u, WithTimeout(timeout))
		require.NoError(t, err)
		var elapsed time.Duration
		within(t, timeout+2*time.Second, func() {
			begin := time.Now()
			err = c.Start(context.Background())
			elapsed = time.Since(begin)
		})
		require.Error(t, err)
		assert.Less(t, elapsed, timeout+2*time.Second)
		assert.True(t, errors.Is(err, context.DeadlineExceeded), err)
		assert.Contains(t, err.Error(), "timed out after 200ms")
		assert.NotContains(t, err.Error(), hcUUID)
		assert.NotContains(t, err.Error(), "s3cretkey")
	}
}

func TestHTTPErrorIsMasked(t *testing.T) {
	srv, _ := recorder(t, http.StatusNotFound)
	c, err := New(srv.URL + "/" + hcUUID + "?token=tok123456")
	require.NoError(t, err)
	err = c.Finish(context.Background(), true, time.Second, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "404")
	assert.Contains(t, err.Error(), srv.URL+"/***?token=***")
	assert.NotContains(t, err.Error(), hcUUID)
	assert.NotContains(t, err.Error(), "tok123456")
}

func TestUnreachableIsMasked(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL + "/api/3/cron/n/pubkey12345/"
	srv.Close() // nothing listens there any more
	c, err := New(u, WithTimeout(time.Second))
	require.NoError(t, err)
	err = c.Start(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "pubkey12345")
	assert.Contains(t, err.Error(), "/api/3/cron/n/***/")
}

func TestLogTextIsBounded(t *testing.T) {
	s := LogText("error", time.Minute, strings.Repeat("é", MaxBody))
	assert.LessOrEqual(t, len(s), MaxBody)
	assert.True(t, strings.HasPrefix(s, "lszoom nightly: error after 1m0s\né"))
	assert.True(t, strings.HasSuffix(s, "é"), "cut on a character boundary")
}
