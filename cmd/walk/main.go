// Command walk is the whole procedure outside go test: the customer guide,
// steps 1–18, on whichever build flow the Marketplace offers, then
// LearningSpace's consent round trip with the app it made, against the
// configured target (E2E_TARGET and its variables, see .env.example). It
// writes the run report go test ./e2e writes, prints where it is, cleans up
// what it made, and exits 1 if a step failed (2: bad configuration).
//
//	go run ./cmd/walk                        # the stand-ins, General App flow
//	go run ./cmd/walk -flow classic -report /tmp/walk/report
//
// In sim mode -flow picks the flow the in-process stand-in offers, and the
// walk has the Marketplace API's token as the nightly has it; against real
// sites (or cmd/standins) the site decides.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"lszoom/fixtures/zoomsim"
	"lszoom/internal/config"
	"lszoom/internal/guide"
	"lszoom/internal/harness"
	"lszoom/internal/history"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("walk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("report", filepath.Join("artifacts", "walk-"+harness.Stamp(time.Now()), "report"), "the run report's folder")
	shots := fs.Bool("shots", true, "a screenshot of every step in the report")
	baseline := fs.String("baseline", "", "summary.json to compare with (default: the newest green run beside this one)")
	on := fs.String("flow", string(guide.FlowGeneral), "sim mode: the build flow the stand-in offers (general, classic)")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up after this long")
	regress := fs.String("regress", "", "sim mode: the Zoom stand-in's named breakages, name[=arg],… (go run ./cmd/zoomsim -list-regressions)")
	hist := fs.String("history", "", "keep the run in the history of nights in this folder (cmd/history), its verdict printed last")
	alertAfter := fs.Int("alert-after", 1, "with -history: alert from the N-th failed run in a row")
	var relabels zoomsim.Relabels
	fs.Var(&relabels, "relabel", "sim mode: rename a text of the Zoom stand-in's screens, 'from=to' (repeatable)")
	if err := fs.Parse(args); err != nil {
		return map[bool]int{true: 0, false: 2}[errors.Is(err, flag.ErrHelp)]
	}
	fail := func(code int, err error) int { _, _ = fmt.Fprintln(stderr, "walk:", err); return code }
	cfg, err := config.Load()
	switch {
	case err != nil:
		return fail(2, err)
	case !guide.Flow(*on).Valid():
		return fail(2, fmt.Errorf("-flow %q: general or classic", *on))
	case cfg.Target != config.TargetSim && *on != string(guide.FlowGeneral):
		return fail(2, fmt.Errorf("-flow is the stand-in's (%s=%s); against real sites the site decides", config.EnvTarget, config.TargetSim))
	case cfg.Target != config.TargetSim && (*regress != "" || len(relabels) > 0):
		return fail(2, fmt.Errorf("-regress and -relabel are the stand-in's (%s=%s)", config.EnvTarget, config.TargetSim))
	}
	regs, err := zoomsim.ParseRegressions(*regress)
	if err != nil {
		return fail(2, fmt.Errorf("-regress: %w", err))
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	h, err := harness.Open(cfg, harness.Options{ReportDir: *dir, Shots: *shots})
	if err != nil {
		return fail(1, err)
	}
	defer func() { _ = h.Close() }() // after the world's Close, below
	say := func(format string, a ...any) { _, _ = fmt.Fprintf(stdout, format+"\n", a...) }
	o := harness.WorldOptions{Name: "walk", Log: say, ArtifactDir: func() string { return filepath.Dir(h.Report.Dir()) }}
	if cfg.Target == config.TargetSim {
		o.Zoom = append([]zoomsim.Option{zoomsim.WithFlow(guide.Flow(*on)), zoomsim.WithRegressions(regs...)}, relabels...)
	}
	w, err := h.NewWorld(ctx, o)
	if err != nil {
		return fail(1, err)
	}
	var res harness.Walked
	if cfg.Target == config.TargetSim { // with the maintenance token, as the nightly has it
		res.Err = w.WithStandInAPI(filepath.Dir(h.Report.Dir()))
	}
	if res.Err == nil {
		res = w.Procedure(ctx, w.Telling(ctx))
	}
	if res.Err != nil && res.Failed == "" { // not a step's: said here
		w.Logf("walk: %v (artifacts: %v)", res.Err, res.Artifacts)
	}
	w.Settle(res.Err != nil)
	if err := w.Close(); err != nil {
		w.Logf("walk: clean-up: %v", err)
		res.Err = errors.Join(res.Err, err)
	}
	page, err := h.WriteReport(*baseline, func(err error) { say("walk: %v", err) })
	if err != nil {
		say("walk: %v", err)
	}
	say("report: %s", page)
	if *hist != "" && page != "" {
		v, n, herr := history.Keep(*hist, h.Report.Dir(), string(cfg.Target), *alertAfter, time.Now(), func(err error) { say("walk: %v", err) })
		if herr != nil {
			say("walk: the history: %v", herr)
		} else {
			say("history of %d runs: %s", n, filepath.Join(*hist, "history.html"))
			say("verdict: %s", v.Line)
		}
	}
	return map[bool]int{true: 0, false: 1}[res.Err == nil && err == nil]
}
