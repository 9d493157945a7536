#!/usr/bin/env bash
# Zoom's own sample OAuth client (github.com/zoom/zoom-oauth-sample-app) does
# its round trip against the Zoom stand-in, for an app of each build flow
# (issue 8): one stand-in (fixtures/zoomsim, in-process), an OAuth app of the
# classic flow and a General app made with its Go API (redirect URL and allow
# list = the sample's http://127.0.0.1:4000; scopes from fixtures/testapp),
# then per app: the sample's .env, `npm start`, and headless Chromium opens
# the sample, signs in as the owner, presses Allow on the consent page and
# reads the user the sample shows (it must be the owner's).
#
# Get the sample first; this script downloads nothing but the sample's npm
# packages (`npm ci`, from its package-lock.json):
#   git clone https://github.com/zoom/zoom-oauth-sample-app.git /tmp/zoom-sample
# (in our sandbox: the search tool's fetch of github:zoom/zoom-oauth-sample-app,
# then `git clone /work/.mirror/zoom+zoom-oauth-sample-app/repo /tmp/zoom-sample`).
# Checked against its commit 5b156ac ("refactored project to use built in
# functions"); none of its code is kept in this repository.
#
#   scripts/zoom-sample-app.sh /tmp/zoom-sample
#
# The checkout is left alone: a copy in a temp dir is patched at run time. The
# sample calls https://zoom.us and https://api.zoom.us over TLS with the
# hosts in its index.js; the stand-in is plain http on 127.0.0.1:<port> with
# /oauth/* and /v2/* on one origin, so the copy uses require('http') and takes
# host, port and URL from ZOOM_HOST, ZOOM_PORT, ZOOM_URL, which the driver
# sets. Needs node >= 20.6 (the sample's `nodemon --env-file`), npm, go,
# Chromium (E2E_BROWSER_BIN, default /usr/bin/chromium) and port 4000 free
# (the sample's, fixed). Exits non-zero unless both flows pass. The driver
# (a Go program below) kills the sample's process group and Chromium itself.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sample="${1:?usage: $0 PATH-TO-zoom-oauth-sample-app-CHECKOUT}"
sample=$(cd "$sample" && pwd)
[[ -f "$sample/index.js" && -f "$sample/package-lock.json" ]] ||
  { echo "$sample: not a checkout of zoom/zoom-oauth-sample-app (no index.js, package-lock.json)" >&2; exit 2; }

node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 6) ? 0 : 1)' ||
  { echo "node $(node --version) is older than 20.6: the sample's npm start uses --env-file" >&2; exit 2; }

work=$(mktemp -d /tmp/zoom-sample-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# The sample's copy, its hosts pointed at the stand-in.
mkdir "$work/sample"
tar -C "$sample" --exclude=.git --exclude=node_modules --exclude=.env -cf - . | tar -C "$work/sample" -xf -
js="$work/sample/index.js"
sed -i \
  -e "s|require('https')|require('http')|" \
  -e "s|hostname: 'zoom.us',|hostname: process.env.ZOOM_HOST, port: process.env.ZOOM_PORT,|" \
  -e "s|hostname: 'api.zoom.us',|hostname: process.env.ZOOM_HOST, port: process.env.ZOOM_PORT,|" \
  -e "s|new URL('https://zoom.us/oauth/authorize')|new URL(process.env.ZOOM_URL + '/oauth/authorize')|" \
  "$js"
# Every host was replaced, or the sample changed and this script must too.
if grep -nE "zoom\.us|require\('https'\)" "$js"; then
  echo "index.js still names a Zoom host or https (above): the sample changed; update the sed" >&2
  exit 1
fi
[[ $(grep -c 'process.env.ZOOM_' "$js") -eq 3 ]] || { echo "index.js: expected 3 patched lines" >&2; exit 1; }
echo "# the sample's index.js, patched in $work/sample:"
diff "$sample/index.js" "$js" || true

echo "# npm ci in the copy"
(cd "$work/sample" && npm ci --no-audit --no-fund --loglevel=error)

# The driver: a module of its own beside this repository's, in a workspace.
mkdir "$work/driver"
printf 'module zoomsampledriver\n\ngo 1.26\n' >"$work/driver/go.mod"
(cd "$work/driver" && go work init . "$repo")
cat >"$work/driver/main.go" <<'EOF'
// Drives Zoom's sample OAuth client (zoom/zoom-oauth-sample-app, patched to
// reach the stand-in) through its round trip, once per build flow, on one
// Zoom stand-in: an app of each flow is created with the stand-in's Go API,
// the sample is started with its credentials, and headless Chromium opens
// the sample, signs in, allows, and reads what the sample shows.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
)

const sampleURL = "http://127.0.0.1:4000" // the sample listens on 4000, fixed in its index.js

func main() {
	sample := flag.String("sample", "", "the patched copy of the sample, npm packages installed")
	bin := flag.String("chromium", "/usr/bin/chromium", "Chromium")
	flag.Parse()
	if err := run(*sample, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
}

func run(sample, bin string) error {
	start := time.Now()
	if ln, err := net.Listen("tcp", "127.0.0.1:4000"); err != nil {
		return fmt.Errorf("port 4000 (the sample's) is taken: %w", err)
	} else {
		ln.Close()
	}
	zoom, err := zoomsim.Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer zoom.Close()
	fmt.Printf("stand-in: %s\n", zoom.URL)

	runID := time.Now().UTC().Format("0102-150405")
	classic, general := testapp.New(runID), testapp.NewGeneral(runID)
	specs := []zoomsim.AppSpec{
		{Flow: zoomsim.FlowClassic, Name: classic.Name, RedirectURL: sampleURL, AllowList: []string{sampleURL},
			Scopes: classic.ScopeNames(), Info: zoomsim.AppInfo{
				ShortDescription: classic.ShortDescription, LongDescription: classic.LongDescription,
				CompanyName: classic.CompanyName, DeveloperName: classic.DeveloperName, DeveloperEmail: classic.DeveloperEmail}},
		{Flow: zoomsim.FlowGeneral, Name: "", RedirectURL: sampleURL, AllowList: []string{sampleURL},
			Scopes: general.ScopeNames()},
	}

	l := launcher.New().Bin(bin).Headless(true).
		Set("no-sandbox").Set("disable-gpu").Set("no-first-run").
		Set("disable-background-networking").Set("disable-component-update").Set("disable-sync")
	cu, err := l.Launch()
	if err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	defer l.Cleanup() // kills Chromium's tree and removes its profile
	browser := rod.New().ControlURL(cu)
	if err := browser.Connect(); err != nil {
		return err
	}
	defer browser.Close()

	failed := 0
	for _, spec := range specs {
		t0 := time.Now()
		app, err := zoom.Server.CreateApp(zoomsim.DefaultOwnerEmail, spec)
		if err != nil {
			return fmt.Errorf("creating the %s app: %w", spec.Flow, err)
		}
		fmt.Printf("\n=== flow %s: app %q (client ID %s), scopes %s\n", app.Flow, app.Name, app.ClientID, strings.Join(app.Scopes, " "))
		if err := roundTrip(sample, zoom.URL, app, browser); err != nil {
			failed++
			fmt.Printf("--- FAIL flow %s (%.1fs): %v\n", app.Flow, time.Since(t0).Seconds(), err)
			continue
		}
		fmt.Printf("--- PASS flow %s (%.1fs); tokens issued to the app: %d\n", app.Flow, time.Since(t0).Seconds(), zoom.Server.TokensIssued(app.ClientID))
	}
	fmt.Printf("\ntotal %.1fs\n", time.Since(start).Seconds())
	if failed > 0 {
		return fmt.Errorf("%d of %d flows failed", failed, len(specs))
	}
	return nil
}

// roundTrip starts the sample for the app, walks it in a fresh browser
// context and checks that it shows the owner's user.
func roundTrip(sample, zoomURL string, app zoomsim.App, browser *rod.Browser) error {
	// The sample's README: a .env with CLIENT_ID, CLIENT_SECRET, REDIRECT_URL.
	env := fmt.Sprintf("CLIENT_ID=%s\nCLIENT_SECRET=%s\nREDIRECT_URL=%s\n", app.ClientID, app.ClientSecret, sampleURL)
	if err := os.WriteFile(filepath.Join(sample, ".env"), []byte(env), 0o600); err != nil {
		return err
	}
	u, _ := url.Parse(zoomURL)
	t0 := time.Now()
	node, err := startSample(sample, u)
	if err != nil {
		return err
	}
	defer node.stop()
	fmt.Printf("npm start: listening after %.1fs\n", time.Since(t0).Seconds())
	t0 = time.Now()
	defer func() { fmt.Printf("browser round trip: %.1fs\n", time.Since(t0).Seconds()) }()

	page, err := browser.MustIncognito().Page(proto.TargetCreateTarget{})
	if err != nil {
		return err
	}
	defer page.Close()
	// Every document request the browser makes, redirects included.
	var hopsMu sync.Mutex
	var hops []string
	go page.EachEvent(func(e *proto.NetworkRequestWillBeSent) {
		if e.Type == proto.NetworkResourceTypeDocument {
			hopsMu.Lock()
			hops = append(hops, e.Request.Method+" "+e.Request.URL)
			hopsMu.Unlock()
		}
	})()
	defer func() {
		hopsMu.Lock()
		defer hopsMu.Unlock()
		fmt.Println("browser's document requests:")
		for _, h := range hops {
			fmt.Println("  ", redactCode(h))
		}
	}()
	p := page.Timeout(30 * time.Second)

	if err := p.Navigate(sampleURL + "/"); err != nil {
		return err
	}
	if err := p.WaitLoad(); err != nil {
		return err
	}
	if info := p.MustInfo(); !strings.HasPrefix(info.URL, zoomURL+"/signin") {
		return fmt.Errorf("the sample did not send the browser to the stand-in's sign-in: at %s", info.URL)
	}
	if btn, err := p.Element("#onetrust-accept-btn-handler"); err == nil {
		if err := btn.Click(proto.InputMouseButtonLeft, 1); err != nil {
			return fmt.Errorf("cookie banner: %w", err)
		}
	}
	if err := fill(p, "#email", zoomsim.DefaultOwnerEmail, "Next"); err != nil {
		return err
	}
	wait := p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	if err := fill(p, "#password", zoomsim.DefaultOwnerPassword, "Sign In"); err != nil {
		return err
	}
	wait()
	allow, err := p.Element(`button[value="allow"]`)
	if err != nil {
		return fmt.Errorf("no consent page: %w", err)
	}
	h1, _ := p.MustElement("h1").Text()
	fmt.Printf("consent page: %q\n", h1)
	for _, li := range p.MustElements("ul.consent-scopes li") {
		fmt.Printf("  - %s\n", li.MustText())
	}
	wait = p.WaitNavigation(proto.PageLifecycleEventNameLoad)
	if err := allow.Click(proto.InputMouseButtonLeft, 1); err != nil {
		return err
	}
	wait()
	at := p.MustInfo().URL
	fmt.Printf("back at the sample: %s\n", redactCode(at))
	pre, err := p.Element("pre")
	if err != nil {
		return fmt.Errorf("the sample showed no <pre> at %s (its log: %s)", at, node.log())
	}
	text, err := pre.Text()
	if err != nil {
		return err
	}
	fmt.Printf("the sample shows:\n%s\n", text)
	var user map[string]any
	if err := json.Unmarshal([]byte(text), &user); err != nil {
		return fmt.Errorf("the sample's page is not JSON: %w", err)
	}
	if user["email"] != zoomsim.DefaultOwnerEmail || user["id"] == nil {
		return fmt.Errorf("the sample shows no owner's user (email %v, code %v, message %v)", user["email"], user["code"], user["message"])
	}
	if l := node.log(); l != "" {
		fmt.Printf("the sample's output:\n%s", l)
	}
	return nil
}

// redactCode shortens the code in a URL ("GET <url>" too): it was used
// once, but a log has no business holding one.
func redactCode(s string) string {
	method, rest, found := strings.Cut(s, " ")
	if found {
		return method + " " + redactCode(rest)
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	q := u.Query()
	if c := q.Get("code"); c != "" {
		q.Set("code", c[:4]+"…")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func fill(p *rod.Page, sel, value, button string) error {
	in, err := p.Element(sel)
	if err != nil {
		return fmt.Errorf("%s: %w", sel, err)
	}
	if err := in.Input(value); err != nil {
		return err
	}
	b, err := p.ElementR("button", "^"+button+"$")
	if err != nil {
		return fmt.Errorf("button %q: %w", button, err)
	}
	return b.Click(proto.InputMouseButtonLeft, 1)
}

// sampleProc is `npm start` of the sample (npm → nodemon → node), in a
// process group of its own so that stop ends all three.
type sampleProc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startSample(dir string, zoom *url.URL) (*sampleProc, error) {
	cmd := exec.Command("npm", "start")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"ZOOM_HOST="+zoom.Hostname(), "ZOOM_PORT="+zoom.Port(), "ZOOM_URL="+zoom.String())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		pw.Close()
		pr.Close()
		return nil, err
	}
	pw.Close()
	sp := &sampleProc{cmd: cmd, done: make(chan struct{})}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		once := sync.Once{}
		for sc.Scan() {
			sp.mu.Lock()
			sp.out.WriteString("  | " + sc.Text() + "\n")
			sp.mu.Unlock()
			if strings.Contains(sc.Text(), "Server listening on port 4000") {
				once.Do(func() { close(ready) })
			}
		}
		pr.Close()
	}()
	go func() { _ = cmd.Wait(); close(sp.done) }()
	select {
	case <-ready:
		return sp, nil
	case <-sp.done:
		return nil, fmt.Errorf("npm start ended: %s", sp.log())
	case <-time.After(60 * time.Second):
		sp.stop()
		return nil, fmt.Errorf("npm start: not listening after 60s: %s", sp.log())
	}
}

func (sp *sampleProc) log() string {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.out.String()
}

// stop ends the sample's process group (the one it was started in).
func (sp *sampleProc) stop() {
	pgid := sp.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-sp.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-sp.done
	}
	// The port is free again before the next flow's sample starts.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		ln, err := net.Listen("tcp", "127.0.0.1:4000")
		if err == nil {
			ln.Close()
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Fprintln(os.Stderr, "port 4000 still taken after the sample stopped")
}
EOF

echo "# building the driver"
(cd "$work/driver" && GOWORK="$work/driver/go.work" go build -o "$work/drive" .)
"$work/drive" -sample "$work/sample" -chromium "${E2E_BROWSER_BIN:-/usr/bin/chromium}"
echo "# done in $(( $(date +%s) - start ))s"
