// Command checkin tells the cron monitor at NIGHTLY_CHECKIN_URL (Sentry
// Crons or healthchecks.io; see internal/checkin) that the nightly started,
// or how it ended. scripts/nightly.sh runs it around the tests:
//
//	go run ./cmd/checkin start
//	go run ./cmd/checkin ok       # or: error, from the tests' exit status
//
// Flags (before the word): -timeout D bounds each call (5s; the environment's
// NIGHTLY_CHECKIN_TIMEOUT when the flag is not given); -state FILE is where
// start leaves the check-in id and start time for ok|error
// ($TMPDIR/lszoom-checkin.json); -message TEXT is extra log text
// (healthchecks keeps it; Sentry's HTTP check-in has no field for it).
//
// Exit status: 0 whatever the monitor did. NIGHTLY_CHECKIN_URL unset: nothing
// is sent (said once on stderr). The monitor unreachable, slow (past the
// timeout, one attempt, no retry) or refusing, or the URL unusable: said on
// stderr, URL masked, and still 0 — the night's status must not depend on
// its monitor. 2 only for a wrong command line, a bug in the caller.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"lszoom/internal/checkin"
)

// Environment variables read.
const (
	EnvURL     = "NIGHTLY_CHECKIN_URL"
	EnvTimeout = "NIGHTLY_CHECKIN_TIMEOUT"
)

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stderr)) }

// now is the clock, a variable for the tests' durations.
var now = time.Now

func run(args []string, env func(string) string, stderr io.Writer) int {
	fs := flag.NewFlagSet("checkin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	timeout := fs.Duration("timeout", checkin.DefaultTimeout, "bound of each call to the monitor (or $"+EnvTimeout+")")
	state := fs.String("state", "", "state file start writes for ok|error (default $TMPDIR/lszoom-checkin.json)")
	message := fs.String("message", "", "extra log text sent with the end (healthchecks)")
	fs.Usage = func() {
		_, _ = fmt.Fprintln(stderr, "usage: checkin [-timeout D] [-state FILE] [-message TEXT] start|ok|error")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	what := fs.Arg(0)
	if fs.NArg() != 1 || (what != "start" && what != "ok" && what != "error") {
		fs.Usage()
		return 2
	}
	say := func(format string, a ...any) { _, _ = fmt.Fprintf(stderr, "checkin: "+format+"\n", a...) }

	raw := env(EnvURL)
	if raw == "" {
		say("%s is not set: no check-in sent", EnvURL)
		return 0
	}
	if !flagSet(fs, "timeout") {
		if v := env(EnvTimeout); v != "" {
			if d, err := time.ParseDuration(v); err == nil && d > 0 {
				*timeout = d
			} else {
				say("%s=%q is not a positive duration: %v used", EnvTimeout, v, *timeout)
			}
		}
	}
	if *state == "" {
		*state = filepath.Join(tempDir(env), "lszoom-checkin.json")
	}

	if what == "start" {
		start(raw, *timeout, *state, say)
	} else {
		finish(raw, what == "ok", *timeout, *state, *message, say)
	}
	return 0
}

// start saves the state before calling, so the end has its duration and id
// even when the monitor missed the start.
func start(raw string, timeout time.Duration, state string, say func(string, ...any)) {
	c, err := checkin.New(raw, checkin.WithTimeout(timeout))
	if err != nil {
		say("not sent: %v", err)
		return
	}
	if err := checkin.WriteState(state, checkin.State{CheckInID: c.CheckInID(), Started: now(), Kind: c.Kind()}); err != nil {
		say("state %s not written (the end will not be paired): %v", state, err)
	}
	report(c, "start", c.Start(context.Background()), say)
}

// finish pairs with the state start left, then removes it so that a later
// night cannot pair with it; without one it still sends, unpaired.
func finish(raw string, ok bool, timeout time.Duration, state, msg string, say func(string, ...any)) {
	opts := []checkin.Option{checkin.WithTimeout(timeout)}
	var d time.Duration
	if s, err := checkin.ReadState(state); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			err = fmt.Errorf("%s: no such file (was `checkin start` run?)", state)
		}
		say("no start to pair with, duration unknown: %v", err)
	} else {
		opts = append(opts, checkin.WithCheckInID(s.CheckInID))
		if d = now().Sub(s.Started); d < 0 {
			d = 0
		}
	}
	c, err := checkin.New(raw, opts...)
	if err != nil {
		say("not sent: %v", err)
		return
	}
	what := "ok"
	if !ok {
		what = "error"
	}
	report(c, what, c.Finish(context.Background(), ok, d, msg), say)
	if err := os.Remove(state); err != nil && !errors.Is(err, os.ErrNotExist) {
		say("state %s not removed: %v", state, err)
	}
}

func report(c *checkin.Client, what string, err error, say func(string, ...any)) {
	if err != nil {
		say("monitor not told (the night goes on, exit status 0): %v", err)
		return
	}
	say("%s sent to %s (%s)", what, c.Masked(), c.Kind())
}

func flagSet(fs *flag.FlagSet, name string) (set bool) {
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func tempDir(env func(string) string) string {
	if d := env("TMPDIR"); d != "" {
		return d
	}
	return os.TempDir()
}
