// Command standins starts the Zoom and LearningSpace stand-ins as separate
// processes (fixtures/standins) and prints the environment of a harness run
// against them, one KEY=value a line, then "ready":
//
//	go run ./cmd/standins -latency 40ms -jitter 80ms
//
// A script reads lines until "ready" and exports the others; a person can
// paste them. It serves until SIGINT or SIGTERM, then stops both. Flags after
// "--" go to cmd/zoomsim; after a second "--", to cmd/learningspace:
//
//	go run ./cmd/standins -- -spinner 2s -- -lang en
//
// The Zoom stand-in is on the General App flow, as the live Marketplace;
// -flow classic gives the guide's. With -maintenance-app URL it also makes
// the app that reaches Zoom's Marketplace API, and the environment carries
// its ZOOM_API_CLIENT_ID, ZOOM_API_CLIENT_SECRET and ZOOM_API_REDIRECT_URL
// (ZOOM_API_URL is always there).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"lszoom/fixtures/standins"
	"lszoom/fixtures/zoomsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx ends. stdout carries only the environment and
// "ready"; the stand-ins' own output goes to stderr (with -v).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("standins", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts standins.Options
	fs.DurationVar(&opts.Latency, "latency", 0, "delay added to every request of both stand-ins (e.g. 40ms)")
	fs.DurationVar(&opts.Jitter, "jitter", 0, "random extra delay per request, 0..jitter")
	fs.StringVar(&opts.Flow, "flow", string(zoomsim.FlowGeneral), "the Zoom stand-in's build flow: general (the live Marketplace's only one since 2024) or classic (the guide's)")
	fs.StringVar(&opts.MaintenanceRedirectURL, "maintenance-app", "", "have the Zoom stand-in make the maintenance app (Zoom's Marketplace API) with this Redirect URL, and print its "+
		zoomsim.EnvAPIClientID+", "+zoomsim.EnvAPIClientSecret+" and "+zoomsim.EnvAPIRedirectURL)
	verbose := fs.Bool("v", false, "copy the stand-ins' output to stderr")
	startTimeout := fs.Duration("start-timeout", 5*time.Minute, "deadline of the build and start")
	fs.Usage = func() {
		// Dropped on a failed write, as PrintDefaults below does: there is
		// nowhere else to print help.
		_, _ = fmt.Fprintln(fs.Output(), "Usage: standins [flags] [-- zoomsim flags [-- learningspace flags]]\n\n"+
			"Starts the stand-ins, prints KEY=value lines for E2E_TARGET=sandbox, then \"ready\". Flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if !slices.Contains(zoomsim.Flows, zoomsim.Flow(opts.Flow)) {
		complain(stderr, fmt.Errorf("standins: flag -flow: unknown build flow %q (have: classic, general)", opts.Flow))
		return 2
	}
	opts.ZoomArgs, opts.LSArgs = splitArgs(fs.Args())
	if *verbose {
		opts.Output = stderr
	}

	startCtx, cancel := context.WithTimeout(ctx, *startTimeout)
	sites, err := standins.Start(startCtx, opts)
	cancel()
	if err != nil {
		complain(stderr, err)
		return 1
	}
	// stdout is how a script learns where the stand-ins are: if it cannot
	// be written, nobody can use them, so stop them instead of serving.
	if err := printEnv(stdout, sites.Env()); err != nil {
		complain(stderr, errors.Join(fmt.Errorf("standins: writing the environment: %w", err), sites.Close()))
		return 1
	}

	<-ctx.Done()
	if err := sites.Close(); err != nil {
		complain(stderr, err)
		return 1
	}
	return 0
}

// printEnv writes the KEY=value lines, then "ready".
func printEnv(w io.Writer, env []string) error {
	for _, kv := range env {
		if _, err := fmt.Fprintln(w, kv); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, "ready")
	return err
}

// complain prints err on stderr. A failed write is dropped: the exit code
// already says that the command failed, and stderr was the last place to
// say why.
func complain(stderr io.Writer, err error) {
	_, _ = fmt.Fprintln(stderr, err)
}

// splitArgs splits what follows the flags at the "--" that separates
// zoomsim's flags from learningspace's. The flag package has consumed the
// first "--" already.
func splitArgs(rest []string) (zoom, ls []string) {
	for i, a := range rest {
		if a == "--" {
			return rest[:i], rest[i+1:]
		}
	}
	return rest, nil
}
