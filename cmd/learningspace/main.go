// Command learningspace serves the LearningSpace stand-in for a person to try
// the Zoom OAuth round trip by hand:
//
//	go run ./cmd/learningspace -zoom http://127.0.0.1:8085
//
// It prints the base URL it listens on: the Redirect URL to register in Zoom.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"lszoom/fixtures/learningspace"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "learningspace:", err)
		os.Exit(1)
	}
}

func run() error {
	var cfg learningspace.Config
	addr := flag.String("addr", "127.0.0.1:8086", "listen address (host:port)")
	flag.StringVar(&cfg.ZoomWebURL, "zoom", "", "Zoom web base URL, where /oauth/... lives (required), e.g. https://zoom.us")
	flag.StringVar(&cfg.ZoomAPIURL, "zoom-api", "", "Zoom API base URL, where /v2/... lives (default: -zoom)")
	flag.StringVar(&cfg.PublicURL, "public-url", "", "LearningSpace's URL as users reach it, the Redirect URL to register in Zoom (default: the listen URL)")
	flag.StringVar(&cfg.AdminUser, "admin-user", learningspace.DefaultAdminUser, "LearningSpace user name")
	flag.StringVar(&cfg.AdminPassword, "admin-password", learningspace.DefaultAdminPassword, "LearningSpace password")
	flag.StringVar(&cfg.Language, "lang", "en", "language of the labels")
	flag.Parse()
	if cfg.ZoomWebURL == "" {
		flag.Usage()
		return errors.New("-zoom is required")
	}
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))

	inst, err := learningspace.Listen(*addr, cfg)
	if err != nil {
		return err
	}
	fmt.Println(inst.URL)
	cfg.Logger.Info("LearningSpace stand-in listening", "url", inst.URL, "redirect_url", inst.Server.PublicURL(), "user", cfg.AdminUser)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	stop() // a second signal kills at once
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return inst.Shutdown(shutdownCtx)
}
