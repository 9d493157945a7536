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

	"lszoom/internal/config"
	"lszoom/internal/harness"
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

// sweep opens the configured browser and a world on the sandbox (its
// saved session, its maintenance token), signs in as a nightly run does
// (step 1 and its account guard) and deletes the stale apps.
func sweep(ctx context.Context, cfg config.Config, olderThan, timeout time.Duration, logf func(string, ...any)) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	h, err := harness.Open(cfg, harness.Options{})
	if err != nil {
		return nil, err
	}
	defer func() { _ = h.Close() }()
	w, err := h.NewWorld(ctx, harness.WorldOptions{Name: "janitor", Log: logf})
	if err != nil {
		return nil, err
	}
	defer func() { _ = w.Close() }()
	return w.Sweep(ctx, olderThan, time.Now().UTC())
}
