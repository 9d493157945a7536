// Command janitor is `make janitor OLDER_THAN=24h`: it deletes, through
// the Marketplace's Created Apps page (the row's menu, Delete, confirm), the
// apps the harness made (named "CAE LearningSpace e2e <run ID> …") that are
// older than -older-than, left by runs that were killed before their own
// clean-up. It reads the sandbox configuration (E2E_TARGET=sandbox and its
// variables, see .env.example), starts from the saved session
// (E2E_SESSION_FILE) or the password, and checks the account guard
// (ZOOM_ACCOUNT_NUMBER) before deleting anything.
//
// An app's age comes from the run ID in its name when the harness generated
// it (rMMDD-HHMMSS-xxxx, UTC), else from the Created column's date, taken
// late enough never to delete early; an app whose age is known neither way,
// and every app without the prefix, is left alone (flow.Stale).
//
//	go run ./cmd/janitor -older-than 24h
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"lszoom/fixtures/testapp"
	"lszoom/internal/browser"
	"lszoom/internal/config"
	"lszoom/internal/session"
	"lszoom/internal/zoomapi"
	"lszoom/pages/flow"
	"lszoom/pages/zoom"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("janitor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	olderThan := fs.Duration("older-than", 24*time.Hour, "delete the harness's apps older than this (0s: all of them)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *olderThan < 0 {
		_, _ = fmt.Fprintln(stderr, "janitor: -older-than must not be negative")
		return 2
	}
	cfg, err := config.Load()
	if err != nil {
		_, _ = fmt.Fprintln(stderr, err)
		return 2
	}
	if cfg.Target != config.TargetSandbox {
		_, _ = fmt.Fprintf(stderr, "janitor: %s=%s: the janitor cleans a real Zoom account (E2E_TARGET=sandbox); the stand-ins forget everything when they stop\n",
			config.EnvTarget, cfg.Target)
		return 2
	}
	logf := func(format string, a ...any) { _, _ = fmt.Fprintf(stdout, "janitor: "+format+"\n", a...) }
	deleted, err := sweep(ctx, cfg, *olderThan, *timeout, logf)
	logf("%d app(s) deleted", len(deleted))
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "janitor:", err)
		return 1
	}
	return 0
}

// sweep signs in as a nightly run does (step 1 and its account guard),
// then deletes the stale apps from Created Apps.
func sweep(ctx context.Context, cfg config.Config, olderThan, timeout time.Duration, logf func(string, ...any)) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := browser.Launch(browser.FromConfig(cfg)...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = b.Close() }()
	sess, err := b.NewSession()
	if err != nil {
		return nil, err
	}
	defer func() { _ = sess.Close() }()
	if cfg.SessionFile != "" {
		st, err := session.Load(cfg.SessionFile)
		if err != nil {
			return nil, err
		}
		if err := session.Restore(ctx, sess.Context, sess.Page, st); err != nil {
			return nil, err
		}
	}
	d := zoom.Driver{Site: zoom.Site{WebURL: cfg.ZoomWebURL, MarketplaceURL: cfg.ZoomMarketplaceURL}}
	hooks := flow.Hooks{Log: logf}
	// Step 1 of the setup flow alone: the saved session or the password,
	// and the account guard. Nothing is created.
	f, _ := flow.SignedIn(flow.Setup{
		Zoom: d, Tab: sess.Page, Owner: flow.Login{User: cfg.ZoomEmail, Password: cfg.ZoomPassword},
		Hooks: hooks, SavedSession: cfg.SessionFile != "", AccountNo: cfg.AccountNo,
	})
	if err := f.Steps[0].Run(ctx); err != nil {
		return nil, err
	}
	// With the maintenance token, Created Apps is only read and the apps
	// are deleted through Zoom's Marketplace API; else from its row menus.
	var api flow.Deleter
	if cfg.API.Enabled() {
		m := cfg.API.Maintenance(cfg.ZoomWebURL)
		c, err := m.Client(ctx)
		switch {
		case errors.Is(err, zoomapi.ErrNoToken), errors.Is(err, zoomapi.ErrTokenRefused):
			logf("%v: deleting through Created Apps' row menus instead", err)
		case err != nil:
			return nil, err
		default:
			api = c
			logf("deleting through Zoom's Marketplace API (the maintenance token); Created Apps is only read")
		}
	}
	now := time.Now().UTC()
	logf("deleting apps named %q… older than %v (made before %s)", testapp.NamePrefix, olderThan, now.Add(-olderThan).Format(time.RFC3339))
	return flow.Sweep(ctx, api, d, sess.Page, flow.Stale(testapp.NamePrefix, olderThan, now), hooks)
}
