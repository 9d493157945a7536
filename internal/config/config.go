// Package config reads the harness configuration from the environment (and an
// optional .env file at the module root).
//
// Every problem is reported as one error, on one line, that names the
// variables at fault (or the .env file); configuration never panics and never
// surfaces later as a browser timeout. Secrets are never echoed.
package config

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

// Target says which Zoom and LearningSpace the tests drive.
type Target string

const (
	// TargetSim starts the stand-ins in-process (the default).
	TargetSim Target = "sim"
	// TargetSandbox drives real Zoom and LearningSpace sites.
	TargetSandbox Target = "sandbox"
)

// Environment variable names.
//
// E2E_ARTIFACTS_DIR was read once and never used; it is ignored now if set
// (artifacts go where `go test -artifacts -outputdir DIR` puts them).
// ZOOM_API_URL and the maintenance app's variables are in api.go.
const (
	EnvTarget             = "E2E_TARGET"
	EnvZoomWebURL         = "ZOOM_WEB_URL"
	EnvZoomMarketplaceURL = "ZOOM_MARKETPLACE_URL"
	EnvZoomEmail          = "ZOOM_EMAIL"
	EnvZoomPassword       = "ZOOM_PASSWORD"
	EnvLearningSpaceURL   = "LEARNINGSPACE_URL"
	EnvLSAdminUser        = "LS_ADMIN_USER"
	EnvLSAdminPassword    = "LS_ADMIN_PASSWORD"
	EnvBrowserBin         = "E2E_BROWSER_BIN"
	EnvHeadful            = "E2E_HEADFUL"
	EnvStepTimeout        = "E2E_STEP_TIMEOUT"
	EnvSimLatency         = "E2E_SIM_LATENCY"
	EnvSimJitter          = "E2E_SIM_JITTER"
	EnvSimSecretPrefix    = "E2E_SIM_SECRET_PREFIX"
	EnvRunID              = "E2E_RUN_ID"
)

// Defaults for the simulated target. The Zoom ones seed the stand-in's owner.
const (
	DefaultSimZoomEmail    = "owner@example.test"
	DefaultSimZoomPassword = "Sim-Owner-Pass-1"
	DefaultLSAdminUser     = "admin"
	DefaultLSAdminPassword = "Sim-LS-Admin-1"
	// DefaultStepTimeout is one guide step's deadline, shared by every
	// wait inside it. Some steps load five pages (LS.0: log in, System,
	// Rooms, a delete, Security); at a live site's pace, or a soak's
	// 50–250 ms a request on a busy machine, 10 s was measured too short,
	// and so was 15 s when the machine was far busier than its cores (load
	// average 20–45 on 2 cores: 2 runs in 36 failed at steps 12 and LS.0,
	// both still progressing). A deadline only bounds how long a broken
	// step takes to be reported; a slow machine must not turn a run red.
	DefaultStepTimeout      = 30 * time.Second
	envFileName             = ".env"
	maskedValue             = "***"
	stepTimeoutExampleValue = "30s"
	simDelayExampleValue    = "200ms"
	runIDExampleValue       = "r0102-150405-ab12"
	simPrefixExampleValue   = "cnry7f3a"
)

// runIDPattern is what E2E_RUN_ID must look like: short enough to fit in the
// names a run creates (Zoom app name, LearningSpace room names), lowercase so
// that no site changes it.
var runIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,23}$`)

// simSecretPrefixPattern is what E2E_SIM_SECRET_PREFIX must look like: the
// characters the stand-in's secrets and tokens are made of (it refuses others).
var simSecretPrefixPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Config is the harness configuration.
type Config struct {
	Target Target

	// Zoom base URLs. Required (absolute http(s) URLs) when Target is sandbox;
	// ignored in sim, where the stand-in's URLs are used. The Marketplace URL
	// must not be the web URL or a prefix of it: the harness tells that the
	// Marketplace has opened by this prefix.
	ZoomWebURL, ZoomMarketplaceURL string
	// The Zoom account owner. Sim defaults seed the stand-in; required in sandbox.
	ZoomEmail, ZoomPassword string

	// LearningSpaceURL is required in sandbox; in sim the stand-in's URL is used.
	LearningSpaceURL             string
	LSAdminUser, LSAdminPassword string

	BrowserBin  string        // E2E_BROWSER_BIN; empty: see browser.ResolveBin
	Headful     bool          // E2E_HEADFUL
	StepTimeout time.Duration // E2E_STEP_TIMEOUT: the deadline of one UI action

	// SimLatency (E2E_SIM_LATENCY) is added to every request of the
	// in-process stand-ins (sim only), plus a random 0..SimJitter
	// (E2E_SIM_JITTER). Both >= 0; default 0.
	SimLatency, SimJitter time.Duration

	// SimSecretPrefix (E2E_SIM_SECRET_PREFIX) starts every client secret and
	// token the in-process Zoom stand-in issues (sim only), so that a test can
	// search a run's output and artifacts for them. Up to 32 of A-Z, a-z,
	// 0-9, '-' and '_'; default none.
	SimSecretPrefix string

	// SessionFile (E2E_SESSION_FILE) is the saved Zoom sign-in `make login`
	// writes; sandbox runs start from it instead of typing the password.
	// AccountNo (ZOOM_ACCOUNT_NUMBER, required in sandbox) is the account the
	// run may create apps in. See nightly.go.
	SessionFile, AccountNo string

	// RunID (E2E_RUN_ID) is carried by every name the run creates, so that
	// runs against sites that keep their data are repeatable and their
	// leftovers identifiable. Generated (NewRunID) when unset.
	RunID string

	// BrowserURL (E2E_BROWSER_URL) and RodManagerURL (E2E_ROD_MANAGER_URL):
	// a browser someone else runs, instead of a local Chromium (at most one
	// of them). See endpoints.go.
	BrowserURL, RodManagerURL string

	// Shard (E2E_SHARD) is the part of the suite this machine runs.
	Shard Shard

	// API is the maintenance app the harness calls Zoom's Marketplace API
	// with (ZOOM_API_*, E2E_API_TOKEN_FILE); zero when off. See api.go.
	API API
}

// NewRunID returns a fresh run ID: "r", the UTC time as 0102-150405, "-" and
// 4 random hex digits (e.g. r0102-150405-ab12). It matches what E2E_RUN_ID
// accepts.
func NewRunID() string {
	var b [2]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it crashes the program instead)
	return "r" + time.Now().UTC().Format("0102-150405") + "-" + hex.EncodeToString(b[:])
}

// Load reads .env from the module root (the first directory holding go.mod,
// walking up from the working directory), if there is one, and then the
// environment. Real environment variables win over .env values. The process
// environment is not modified.
func Load() (Config, error) {
	wd, err := os.Getwd()
	if err != nil {
		return Config{}, fmt.Errorf("config: working directory: %w", err)
	}
	return loadFrom(wd, os.LookupEnv)
}

func loadFrom(dir string, lookup func(string) (string, bool)) (Config, error) {
	fileVals := map[string]string{}
	if root, ok := moduleRoot(dir); ok {
		vals, err := readEnvFile(filepath.Join(root, envFileName))
		if err != nil {
			// The variables are not checked: the file may have held the
			// values they miss.
			return Config{}, err
		}
		fileVals = vals
	}
	return FromEnv(func(k string) string {
		if v, ok := lookup(k); ok && v != "" {
			return v
		}
		return fileVals[k]
	})
}

// readEnvFile reads the .env file at path. No file is no values; a file that
// is there but cannot be read (a directory, no permission, a dangling
// symlink) or parsed is an error naming path. The parser's own message is not
// used: it quotes the file's text, which may hold passwords.
func readEnvFile(path string) (map[string]string, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	body, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named already
		}
		return nil, oneLine(fmt.Sprintf("config: %s: the .env file cannot be read: %v (make it a readable file, or remove it)", path, err))
	}
	vals, err := godotenv.UnmarshalBytes(body)
	if err != nil {
		return nil, oneLine(fmt.Sprintf("config: %s: the .env file is malformed%s (use KEY=VALUE lines, quotes closed)", path, whereMalformed(body)))
	}
	return vals, nil
}

// whereMalformed says at which line of body (a .env file the parser rejects)
// the problem starts: the line after the longest run of leading lines that
// parses, and the variable it sets if one can be read. It never quotes values.
func whereMalformed(body []byte) string {
	lines := bytes.SplitAfter(body, []byte("\n"))
	good := 0
	for n := 1; n <= len(lines); n++ {
		if _, err := godotenv.UnmarshalBytes(bytes.Join(lines[:n], nil)); err == nil {
			good = n
		}
	}
	if good >= len(lines) {
		return ""
	}
	where := fmt.Sprintf(" at line %d", good+1)
	if m := envKeyPattern.FindSubmatch(lines[good]); m != nil {
		where += " (" + string(m[1]) + ")"
	}
	return where
}

var envKeyPattern = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]`)

// moduleRoot walks up from dir to the first directory with a go.mod.
func moduleRoot(dir string) (string, bool) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// FromEnv builds and validates a Config from getenv (os.Getenv in production).
// Values are trimmed; an empty value counts as unset. An unset E2E_RUN_ID
// gets a fresh NewRunID.
func FromEnv(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var problems []string
	bad := func(name, value, msg string) {
		problems = append(problems, fmt.Sprintf("%s=%q: %s", name, value, msg))
	}
	// For secrets: never echo the value.
	badSecret := func(name, msg string) {
		problems = append(problems, fmt.Sprintf("%s: %s", name, msg))
	}

	c := Config{
		Target:             TargetSim,
		ZoomWebURL:         get(EnvZoomWebURL),
		ZoomMarketplaceURL: get(EnvZoomMarketplaceURL),
		ZoomEmail:          get(EnvZoomEmail),
		ZoomPassword:       get(EnvZoomPassword),
		LearningSpaceURL:   get(EnvLearningSpaceURL),
		LSAdminUser:        orDefault(get(EnvLSAdminUser), DefaultLSAdminUser),
		LSAdminPassword:    orDefault(get(EnvLSAdminPassword), DefaultLSAdminPassword),
		BrowserBin:         get(EnvBrowserBin),
		StepTimeout:        DefaultStepTimeout,
		RunID:              get(EnvRunID),
		SessionFile:        get(EnvSessionFile),
		AccountNo:          get(EnvZoomAccountNumber),
		SimSecretPrefix:    get(EnvSimSecretPrefix),
	}

	switch t := strings.ToLower(get(EnvTarget)); t {
	case "", string(TargetSim):
		c.Target = TargetSim
	case string(TargetSandbox):
		c.Target = TargetSandbox
	default:
		bad(EnvTarget, get(EnvTarget), `must be "sim" or "sandbox"`)
	}

	if c.Target == TargetSandbox {
		urlsOK := true
		for _, v := range []struct{ name, val string }{
			{EnvZoomWebURL, c.ZoomWebURL},
			{EnvZoomMarketplaceURL, c.ZoomMarketplaceURL},
			{EnvLearningSpaceURL, c.LearningSpaceURL},
		} {
			switch msg := checkURL(v.val); {
			case v.val == "":
				bad(v.name, "", "required when E2E_TARGET=sandbox")
				urlsOK = false
			case msg != "":
				bad(v.name, maskURL(v.val), msg)
				urlsOK = false
			}
		}
		if urlsOK && isPrefixURL(c.ZoomMarketplaceURL, c.ZoomWebURL) {
			bad(EnvZoomMarketplaceURL, maskURL(c.ZoomMarketplaceURL), fmt.Sprintf(
				"is %s=%q or a prefix of it; the harness tells the Marketplace has opened by this prefix, "+
					"so it would take the web portal for the Marketplace (example: https://marketplace.zoom.us)",
				EnvZoomWebURL, maskURL(c.ZoomWebURL)))
		}
		if c.ZoomEmail == "" {
			bad(EnvZoomEmail, "", "required when E2E_TARGET=sandbox")
		}
		checkSandboxSignIn(&c, get, bad, badSecret)
	} else {
		c.ZoomEmail = orDefault(c.ZoomEmail, DefaultSimZoomEmail)
		c.ZoomPassword = orDefault(c.ZoomPassword, DefaultSimZoomPassword)
	}

	if v := get(EnvHeadful); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad(EnvHeadful, v, "not a boolean (use 0, 1, true or false)")
		}
		c.Headful = b
	}

	if v := get(EnvStepTimeout); v != "" {
		d, err := time.ParseDuration(v)
		switch {
		case err != nil:
			bad(EnvStepTimeout, v, "not a duration (example: "+stepTimeoutExampleValue+")")
		case d <= 0:
			bad(EnvStepTimeout, v, "must be greater than 0 (example: "+stepTimeoutExampleValue+")")
		default:
			c.StepTimeout = d
		}
	}

	for _, v := range []struct {
		name string
		dst  *time.Duration
	}{{EnvSimLatency, &c.SimLatency}, {EnvSimJitter, &c.SimJitter}} {
		s := get(v.name)
		if s == "" {
			continue
		}
		d, err := time.ParseDuration(s)
		switch {
		case err != nil:
			bad(v.name, s, "not a duration (example: "+simDelayExampleValue+"; 0 for none)")
		case d < 0:
			bad(v.name, s, "must be 0 or more (example: "+simDelayExampleValue+")")
		default:
			*v.dst = d
		}
	}

	if c.SimSecretPrefix != "" && !simSecretPrefixPattern.MatchString(c.SimSecretPrefix) {
		bad(EnvSimSecretPrefix, c.SimSecretPrefix, "must be 1 to 32 of A-Z, a-z, 0-9, '-' and '_' (example: "+
			simPrefixExampleValue+"; unset it for none)")
	}

	remoteSettings(&c, get, bad)
	apiSettings(&c, get, bad, badSecret)
	// The binary runs only when the harness launches the browser itself:
	// with E2E_BROWSER_URL or E2E_ROD_MANAGER_URL it is never used (a go-rod
	// manager launches its own), so a path this machine lacks stops nothing.
	if c.BrowserBin != "" && c.BrowserURL == "" && c.RodManagerURL == "" {
		if msg := checkExecutable(c.BrowserBin); msg != "" {
			bad(EnvBrowserBin, c.BrowserBin, msg)
		}
	}

	if c.RunID == "" {
		c.RunID = NewRunID()
	} else if !runIDPattern.MatchString(c.RunID) {
		bad(EnvRunID, c.RunID, "must be 1 to 24 of a-z, 0-9 and '-', not starting with '-' "+
			"(example: "+runIDExampleValue+"; unset it to get a fresh one)")
	}

	if len(problems) > 0 {
		return Config{}, oneLine("config: " + strings.Join(problems, "; "))
	}
	return c, nil
}

// oneLine makes an error of msg on a single line: any line break left in it
// (a path holding one, say) is escaped, so the whole report is one line.
func oneLine(msg string) error {
	return errors.New(strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(msg))
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// checkURL returns why s is not an absolute http(s) URL, or "".
func checkURL(s string) string {
	if s == "" {
		return "required"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "not an absolute http(s) URL (example: https://zoom.us)"
	}
	return ""
}

// isPrefixURL says whether prefix, as scheme://host/path without a trailing
// slash, is s's or a string prefix of it. Both must be valid absolute URLs.
func isPrefixURL(prefix, s string) bool {
	norm := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			return raw
		}
		return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + strings.TrimRight(u.Path, "/")
	}
	return strings.HasPrefix(norm(s), norm(prefix))
}

// checkExecutable returns why path is not an executable file, or "".
func checkExecutable(path string) string {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return "no such file (unset it to use /usr/bin/chromium; `make deps` installs Chromium)"
	case fi.IsDir():
		return "is a directory, not a browser binary"
	case fi.Mode()&0o111 == 0:
		return "not executable"
	}
	return ""
}

// String describes c for logs. Passwords are masked, and so is the secret
// prefix: not a secret itself, but what a canary test searches the logs for.
func (c Config) String() string {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return maskedValue
	}
	return fmt.Sprintf("config{target=%s zoom_web=%q zoom_marketplace=%q zoom_email=%q zoom_password=%q "+
		"learningspace=%q ls_admin_user=%q ls_admin_password=%q browser_bin=%q headful=%t step_timeout=%s "+
		"sim_latency=%s sim_jitter=%s sim_secret_prefix=%q run_id=%q session_file=%q account_no=%q "+
		"browser_url=%q rod_manager_url=%q shard=%q api=%v}",
		c.Target, maskURL(c.ZoomWebURL), maskURL(c.ZoomMarketplaceURL), c.ZoomEmail, mask(c.ZoomPassword),
		maskURL(c.LearningSpaceURL), c.LSAdminUser, mask(c.LSAdminPassword), c.BrowserBin, c.Headful, c.StepTimeout,
		c.SimLatency, c.SimJitter, mask(c.SimSecretPrefix), c.RunID, c.SessionFile, c.AccountNo,
		MaskEndpoint(c.BrowserURL), MaskEndpoint(c.RodManagerURL), c.Shard, c.API)
}

// maskURL hides a password embedded in a URL (https://user:pass@host).
func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), maskedValue)
	}
	return u.String()
}

// GoString keeps %#v from printing the passwords too.
func (c Config) GoString() string { return c.String() }
