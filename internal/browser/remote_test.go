package browser

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
