package session

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"lszoom/internal/browser"
)

func TestSaveIsTheOwnersOnlyAndLoadNeverQuotesTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	// An older file anyone could read is replaced, not rewritten in place.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := State{Saved: time.Now(), Cookies: []*proto.NetworkCookie{{Name: "_zm_ssid", Value: "Cookie-Secret-1", Domain: "zoom.us", Path: "/"}}}
	if err := Save(path, st); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != FileMode {
		t.Errorf("mode %04o, want %04o", fi.Mode().Perm(), FileMode)
	}
	got, err := Load(path)
	if err != nil || len(got.Cookies) != 1 || got.Cookies[0].Value != "Cookie-Secret-1" {
		t.Fatalf("Load: %v, %v", got, err)
	}
	for _, s := range []string{got.String(), got.GoString()} {
		if strings.Contains(s, "Cookie-Secret-1") {
			t.Errorf("%q shows a cookie's value", s)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".session-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"cookies": "Cookie-Secret-2`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || strings.Contains(err.Error(), "Cookie-Secret-2") || !strings.Contains(err.Error(), "make login") {
		t.Errorf("Load of a broken file: %v", err)
	}
}

// A signed-in browser context's cookies and local storage, captured, given
// to another context, sign that one in: the site sees the same cookie, the
// page the same local storage.
func TestCaptureThenRestoreSignsAnotherContextIn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/signin":
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "s3cret", Path: "/", HttpOnly: true})
			_, _ = w.Write([]byte(`<script>localStorage.setItem("theme", "dark")</script>signed in`))
		case "/whoami":
			c, err := r.Cookie("sid")
			who := "nobody"
			if err == nil && c.Value == "s3cret" {
				who = "owner"
			}
			_, _ = w.Write([]byte(`<p id=who>` + who + `</p><script>document.title = localStorage.getItem("theme") || "none"</script>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	b, err := browser.Launch()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = b.Close() }()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	first, err := b.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = first.Close() }()
	p := first.Page.Context(ctx)
	if err := p.Navigate(srv.URL + "/signin"); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	st, err := Capture(ctx, first.Context, first.Page)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Cookies) != 1 || len(st.Origins) != 1 || st.Origins[0].LocalStorage["theme"] != "dark" {
		t.Fatalf("captured %v: %+v", st, st.Origins)
	}

	second, err := b.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = second.Close() }()
	if err := Restore(ctx, second.Context, second.Page, st); err != nil {
		t.Fatal(err)
	}
	q := second.Page.Context(ctx)
	if err := q.Navigate(srv.URL + "/whoami"); err != nil {
		t.Fatal(err)
	}
	if err := q.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	who, err := q.Eval(`() => document.getElementById("who").textContent + " " + document.title`)
	if err != nil {
		t.Fatal(err)
	}
	if got := who.Value.Str(); got != "owner dark" {
		t.Errorf("the restored context is %q, want %q", got, "owner dark")
	}
}
