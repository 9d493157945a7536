package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The variables of runs against a real Zoom account (README, "Nightly
// against a real Zoom account").
const (
	// EnvSessionFile names the file `make login` saves the browser's Zoom
	// sign-in to (cookies and local storage), and sandbox runs start from.
	EnvSessionFile = "E2E_SESSION_FILE"
	// EnvZoomAccountNumber is the Account No. of the Zoom account the run
	// may create apps in: the profile's must equal it before step 1 ends.
	EnvZoomAccountNumber = "ZOOM_ACCOUNT_NUMBER"
)

// accountNoPattern: Zoom shows an account number as digits. Separators a
// person may copy with it (spaces, dashes) are not accepted, so that the
// comparison with the profile page is exact.
var accountNoPattern = regexp.MustCompile(`^[0-9]{4,20}$`)

// checkSandboxSignIn checks how a sandbox run signs in and where it may
// work: the account guard's number, and either a saved session file or the
// password. The session file must be a regular file only its owner can
// read: it holds a live sign-in.
func checkSandboxSignIn(c *Config, get func(string) string, bad func(name, value, msg string), badSecret func(name, msg string)) {
	switch {
	case c.AccountNo == "":
		bad(EnvZoomAccountNumber, "", "required when E2E_TARGET=sandbox: the Account No. shown on the Zoom profile page "+
			"of the account the run may create apps in (digits only)")
	case !accountNoPattern.MatchString(c.AccountNo):
		bad(EnvZoomAccountNumber, c.AccountNo, "must be the Account No. as digits only, as the Zoom profile page shows it")
	}
	if c.SessionFile == "" {
		if c.ZoomPassword == "" {
			badSecret(EnvZoomPassword, "required when E2E_TARGET=sandbox and "+EnvSessionFile+" is not set "+
				"(the live sign-in asks robots for codes: run make login and set "+EnvSessionFile+")")
		}
		return
	}
	if msg := checkSessionFile(c.SessionFile); msg != "" {
		bad(EnvSessionFile, c.SessionFile, msg)
	}
}

// checkSessionFile returns why path is not a usable saved session, or "".
func checkSessionFile(path string) string {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file: run make login to save a Zoom sign-in there"
	case err != nil:
		return fmt.Sprintf("cannot be read: %v", unwrapPath(err))
	case !fi.Mode().IsRegular():
		return "not a regular file"
	case fi.Mode().Perm()&0o077 != 0:
		return fmt.Sprintf("mode %04o lets others read a live Zoom sign-in: chmod 600 it (make login writes it so)", fi.Mode().Perm())
	}
	return ""
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// generatedRunID is what NewRunID makes: "r", MMDD-HHMMSS (UTC), "-", 4 hex.
var generatedRunID = regexp.MustCompile(`^r([0-9]{4}-[0-9]{6})-[0-9a-f]{4}$`)

// RunIDTime is when a run whose ID NewRunID generated started, read back
// from the ID: the latest such UTC time not after now (the ID carries no
// year). ok is false for an ID a person chose (E2E_RUN_ID), which says
// nothing of its time.
func RunIDTime(runID string, now time.Time) (t time.Time, ok bool) {
	m := generatedRunID.FindStringSubmatch(runID)
	if m == nil {
		return time.Time{}, false
	}
	now = now.UTC()
	for _, year := range []int{now.Year(), now.Year() - 1} {
		t, err := time.Parse("2006 0102-150405", fmt.Sprintf("%d %s", year, m[1]))
		if err != nil {
			return time.Time{}, false // 0231, 2599…: not a time
		}
		if !t.After(now.Add(time.Minute)) { // a minute's grace for clocks apart
			return t, true
		}
	}
	return time.Time{}, false
}

// RunIDIn finds a run ID in a name that carries one after prefix (an app's
// "CAE LearningSpace e2e r1127-093015-ab12 3f0c"): the first word after it.
func RunIDIn(name, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(name, prefix+" ")
	if !ok {
		return "", false
	}
	id, _, _ := strings.Cut(rest, " ")
	return id, id != ""
}

// Login is what `make login` needs: where Zoom signs in and where the
// session goes. The session file need not exist yet; its directory must.
type Login struct {
	ZoomWebURL  string
	SessionFile string
	BrowserBin  string
	// AccountNo (ZOOM_ACCOUNT_NUMBER, optional here): when set, make login
	// checks that the account signed in is this one before it keeps the
	// session (the account guard of every run).
	AccountNo string
	// API is the maintenance app, when configured (api.go): make login
	// then authorizes it too, and saves its token to API.TokenFile.
	API API
}

// Config is the run configuration make login's browser works under: a
// visible local Chromium on the sandbox's Zoom, with its guard and its
// maintenance app.
func (l Login) Config() Config {
	return Config{Target: TargetSandbox, ZoomWebURL: l.ZoomWebURL, SessionFile: l.SessionFile, BrowserBin: l.BrowserBin,
		Headful: true, StepTimeout: DefaultStepTimeout, AccountNo: l.AccountNo, API: l.API}
}

// LoadLogin reads Login from the environment and the module's .env, as
// Load does, reporting every problem in one line naming the variables.
func LoadLogin() (Login, error) {
	wd, err := os.Getwd()
	if err != nil {
		return Login{}, fmt.Errorf("config: working directory: %w", err)
	}
	fileVals := map[string]string{}
	if root, ok := moduleRoot(wd); ok {
		if fileVals, err = readEnvFile(filepath.Join(root, envFileName)); err != nil {
			return Login{}, err
		}
	}
	return LoginFromEnv(func(k string) string {
		if v, ok := os.LookupEnv(k); ok && v != "" {
			return v
		}
		return fileVals[k]
	})
}

// LoginFromEnv builds and checks a Login from getenv.
func LoginFromEnv(getenv func(string) string) (Login, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	l := Login{ZoomWebURL: get(EnvZoomWebURL), SessionFile: get(EnvSessionFile), BrowserBin: get(EnvBrowserBin),
		AccountNo: get(EnvZoomAccountNumber)}
	var problems []string
	if msg := checkURL(l.ZoomWebURL); msg != "" {
		problems = append(problems, fmt.Sprintf("%s=%q: %s (the Zoom web portal make login signs in to)", EnvZoomWebURL, maskURL(l.ZoomWebURL), msg))
	}
	if l.SessionFile == "" {
		problems = append(problems, fmt.Sprintf("%s=\"\": required: the file to save the Zoom sign-in to (example: %s)", EnvSessionFile, sessionFileExample))
	} else if fi, err := os.Stat(filepath.Dir(l.SessionFile)); err != nil || !fi.IsDir() {
		problems = append(problems, fmt.Sprintf("%s=%q: its directory does not exist", EnvSessionFile, l.SessionFile))
	}
	if l.BrowserBin != "" {
		if msg := checkExecutable(l.BrowserBin); msg != "" {
			problems = append(problems, fmt.Sprintf("%s=%q: %s", EnvBrowserBin, l.BrowserBin, msg))
		}
	}
	c := Config{Target: TargetSandbox, SessionFile: l.SessionFile}
	apiSettings(&c, get,
		func(name, value, msg string) { problems = append(problems, fmt.Sprintf("%s=%q: %s", name, value, msg)) },
		func(name, msg string) { problems = append(problems, fmt.Sprintf("%s: %s", name, msg)) })
	l.API = c.API
	if len(problems) > 0 {
		return Login{}, oneLine("config: " + strings.Join(problems, "; "))
	}
	return l, nil
}

const sessionFileExample = ".zoom-session.json"
