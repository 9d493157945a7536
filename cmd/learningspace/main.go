// Command learningspace serves the LearningSpace stand-in for a person to try
// the Zoom OAuth round trip by hand:
//
//	go run ./cmd/learningspace -zoom http://127.0.0.1:8085
//
// The first line of stdout is its base URL (the Redirect URL to register in
// Zoom) and nothing else, so that scripts can read it; the log goes to stderr.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"lszoom/fixtures/learningspace"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills at once, graceful shutdown or not
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "learningspace:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends (a signal, or a test), then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg learningspace.Config
	fs := flag.NewFlagSet("learningspace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8086", "listen address (host:port; port 0 picks a free one)")
	fs.StringVar(&cfg.ZoomWebURL, "zoom", "", "Zoom web base URL, where /oauth/... lives (required), e.g. https://zoom.us")
	fs.StringVar(&cfg.ZoomAPIURL, "zoom-api", "", "Zoom API base URL, where /v2/... lives (default: -zoom)")
	fs.StringVar(&cfg.PublicURL, "public-url", "", "LearningSpace's URL as users reach it, the Redirect URL to register in Zoom (default: the listen URL)")
	fs.StringVar(&cfg.AdminUser, "admin-user", learningspace.DefaultAdminUser, "LearningSpace user name")
	fs.StringVar(&cfg.AdminPassword, "admin-password", learningspace.DefaultAdminPassword, "LearningSpace password")
	fs.StringVar(&cfg.Language, "lang", "en", "language of the labels")
	// Same names and meaning as cmd/zoomsim's, so that both sites can be
	// made equally slow.
	fs.DurationVar(&cfg.Latency, "latency", 0, "delay added to every request (e.g. 300ms)")
	fs.DurationVar(&cfg.Jitter, "jitter", 0, "random extra delay per request, 0..jitter")
	regress := fs.String("regress", "", "named breakages, name,… (see -list-regressions)")
	list := fs.Bool("list-regressions", false, "print the regression catalogue and exit")
	earlier := fs.Bool("earlier-run", false, "start as a nightly's LearningSpace is after its first night: System > Security holds the Zoom credentials of an app since deleted")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *list {
		for _, r := range learningspace.Regressions() {
			if _, err := fmt.Fprintf(stdout, "%s: %s (guide step %s)\n", r.Name, r.What, r.Step); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range strings.Split(*regress, ",") {
		if n = strings.TrimSpace(n); n != "" {
			cfg.Regressions = append(cfg.Regressions, n)
		}
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: every setting is a flag", fs.Arg(0))
	}
	switch {
	case cfg.ZoomWebURL == "":
		fs.Usage()
		return errors.New("-zoom is required")
	case cfg.Latency < 0:
		return errors.New("flag -latency: must not be negative")
	case cfg.Jitter < 0:
		return errors.New("flag -jitter: must not be negative")
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))

	inst, err := learningspace.Listen(*addr, cfg)
	if err != nil {
		return err
	}
	if *earlier {
		// What the last night's run saved; its app is gone (the clean-up
		// deletes it), its credentials stay until a run saves new ones.
		if err := inst.Server.SetZoomCredentials(rand.Text()[:22], rand.Text()); err != nil {
			return errors.Join(err, inst.Close())
		}
	}
	// The first line of stdout is how a script learns the URL: if it cannot
	// be written, nobody can use this server, so stop instead of serving.
	if _, err := fmt.Fprintln(stdout, inst.URL); err != nil {
		return errors.Join(fmt.Errorf("writing the URL to stdout: %w", err), inst.Close())
	}
	cfg.Logger.Info("LearningSpace stand-in listening", "url", inst.URL, "redirect_url", inst.Server.PublicURL(),
		"user", cfg.AdminUser, "latency", cfg.Latency, "jitter", cfg.Jitter)

	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return inst.Shutdown(shutdownCtx)
}
