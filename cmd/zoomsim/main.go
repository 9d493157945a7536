// Command zoomsim serves the Zoom stand-in (fixtures/zoomsim) for QA in a real
// browser: the web sign-in, the App Marketplace, the OAuth server and the REST
// API on one loopback origin, with every knob of the package as a flag.
//
//	go run ./cmd/zoomsim -addr 127.0.0.1:8085
//
// Every account builds apps through Zoom's General App flow, as on the live
// Marketplace; -flow classic gives the guide's. -maintenance-app URL also
// makes the app that reaches Zoom's Marketplace API and prints its
// credentials (docs/standins.md, "Marketplace API").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"lszoom/fixtures/zoomsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx ends (a signal, or a test). The first line of stdout
// is "zoomsim: serving the Zoom stand-in on <url>": scripts parse it. With
// -maintenance-app the next three are ZOOM_API_CLIENT_ID=…,
// ZOOM_API_CLIENT_SECRET=… and ZOOM_API_REDIRECT_URL=… (fixtures/standins
// reads them).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		complain(stderr, "zoomsim: %v\n(zoomsim -h lists the flags)", err)
		return 2
	}
	if cfg.listRegressions {
		// The catalogue is the output asked for: a failed write is a failure.
		for _, l := range zoomsim.Catalogue() {
			if _, err := fmt.Fprintln(stdout, l); err != nil {
				complain(stderr, "zoomsim: writing the catalogue: %v", err)
				return 1
			}
		}
		return 0
	}
	logger := log.New(stdout, "", 0)
	opts := append(cfg.opts, zoomsim.WithCodeNotifier(func(email, code string) {
		// The stand-in's "email": QA reads the code here.
		logger.Printf("[email to %s] your verification code is %s", email, code)
	}))
	inst, err := zoomsim.Start(cfg.addr, opts...)
	if err != nil {
		complain(stderr, "zoomsim: %v", err)
		if strings.Contains(err.Error(), "listen") {
			return 1
		}
		return 2 // an option the flags let through but New refused
	}
	logger.Printf("zoomsim: serving the Zoom stand-in on %s", inst.URL)
	if cfg.maintenanceURL != "" {
		// Right after the first line: fixtures/standins waits for these.
		app, err := inst.Server.CreateMaintenanceApp(cfg.ownerEmail, cfg.maintenanceURL)
		if err != nil { // checked by parseFlags: cannot happen
			complain(stderr, "zoomsim: flag -maintenance-app: %v", err)
			_ = inst.Close() // nothing was served that needs it
			return 2
		}
		for _, l := range zoomsim.MaintenanceEnv(app) {
			logger.Print(l)
		}
	}
	logger.Printf("open %s/signin  (owner %s; also %s and %s, passwords in docs/standins.md)",
		inst.URL, cfg.ownerEmail, zoomsim.MemberEmail, zoomsim.OutsiderEmail)
	logger.Printf("marketplace %s/marketplace/  oauth %s/oauth/authorize  api %s/v2/", inst.URL, inst.URL, inst.URL)
	if r := inst.RegionalURL(); r != "" {
		logger.Printf("regional host %s: the portal after sign-in (-regional-host)", r)
	}

	<-ctx.Done()
	logger.Printf("zoomsim: shutting down")
	if err := inst.Close(); err != nil {
		complain(stderr, "zoomsim: shutdown: %v", err)
		return 1
	}
	return 0
}

// complain prints a line on stderr. A failed write is dropped: the exit code
// already says that the command failed, and stderr was the last place to say
// why.
func complain(stderr io.Writer, format string, a ...any) {
	_, _ = fmt.Fprintf(stderr, format+"\n", a...)
}

type config struct {
	addr            string
	ownerEmail      string
	listRegressions bool
	maintenanceURL  string // -maintenance-app: its Redirect URL
	opts            []zoomsim.Option
}

// parseFlags turns the command line into options, naming the flag at fault.
func parseFlags(args []string, stdout, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("zoomsim", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed once, by run
	var (
		cfg           config
		ownerPassword string
		latency       time.Duration
		jitter        time.Duration
		failNth       int
		spinner       time.Duration
		sessionTTL    time.Duration
		newTab        bool
		landing       string
		cookieBanner  bool
		licenseDialog bool
		unusual       bool
		twoFactor     bool
		regress       string
		flow          string
		lang          string
		secretPrefix  string
		remember      bool
		regionalHost  string
		mpLapse       int
		legacyGeneral bool
		licenseLater  bool
		relabels      zoomsim.Relabels
	)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8085", "listen address (host:port; port 0 picks a free one)")
	fs.StringVar(&cfg.ownerEmail, "owner-email", zoomsim.DefaultOwnerEmail, "the owner account's email")
	fs.StringVar(&ownerPassword, "owner-password", zoomsim.DefaultOwnerPassword, "the owner account's password")
	fs.DurationVar(&latency, "latency", 0, "delay added to every request (e.g. 300ms)")
	fs.DurationVar(&jitter, "jitter", 0, "random extra delay per request, 0..jitter")
	fs.IntVar(&failNth, "fail-nth-save", 0, "the Nth save of the Marketplace fails with HTTP 500 (0: never)")
	fs.DurationVar(&spinner, "spinner", 0, "every Marketplace save and app page load takes at least this long, behind a busy cover (e.g. 5s)")
	fs.DurationVar(&sessionTTL, "session-ttl", 8*time.Hour, "how long a web sign-in lasts")
	fs.BoolVar(&newTab, "marketplace-new-tab", true, "Advanced → App Marketplace opens a new tab")
	fs.StringVar(&landing, "landing", "/profile", "where a sign-in lands: /profile or /myhome")
	fs.BoolVar(&cookieBanner, "cookie-banner", true, "show the cookie banner until accepted")
	fs.BoolVar(&licenseDialog, "license-dialog", true, "show the API License dialog on an account's first build")
	fs.BoolVar(&unusual, "unusual-signin", false, "hold every sign-in for an emailed code (printed here)")
	fs.BoolVar(&twoFactor, "two-factor", false, "ask every sign-in for a 6-digit code (printed here)")
	fs.StringVar(&regress, "regress", "", "named breakages, name[=arg],… (see -list-regressions)")
	fs.BoolVar(&cfg.listRegressions, "list-regressions", false, "print the regression catalogue and exit")
	fs.StringVar(&flow, "flow", string(zoomsim.FlowGeneral), "Marketplace build flow of every account: general (Zoom's General App flow, the only one the live Marketplace offers since 2024) or classic (the guide's)")
	fs.StringVar(&lang, "lang", "en", "the account's language, the web portal's: en or fr-FR (a _zm_lang cookie wins; the Marketplace stays English)")
	fs.Var(&relabels, "relabel", "rename a text of the stand-in's screens, 'from=to' (repeatable), e.g. 'Add allow lists=Add Whitelist URLs'")
	fs.BoolVar(&remember, "remember-consent", false, "skip the consent page for a user who already allowed the app the same scopes, as the live site does")
	fs.StringVar(&regionalHost, "regional-host", "", "after sign-in, land on this second loopback address (e.g. 127.0.0.2, same port), as the live site lands on us06web.zoom.us")
	fs.IntVar(&mpLapse, "marketplace-lapse", 0, "the Marketplace's session of each sign-in lapses at its Nth Marketplace request (the portal's lives; opening the profile restores it), once per sign-in (0: never)")
	fs.BoolVar(&licenseLater, "license-after-create", false, "the General App flow's API License dialog follows the app kinds dialog's Create (first build), not Build App")
	fs.BoolVar(&legacyGeneral, "legacy-general-addresses", false, "a General App's pages at /marketplace/develop/apps/{id}/<section>, as the stand-in had them, not the live site's /marketplace/develop/applications/{id}/<section>?mode=dev")
	fs.StringVar(&secretPrefix, "secret-prefix", "", "every client secret issued starts with this, and every token's third (JWT) segment (A-Z, a-z, 0-9, - and _), to search logs for them")
	fs.StringVar(&cfg.maintenanceURL, "maintenance-app", "", "at start, make the owner a General app with the Marketplace API's scopes and this Redirect URL, and print its "+
		zoomsim.EnvAPIClientID+", "+zoomsim.EnvAPIClientSecret+" and "+zoomsim.EnvAPIRedirectURL+" lines after the first")
	fs.Usage = func() {} // the flag package calls it on every error; help is printed below

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// Dropped on a failed write, as PrintDefaults below does:
			// there is nowhere else to print help.
			_, _ = fmt.Fprintln(stdout, "Usage: zoomsim [flags]\n\nServes the Zoom stand-in on loopback. Flags:")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
		}
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q: every setting is a flag", fs.Arg(0))
	}
	bad := func(name, why string) error { return fmt.Errorf("flag -%s: %s", name, why) }
	switch {
	case latency < 0:
		return cfg, bad("latency", "must not be negative")
	case jitter < 0:
		return cfg, bad("jitter", "must not be negative")
	case failNth < 0:
		return cfg, bad("fail-nth-save", "must not be negative")
	case mpLapse < 0:
		return cfg, bad("marketplace-lapse", "must not be negative")
	case spinner < 0:
		return cfg, bad("spinner", "must not be negative")
	case sessionTTL <= 0:
		return cfg, bad("session-ttl", "must be positive")
	case landing != "/profile" && landing != "/myhome":
		return cfg, bad("landing", fmt.Sprintf("must be /profile or /myhome, not %q", landing))
	case !slices.Contains(zoomsim.Flows, zoomsim.Flow(flow)):
		return cfg, bad("flow", fmt.Sprintf("unknown build flow %q (have: classic, general)", flow))
	case !slices.Contains(zoomsim.Languages(), lang):
		return cfg, bad("lang", fmt.Sprintf("unknown language %q (have: %s)", lang, strings.Join(zoomsim.Languages(), ", ")))
	case strings.TrimSpace(cfg.ownerEmail) == "":
		return cfg, bad("owner-email", "must not be empty")
	case ownerPassword == "":
		return cfg, bad("owner-password", "must not be empty")
	}
	regs, err := zoomsim.ParseRegressions(regress)
	if err != nil {
		return cfg, bad("regress", strings.TrimPrefix(err.Error(), "zoomsim: "))
	}
	if regionalHost != "" {
		// The package owns the rule; asked here so that the error names the flag.
		if _, err := zoomsim.New(zoomsim.WithRegionalHost(regionalHost)); err != nil {
			return cfg, bad("regional-host", strings.TrimPrefix(err.Error(), "zoomsim: "))
		}
	}
	if cfg.maintenanceURL != "" {
		// The package owns the rule; asked here so that the error names the flag.
		s, err := zoomsim.New(zoomsim.WithOwner(cfg.ownerEmail, ownerPassword))
		if err == nil {
			_, err = s.CreateMaintenanceApp(cfg.ownerEmail, cfg.maintenanceURL)
		}
		if err != nil {
			return cfg, bad("maintenance-app", strings.TrimPrefix(err.Error(), "zoomsim: "))
		}
	}
	if len(relabels) > 0 {
		// The package owns the rule; asked here so that the error names the flag.
		if _, err := zoomsim.New(relabels...); err != nil {
			return cfg, bad("relabel", strings.TrimPrefix(err.Error(), "zoomsim: "))
		}
	}
	if secretPrefix != "" {
		// The package owns the rule; asked here so that the error names the flag.
		if _, err := zoomsim.New(zoomsim.WithSecretPrefix(secretPrefix)); err != nil {
			return cfg, bad("secret-prefix", strings.TrimPrefix(err.Error(), "zoomsim: "))
		}
	}
	cfg.opts = []zoomsim.Option{
		zoomsim.WithOwner(cfg.ownerEmail, ownerPassword),
		zoomsim.WithLatency(latency, jitter),
		zoomsim.WithFailNthSave(failNth),
		zoomsim.WithSpinner(spinner),
		zoomsim.WithSessionTTL(sessionTTL),
		zoomsim.WithMarketplaceInNewTab(newTab),
		zoomsim.WithLandingPath(landing),
		zoomsim.WithCookieBanner(cookieBanner),
		zoomsim.WithLicenseDialog(licenseDialog),
		zoomsim.WithUnusualSignIn(unusual),
		zoomsim.WithTwoFactor(twoFactor),
		zoomsim.WithRegressions(regs...),
		zoomsim.WithFlow(zoomsim.Flow(flow)),
		zoomsim.WithLanguage(lang),
		zoomsim.WithSecretPrefix(secretPrefix),
		zoomsim.WithConsentRemembered(remember),
		zoomsim.WithRegionalHost(regionalHost),
		zoomsim.WithMarketplaceLapse(mpLapse),
		zoomsim.WithLegacyGeneralAddresses(legacyGeneral),
		zoomsim.WithLicenseAfterCreate(licenseLater),
	}
	cfg.opts = append(cfg.opts, relabels...)
	return cfg, nil
}
