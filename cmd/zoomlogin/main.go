// Command zoomlogin is `make login`: it opens a visible Chromium on Zoom's
// sign-in page (ZOOM_WEB_URL), waits for a person to sign in there, code
// and all, and saves the browser's sign-in (cookies and local storage) to
// E2E_SESSION_FILE with mode 0600. Sandbox runs (the nightly) start from
// that file: the live sign-in asks robots for reCAPTCHA and emailed codes.
// It then runs guide step 1 from the saved session, as a run starts: with
// ZOOM_ACCOUNT_NUMBER set, a session of another account is removed.
// With a maintenance app configured (ZOOM_API_CLIENT_ID, _SECRET,
// _REDIRECT_URL), the signed-in browser then authorizes it, and its token is
// saved beside the session (E2E_API_TOKEN_FILE, 0600): runs check and clean
// up through Zoom's Marketplace API with it.
//
//	ZOOM_WEB_URL=https://zoom.us E2E_SESSION_FILE=.zoom-session.json go run ./cmd/zoomlogin
//
// It needs a display (DISPLAY or WAYLAND_DISPLAY); without one it says how
// to get one. Nothing of the session is printed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"lszoom/internal/config"
	"lszoom/internal/harness"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// noDisplay is what to do on a machine without a display.
const noDisplay = `zoomlogin: a person must sign in in a visible browser, and there is no display (DISPLAY is not set).
Run make login on a machine with a desktop (then copy the session file, mode 0600, where the runs are),
or over ssh -X, or on a virtual display you can see:
  Xvfb :99 -screen 0 1280x900x24 & x11vnc -display :99 -localhost &   # then a VNC viewer on port 5900 (ssh -L 5900:localhost:5900)
  DISPLAY=:99 make login`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zoomlogin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	wait := fs.Duration("wait", 10*time.Minute, "how long to wait for the sign-in")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg, err := config.LoadLogin()
	if err != nil {
		_, _ = fmt.Fprintln(stderr, err)
		return 2
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		_, _ = fmt.Fprintln(stderr, noDisplay)
		return 2
	}
	h, err := harness.Open(cfg.Config(), harness.Options{})
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "zoomlogin:", err)
		return 1
	}
	defer func() { _ = h.Close() }()
	logf := func(format string, a ...any) { _, _ = fmt.Fprintf(stdout, "zoomlogin: "+format+"\n", a...) }
	w, err := h.NewWorld(ctx, harness.WorldOptions{Name: "make login", Log: logf, Fresh: true})
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "zoomlogin:", err)
		return 1
	}
	defer func() { _ = w.Close() }()
	wctx, cancel := context.WithTimeout(ctx, *wait)
	defer cancel()
	if err := w.SaveSignIn(wctx); err != nil {
		_, _ = fmt.Fprintln(stderr, "zoomlogin:", strings.TrimPrefix(err.Error(), "zoomlogin: "))
		return 1
	}
	return 0
}
