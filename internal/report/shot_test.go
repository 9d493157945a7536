package report

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/internal/browser"
)

var chrome *browser.Browser

func TestMain(m *testing.M) {
	b, err := browser.Launch()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	chrome = b
	code := m.Run()
	_ = b.Close()
	os.Exit(code)
}

const secret = "cs_Very-Secret-Value-42"

const credentialsPage = `<!DOCTYPE html><html><body style="margin:0">
<label>Password <input id="pw" type="password" style="position:absolute;left:10px;top:10px;width:200px;height:20px"></label>
<p id="sec" style="position:absolute;left:10px;top:60px;margin:0">Client Secret: ` + secret + `</p>
<input id="val" value="x ` + secret + `" style="position:absolute;left:10px;top:110px;width:300px;height:20px">
<button id="go" style="position:absolute;left:10px;top:160px;width:80px;height:30px">Continue</button>
</body></html>`

// The shot of a step covers the password and every secret on the page and
// outlines the control acted on, then leaves the page as it was.
func TestShooterCoversSecretsAndOutlinesTheControl(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(credentialsPage))
	}))
	defer srv.Close()
	s, err := chrome.NewSession()
	require.NoError(t, err)
	defer func() { _ = s.Close() }()
	p := s.Page
	require.NoError(t, p.Navigate(srv.URL))
	require.NoError(t, p.WaitLoad())
	_, err = p.Eval(`() => { document.getElementById("pw").value = "Sim-Owner-Pass-1"; }`)
	require.NoError(t, err)
	btn, err := p.Element("#go")
	require.NoError(t, err)

	// The overlay as the shot sees it: each secret's box covered, the
	// button outlined.
	_, err = btn.Eval(`function(...secrets) { (`+decorateJS+`)(this, secrets); }`, secret)
	require.NoError(t, err)
	res, err := p.Eval(`() => {
		const boxes = Array.from(document.getElementById("` + ShotOverlayID + `").children).map((d) => d.getBoundingClientRect());
		const covered = (id) => { const r = document.getElementById(id).getBoundingClientRect();
			return boxes.some((b) => b.left <= r.left + 1 && b.top <= r.top + 1 && b.right >= r.right - 1 && b.bottom >= r.bottom - 1); };
		const text = document.getElementById("sec").firstChild; const rg = document.createRange(); rg.selectNodeContents(text);
		const tr = rg.getBoundingClientRect();
		return {pw: covered("pw"), val: covered("val"), go: covered("go"),
			text: boxes.some((b) => b.left <= tr.left + 1 && b.right >= tr.right - 1 && b.top <= tr.top + 1 && b.bottom >= tr.bottom - 1),
			n: boxes.length};
	}`)
	require.NoError(t, err)
	v := res.Value
	assert.True(t, v.Get("pw").Bool(), "the password input is covered")
	assert.True(t, v.Get("val").Bool(), "a field holding the secret is covered")
	assert.True(t, v.Get("text").Bool(), "the text holding the secret is covered")
	assert.True(t, v.Get("go").Bool(), "the button is outlined")
	_, err = p.Eval(undecorateJS)
	require.NoError(t, err)

	// The Shooter: one JPEG for the step, taken at its first action, and
	// the page left without the overlay.
	sh := &Shooter{Dir: t.TempDir(), Secrets: func() []string { return []string{secret} }}
	sh.Begin("10.1")
	sh.Observe("click", btn)
	sh.Observe("click", btn) // a second action of the step takes no other shot
	path := sh.End(p)
	require.NotEmpty(t, path)
	img, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(img, []byte{0xFF, 0xD8}), "a JPEG")
	gone, err := p.Eval(`() => document.getElementById("` + ShotOverlayID + `") === null`)
	require.NoError(t, err)
	assert.True(t, gone.Value.Bool(), "the covers are taken off after the shot")

	// A step without an action is shot when it ends.
	sh.Begin("14")
	assert.NotEmpty(t, sh.End(p))
}
