// Package config reads the harness configuration from the environment (and an
// optional .env file at the module root).
//
// Every problem is reported as one error that names the variables at fault;
// configuration never panics and never surfaces later as a browser timeout.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
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
const (
	EnvTarget             = "E2E_TARGET"
	EnvZoomWebURL         = "ZOOM_WEB_URL"
	EnvZoomMarketplaceURL = "ZOOM_MARKETPLACE_URL"
	EnvZoomAPIURL         = "ZOOM_API_URL"
	EnvZoomEmail          = "ZOOM_EMAIL"
	EnvZoomPassword       = "ZOOM_PASSWORD"
	EnvLearningSpaceURL   = "LEARNINGSPACE_URL"
	EnvLSAdminUser        = "LS_ADMIN_USER"
	EnvLSAdminPassword    = "LS_ADMIN_PASSWORD"
	EnvBrowserBin         = "E2E_BROWSER_BIN"
	EnvHeadful            = "E2E_HEADFUL"
	EnvStepTimeout        = "E2E_STEP_TIMEOUT"
	EnvArtifactsDir       = "E2E_ARTIFACTS_DIR"
)

// Defaults for the simulated target. The Zoom ones seed the stand-in's owner.
const (
	DefaultSimZoomEmail     = "owner@example.test"
	DefaultSimZoomPassword  = "Sim-Owner-Pass-1"
	DefaultLSAdminUser      = "admin"
	DefaultLSAdminPassword  = "Sim-LS-Admin-1"
	DefaultStepTimeout      = 10 * time.Second
	DefaultArtifactsDir     = "artifacts"
	envFileName             = ".env"
	maskedValue             = "***"
	stepTimeoutExampleValue = "10s"
)

// Config is the harness configuration.
type Config struct {
	Target Target

	// Zoom base URLs. Required (absolute http(s) URLs) when Target is sandbox;
	// ignored in sim, where the stand-in's URL is used for all three.
	ZoomWebURL, ZoomMarketplaceURL, ZoomAPIURL string
	// The Zoom account owner. Sim defaults seed the stand-in; required in sandbox.
	ZoomEmail, ZoomPassword string

	// LearningSpaceURL is required in sandbox; in sim the stand-in's URL is used.
	LearningSpaceURL             string
	LSAdminUser, LSAdminPassword string

	BrowserBin   string        // E2E_BROWSER_BIN; empty: see browser.ResolveBin
	Headful      bool          // E2E_HEADFUL
	StepTimeout  time.Duration // E2E_STEP_TIMEOUT: the deadline of one UI action
	ArtifactsDir string        // E2E_ARTIFACTS_DIR
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
		path := filepath.Join(root, envFileName)
		if _, err := os.Stat(path); err == nil {
			fileVals, err = godotenv.Read(path)
			if err != nil {
				return Config{}, fmt.Errorf("config: %s: malformed: %v", path, err)
			}
		}
	}
	return FromEnv(func(k string) string {
		if v, ok := lookup(k); ok && v != "" {
			return v
		}
		return fileVals[k]
	})
}

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
// Values are trimmed; an empty value counts as unset.
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
		ZoomAPIURL:         get(EnvZoomAPIURL),
		ZoomEmail:          get(EnvZoomEmail),
		ZoomPassword:       get(EnvZoomPassword),
		LearningSpaceURL:   get(EnvLearningSpaceURL),
		LSAdminUser:        orDefault(get(EnvLSAdminUser), DefaultLSAdminUser),
		LSAdminPassword:    orDefault(get(EnvLSAdminPassword), DefaultLSAdminPassword),
		BrowserBin:         get(EnvBrowserBin),
		StepTimeout:        DefaultStepTimeout,
		ArtifactsDir:       orDefault(get(EnvArtifactsDir), DefaultArtifactsDir),
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
		for _, v := range []struct{ name, val string }{
			{EnvZoomWebURL, c.ZoomWebURL},
			{EnvZoomMarketplaceURL, c.ZoomMarketplaceURL},
			{EnvZoomAPIURL, c.ZoomAPIURL},
			{EnvLearningSpaceURL, c.LearningSpaceURL},
		} {
			if msg := checkURL(v.val); msg != "" {
				bad(v.name, v.val, msg+" (required when E2E_TARGET=sandbox)")
			}
		}
		if c.ZoomEmail == "" {
			bad(EnvZoomEmail, "", "required when E2E_TARGET=sandbox")
		}
		if c.ZoomPassword == "" {
			badSecret(EnvZoomPassword, "required when E2E_TARGET=sandbox")
		}
	} else {
		c.ZoomEmail = orDefault(c.ZoomEmail, DefaultSimZoomEmail)
		c.ZoomPassword = orDefault(c.ZoomPassword, DefaultSimZoomPassword)
	}

	if c.BrowserBin != "" {
		if msg := checkExecutable(c.BrowserBin); msg != "" {
			bad(EnvBrowserBin, c.BrowserBin, msg)
		}
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

	if len(problems) > 0 {
		return Config{}, errors.New("config: " + strings.Join(problems, "; "))
	}
	return c, nil
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

// String describes c for logs. Passwords are masked.
func (c Config) String() string {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return maskedValue
	}
	return fmt.Sprintf("config{target=%s zoom_web=%q zoom_marketplace=%q zoom_api=%q zoom_email=%q zoom_password=%q "+
		"learningspace=%q ls_admin_user=%q ls_admin_password=%q browser_bin=%q headful=%t step_timeout=%s artifacts_dir=%q}",
		c.Target, maskURL(c.ZoomWebURL), maskURL(c.ZoomMarketplaceURL), maskURL(c.ZoomAPIURL), c.ZoomEmail, mask(c.ZoomPassword),
		maskURL(c.LearningSpaceURL), c.LSAdminUser, mask(c.LSAdminPassword), c.BrowserBin, c.Headful, c.StepTimeout, c.ArtifactsDir)
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
