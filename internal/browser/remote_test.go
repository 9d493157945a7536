package browser

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/launcher/flags"
)

// An endpoint that is not a browser is one error naming the variable, and
// no token of its URL.
func TestConnectErrorsNameTheVariable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := l.Addr().String()
	_ = l.Close() // nothing listens there now
	notDevTools := httptest.NewServer(http.NotFoundHandler())
	defer notDevTools.Close()

	for _, c := range []struct {
		name    string
		connect func() (*Browser, error)
		want    []string
	}{
		{"refused ws", func() (*Browser, error) { return Connect("ws://" + refused + "/devtools/browser/x?token=Tok-Secret-1") },
			[]string{`browser: E2E_BROWSER_URL="ws://` + refused + `/devtools/browser/x?token=***"`, "connecting to"}},
		{"refused http", func() (*Browser, error) { return Connect("http://" + refused) },
			[]string{`browser: E2E_BROWSER_URL="http://` + refused + `"`, "/json/version"}},
		{"not DevTools", func() (*Browser, error) { return Connect(notDevTools.URL) },
			[]string{`E2E_BROWSER_URL=`, "404", "not a Chrome DevTools endpoint"}},
		{"no manager", func() (*Browser, error) { return ConnectManaged("ws://" + refused) },
			[]string{`browser: E2E_ROD_MANAGER_URL="ws://` + refused + `"`, "no go-rod manager answers"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.connect()
			if err == nil {
				_ = b.Close()
				t.Fatal("want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "Tok-Secret-1") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q shows the token or spans lines", err)
			}
		})
	}
}

// A peer that takes the connection and never answers the handshake ends
// in an error when the connect deadline passes, not in a hang.
func TestConnectToASilentPeerTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	go func() {
		var held []net.Conn // open and silent until the listener closes
		defer func() {
			for _, c := range held {
				_ = c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	defer func(d time.Duration) { connectTimeout = d }(connectTimeout)
	connectTimeout = 300 * time.Millisecond
	done := make(chan error, 1)
	go func() {
		b, err := Connect("ws://" + l.Addr().String() + "/devtools/browser/x")
		if err == nil {
			_ = b.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "E2E_BROWSER_URL") {
			t.Fatalf("got %v, want a timeout naming E2E_BROWSER_URL", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Connect still waiting 10 s after a 300 ms deadline")
	}
}

// A go-rod manager whose defaults are rod's own (the ghcr.io/go-rod/rod
// image) launches the browser with the harness's flags, UnusedFeatures off
// included, added to its defaults.
func TestAManagersBrowserGetsTheHarnesssFlags(t *testing.T) {
	srv := httptest.NewServer(launcher.NewManager()) // rod's defaults; nothing is launched here
	defer srv.Close()
	l, err := launcher.NewManaged("ws://" + srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	l = managed(l, false)
	vals, _ := l.GetFlags("disable-features")
	off := strings.Join(vals, ",")
	for _, f := range append([]string{"site-per-process"}, UnusedFeatures...) { // rod's default, then ours
		if !strings.Contains(off, f) {
			t.Errorf("--disable-features=%s lacks %s", off, f)
		}
	}
	for _, f := range []flags.Flag{"no-sandbox", "disable-background-networking", "headless"} {
		if !l.Has(f) {
			t.Errorf("no --%s", f)
		}
	}
}
