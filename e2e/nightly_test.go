package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/standins"
	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/browser"
	"lszoom/internal/config"
	"lszoom/internal/guide"
	"lszoom/internal/harness"
	"lszoom/internal/session"
	"lszoom/pages/flow"
	"lszoom/pages/zoom"
)

// The stand-ins' pace: like sites across a network, each request answers
// in 20 to 80 ms, in no fixed order.
const nightlyLatency, nightlyJitter = 20 * time.Millisecond, 60 * time.Millisecond

// A night, as the play-through plays it: the build flow the Marketplace
// offers, whether make login authorized the maintenance app (the run then
// checks and cleans up through Zoom's Marketplace API), how many runs in a
// row from the saved session, and a run forced to fail: the regression of
// its Zoom and the guide step it must fail at.
type night struct {
	flow        guide.Flow
	token       bool
	runs        int
	broken      string
	brokenStep  string
	brokenTitle string
	lang        string // the account's language, the portal's (cmd/zoomsim -lang); "" English
}

// nights are the two the play-through plays. The live site's, the General
// App flow with the token, on an account whose portal is French (the
// guide's readers'; make login, the runs, the guard, all in French), twice
// in a row, and a Zoom that keeps one scope fewer than its pages show
// (only the API tells: without the token that run would be green). The
// guide's classic flow without the token, through the pages alone, and a
// Zoom that drops the company name, signed in with the password: its
// clean-up takes the pages' route (Created Apps' row menu). Its green walk
// is TestSetupOAuthApp/classic's; a green sandbox run of it costs make
// test a child harness and shows nothing the General App's runs in a row
// do not.
var nights = []night{
	{guide.FlowGeneral, true, 2, zoomsim.RegScopeNotKept, "13.1", "Meetings scopes", "fr-FR"},
	{guide.FlowClassic, false, 0, zoomsim.RegCompanyNameNotSaved, "11.2", "Company Name", ""},
}

// TestNightlyPlayThrough plays the nightly against the stand-ins run as
// separate processes, standing in for the live sites, on each build flow:
// a saved sign-in made by make login's code path (this test signs in where
// a person would), with the maintenance app authorized on a night with the
// token; runs in a row from the saved session (the setup, whichever flow
// step 5 finds, and the round trip); one run forced to fail in the middle,
// on a Zoom process of its own; the account guard refusing another
// account's number and a saved session Zoom no longer takes, both stopping
// step 1 (in this process); and then no app and no room of any of these
// runs left on the sites.
//
// It is also the proof that E2E_TARGET=sandbox works the way the nightly
// meets a live site: sites at URLs, in processes of their own, slowed
// down, that keep what a run created for the next run to cope with. Each
// run is this test binary again, as a child, so that it reads its
// configuration from the environment exactly as a nightly run does.
func TestNightlyPlayThrough(t *testing.T) {
	if cfg.Target != config.TargetSim {
		t.Skipf("it runs this binary in sandbox mode as a child; E2E_TARGET=%s", cfg.Target)
	}
	t.Parallel()
	exe, err := filepath.Abs(os.Args[0])
	require.NoError(t, err)
	// cmd/walk, built beside the stand-ins' start: the nights' last runs.
	walkDir := t.TempDir()
	walk := sync.OnceValues(func() (string, error) { return goBuild(t.Context(), "./cmd/walk", walkDir) })
	fidelity := sync.OnceValues(func() (string, error) { return goBuild(t.Context(), "./cmd/fidelity", walkDir) })
	go func() { _, _ = walk(); _, _ = fidelity() }()
	for _, n := range nights {
		name := string(n.flow) + map[bool]string{true: " with the maintenance token", false: " without it"}[n.token]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n.play(t, exe, walk, fidelity)
		})
	}
}

// play is one night. The last of its runs in a row, and the forced failure
// of the night without the token, are cmd/walk's (the procedure outside go
// test, on the same package): they must say and report what go test's do.
func (n night) play(t *testing.T, exe string, walk, fidelity func() (string, error)) {
	ctx, cancel := context.WithTimeout(t.Context(), sandboxRunTimeout)
	defer cancel()
	// LearningSpace as a nightly's is after its first night: the last
	// night's credentials saved, so that every run meets the same site
	// (and their screens can be held to each other's).
	opts := standins.Options{Latency: nightlyLatency, Jitter: nightlyJitter, Flow: string(n.flow), LSArgs: []string{"-earlier-run"}}
	if n.token {
		opts.MaintenanceRedirectURL = harness.MaintenanceRedirect
	}
	if n.lang != "" {
		opts.ZoomArgs = []string{"-lang", n.lang}
	}
	sites, err := standins.Start(ctx, opts)
	require.NoError(t, err, "start the stand-ins as processes")
	t.Cleanup(func() { _ = sites.Close() })
	opts.ZoomArgs = append(opts.ZoomArgs, "-regress", n.broken)
	broken, err := standins.StartZoom(ctx, opts)
	require.NoError(t, err, "start a Zoom stand-in broken with %s", n.broken)
	t.Cleanup(func() { _ = broken.Close() })

	// make login's code path, with this test where the person sits.
	dir := t.TempDir()
	file := filepath.Join(dir, "zoom-session.json")
	signInAsAPerson(t, sites, file)
	checkSavedSession(t, file, sites)
	expired := filepath.Join(dir, "expired-session.json")
	writeExpired(t, file, expired)

	base := append(withoutHarnessEnv(os.Environ()), sites.Env()...)
	fromSession := with(without(base, config.EnvZoomPassword), config.EnvSessionFile, file)
	// The procedure on the one flow the site offers: steps 1–18, then the
	// round trip with the new app (a forced failure stops before it).
	const procedure = "^TestSetupOAuthApp$/^offered$"
	out := artifactsOf(t)

	// The broken Zoom runs beside the runs in a row from the start: with
	// the token, from a session saved on it (its maintenance app is its
	// own); without, signed in with the password.
	// The broken Zoom's own environment (its URLs, its maintenance app),
	// with the LearningSpace of the others.
	brokenEnv := with(append(withoutHarnessEnv(os.Environ()), broken.Env()...), config.EnvLearningSpaceURL, sites.LearningSpaceURL)
	if n.token {
		brokenFile := filepath.Join(dir, "broken-session.json")
		signInAsAPerson(t, broken, brokenFile)
		brokenEnv = with(without(brokenEnv, config.EnvZoomPassword), config.EnvSessionFile, brokenFile)
	}
	var forced *child
	if !n.token {
		forced = startWalk(t, walk, brokenEnv, out("forced-failure"))
	} else {
		forced = startNightlyChild(t, exe, brokenEnv, procedure, out("forced-failure"))
	}

	offered := "step 5: the Marketplace offers the " + string(n.flow) + " build flow"
	// Runs in a row, each after the one before, against what it left.
	var reports []ranReport
	for run := 1; run <= n.runs; run++ {
		byWalk := run == n.runs && run > 1
		t.Run(fmt.Sprintf("run %d from the saved session%s", run, map[bool]string{true: ", by cmd/walk"}[byWalk]), func(t *testing.T) {
			dir := out(fmt.Sprintf("run-%d", run))
			var text string
			if byWalk {
				text = startWalk(t, walk, fromSession, dir).check(t, true)
				said(t, text, "step "+guide.LSUse.Name()+": passed", "the last step said")
			} else {
				// The nightly's browser, whichever the suite runs in (make
				// test: Chromium's headless shell): it stays tested here.
				env := with(fromSession, config.EnvBrowserBin, browser.DefaultBin)
				text = nightlyChild(t, exe, env, procedure, dir, true)
				said(t, text, "--- PASS: TestSetupOAuthApp/offered/"+string(n.flow)+"/step_18_", "steps 6–18 named by the flow that ran")
			}
			said(t, text, "step 1: signed in from the saved session")
			if n.lang != "" {
				said(t, text, "step 1: the portal's language: "+n.lang+" (French labels)", "the portal's language read from the page")
			}
			said(t, text, offered)
			said(t, text, "clean-up: deleted the LearningSpace room", "the run removes its room")
			n.saidAPI(t, text, run)
			reports = append(reports, reportOf(t, text))
			if !byWalk {
				assert.Contains(t, reports[len(reports)-1].Browser, "("+browser.DefaultBin+")", "the run drove the nightly's browser")
			}
			if len(reports) == 2 { // while run 2's folder is there
				sameScreens(t, fidelity, reports[0].dir, reports[1].dir)
			}
		})
	}
	if len(reports) == 2 {
		sameReport(t, reports[0], reports[1])
	}
	t.Run("refused or failing", func(t *testing.T) {
		// The guard and the expired session stop a run within step 1, in
		// the browser, before anything: played here, in-process, with the
		// flow's own step 1, against the same stand-in processes.
		err := firstStep(t, sites, file, zoomsim.OutsiderAccountNo)
		require.Error(t, err, "the guard must refuse another account's number")
		assert.Contains(t, err.Error(), "guide step 1 Sign in as the account owner failed: expected the account "+
			zoomsim.OutsiderAccountNo+" (ZOOM_ACCOUNT_NUMBER); found the account "+zoomsim.OwnerAccountNo+" signed in")
		err = firstStep(t, sites, expired, zoomsim.OwnerAccountNo)
		require.Error(t, err, "a session Zoom no longer takes must stop step 1")
		assert.ErrorIs(t, err, flow.ErrSessionExpired)
		assert.Contains(t, err.Error(), "guide step 1 Sign in as the account owner failed")
		require.NoError(t, firstStep(t, sites, file, zoomsim.OwnerAccountNo), "the saved session and the right number")
		if !n.token { // once: make login to the wrong account is refused by the same guard, its session not kept
			wrong := filepath.Join(t.TempDir(), "wrong-account.json")
			err = loginAsAPerson(t, sites, wrong, config.EnvZoomAccountNumber, zoomsim.OutsiderAccountNo)
			require.Error(t, err, "make login must refuse a sign-in to another account")
			assert.Contains(t, err.Error(), "expected the account "+zoomsim.OutsiderAccountNo)
			assert.Contains(t, err.Error(), "the saved session was removed")
			assert.NoFileExists(t, wrong)
		}

		text := forced.check(t, false)
		if !n.token {
			said(t, text, "step 1: signed in with the password")
		}
		if n.lang != "" {
			said(t, text, "step 1: the portal's language: "+n.lang+" (French labels)", "the portal's language read from the page")
		}
		said(t, text, offered)
		said(t, text, fmt.Sprintf("guide step %s %s failed", n.brokenStep, n.brokenTitle))
		if forced.tool {
			n.failedReport(t, reportOf(t, text))
		} else {
			said(t, text, fmt.Sprintf("--- FAIL: TestSetupOAuthApp/offered/%s/step_", n.flow), "the failure is named by the flow that ran")
		}
		n.saidAPI(t, text, 0)
	})

	for _, z := range []string{sites.ZoomURL, broken.ZoomURL} {
		var st zoomsim.State
		getState(t, z+zoomsim.StatePath, &st)
		for _, a := range st.Apps {
			assert.False(t, strings.HasPrefix(a.Name, testapp.NamePrefix), "app %q left on %s", a.Name, z)
		}
	}
	var ls learningspace.State
	getState(t, sites.LearningSpaceURL+learningspace.StatePath, &ls)
	for _, r := range ls.Rooms {
		assert.False(t, strings.HasPrefix(r.Name, testapp.RoomPrefix), "room %q left", r.Name)
	}
}

// sameScreens: cmd/fidelity finds no difference between two clean runs'
// step snapshots, although their run IDs, apps and credentials differ.
func sameScreens(t *testing.T, fidelity func() (string, error), a, b string) {
	t.Helper()
	bin, err := fidelity()
	require.NoError(t, err, "build cmd/fidelity")
	out, err := exec.CommandContext(t.Context(), bin, a, b).CombinedOutput()
	require.NoError(t, err, "cmd/fidelity %s %s:\n%s", a, b, out)
	assert.Regexp(t, `^no difference: [3-9]\d steps compared\n$`, string(out))
}

// saidAPI checks what a run said of Zoom's Marketplace API: with the
// token, that it checked and deleted the app through it and that Created
// Apps then no longer listed it; without, that it said so and cleaned up
// through the pages.
func (n night) saidAPI(t *testing.T, text string, run int) {
	t.Helper()
	which := fmt.Sprintf("run %d", run)
	if run == 0 {
		which = "the forced failure"
	}
	if !n.token {
		said(t, text, "Zoom's Marketplace API: off (no maintenance app configured", which)
		said(t, text, "clean-up: deleted the app", which+" removes its apps from Created Apps")
		return
	}
	said(t, text, "Zoom's Marketplace API: on, with the maintenance token", which)
	if run > 0 {
		said(t, text, "step 18: Zoom's Marketplace API records the app as the guide asks after step 18", which)
	}
	said(t, text, "through Zoom's Marketplace API", which+" deletes its apps through the API")
	said(t, text, "clean-up: Created Apps no longer lists", which)
}

// checkSavedSession checks what make login saved: the session, the
// owner's only, without the password; and, where the sites have a
// maintenance app, its token beside it, the owner's only too.
func checkSavedSession(t *testing.T, file string, sites *standins.Sites) {
	t.Helper()
	for _, f := range []string{file, config.TokenFileBeside(file)} {
		fi, err := os.Stat(f)
		if f != file && envValue(sites.Env(), config.EnvZoomAPIClientID) == "" {
			assert.True(t, os.IsNotExist(err), "no maintenance app, no token file")
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(session.FileMode), fi.Mode().Perm(), "%s is its owner's only", f)
		body, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NotContains(t, string(body), zoomsim.DefaultOwnerPassword, "%s holds no password", f)
	}
}

// envValue is KEY's value in env ("" if absent).
func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// firstStep runs guide step 1 of the setup flow, as a sandbox run does
// (harness.World.SignIn), in a browser session given the saved sign-in in
// file, with the account guard set to accountNo.
func firstStep(t *testing.T, sites *standins.Sites, file, accountNo string) error {
	t.Helper()
	env := with(without(sites.Env(), config.EnvZoomAPIClientID, config.EnvZoomAPIClientSecret, config.EnvZoomAPIRedirectURL),
		config.EnvSessionFile, file, config.EnvZoomAccountNumber, accountNo)
	c, err := config.FromEnv(func(k string) string { return envValue(env, k) })
	require.NoError(t, err, "the sandbox configuration of the stand-in processes")
	w, err := suite.With(c).NewWorld(t.Context(), harness.WorldOptions{Name: t.Name(), Log: t.Logf})
	require.NoError(t, err)
	defer func() { _ = w.Close() }()
	_, err = w.SignIn(t.Context())
	return err
}

// signInAsAPerson runs make login's procedure (harness.World.SaveSignIn,
// what cmd/zoomlogin runs, from the configuration make login reads) in a
// browser session of its own, and signs in on its tab as the person would.
func signInAsAPerson(t *testing.T, sites *standins.Sites, file string) {
	t.Helper()
	require.NoError(t, loginAsAPerson(t, sites, file),
		"make login saves the session (and authorizes the maintenance app where the sites have one)")
}

// loginAsAPerson is signInAsAPerson with make login's error, its
// configuration the sites' and kv (ZOOM_ACCOUNT_NUMBER, say).
func loginAsAPerson(t *testing.T, sites *standins.Sites, file string, kv ...string) error {
	t.Helper()
	env := with(sites.Env(), append([]string{config.EnvSessionFile, file}, kv...)...)
	l, err := config.LoginFromEnv(func(k string) string { return envValue(env, k) })
	require.NoError(t, err, "make login's configuration of the stand-in processes")
	ctx, cancel := context.WithTimeout(t.Context(), 2*cfg.StepTimeout)
	defer cancel()
	asked := make(chan struct{}) // make login says "sign in" once its page has loaded
	var once sync.Once
	logf := func(format string, args ...any) {
		t.Logf(format, args...)
		once.Do(func() { close(asked) })
	}
	w, err := suite.With(l.Config()).NewWorld(ctx, harness.WorldOptions{Name: t.Name(), Log: logf, Fresh: true})
	require.NoError(t, err)
	defer func() { _ = w.Close() }()
	saved := make(chan error, 1)
	go func() { saved <- w.SaveSignIn(ctx) }()
	select {
	case <-asked:
	case err := <-saved:
		require.NoError(t, err, "make login ended before asking to sign in")
	case <-ctx.Done():
		require.NoError(t, ctx.Err(), "make login never asked to sign in")
	}
	require.NoError(t, zoom.SignInPageOn(w.Zoom, w.Sess.Page).SignIn(ctx, zoomsim.DefaultOwnerEmail, zoomsim.DefaultOwnerPassword),
		"the person signs in")
	return <-saved
}

// writeExpired writes a copy of the saved session whose cookies Zoom no
// longer knows, as after the session's lifetime.
func writeExpired(t *testing.T, from, to string) {
	st, err := session.Load(from)
	require.NoError(t, err)
	for _, c := range st.Cookies {
		c.Value = "expired-" + c.Value
	}
	require.NoError(t, session.Save(to, st))
}

// nightlyChild runs the harness as a child in sandbox mode (the tests that
// match run) and returns its output; pass says whether it must pass or fail.
func nightlyChild(t *testing.T, exe string, env []string, run, outDir string, pass bool) string {
	t.Helper()
	return startNightlyChild(t, exe, env, run, outDir).check(t, pass)
}

// startNightlyChild starts a sandbox run of the harness, to check later.
func startNightlyChild(t *testing.T, exe string, env []string, run, outDir string) *child {
	t.Helper()
	return startChild(t, exe, env, run, sandboxRunTimeout, outputDirArgs(t, outDir)...)
}

// check waits for a sandbox run and checks that it passed, or failed a
// test as it should (pass false); it returns the run's output.
func (c *child) check(t *testing.T, pass bool) string {
	t.Helper()
	text, timedOut, took, err := c.wait()
	failed := anyFailLine.MatchString(text) || (c.tool && err != nil)
	switch {
	case timedOut && t.Context().Err() == nil:
		t.Errorf("child harness (%s) did not end in time (%v)\n%s", c.run, took, lastBytes(text, outputTail))
	case pass && (err != nil || failed):
		t.Errorf("child harness (%s) failed after %v: %v\n%s", c.run, took, err, lastBytes(text, outputTail))
	case !pass && (err == nil || !failed):
		t.Errorf("child harness (%s) should have failed (exit %v)\n%s", c.run, err, lastBytes(text, outputTail))
	default:
		t.Logf("child harness (%s) %s in %v", c.run, map[bool]string{true: "passed", false: "failed as it should"}[pass], took)
	}
	return text
}

// artifactsOf gives each child a directory under t's artifact directory
// when go test keeps artifacts (-artifacts), "" otherwise.
func artifactsOf(t *testing.T) func(name string) string {
	var root string
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		root = t.ArtifactDir()
	}
	return func(name string) string {
		if root == "" {
			return ""
		}
		return filepath.Join(root, name)
	}
}

// with sets KEY=value pairs in env (a copy), replacing earlier values.
func with(env []string, kv ...string) []string {
	keys := make([]string, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		keys = append(keys, kv[i])
	}
	out := without(env, keys...)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, kv[i]+"="+kv[i+1])
	}
	return out
}

// without drops the keys from env (a copy).
func without(env []string, keys ...string) []string {
	var out []string
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		drop := false
		for _, key := range keys {
			drop = drop || k == key
		}
		if !drop {
			out = append(out, e)
		}
	}
	return out
}

// getState reads a stand-in's test-only state.
func getState(t *testing.T, url string, v any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "read %s", url)
	defer func() { _ = res.Body.Close() }()
	require.Equal(t, http.StatusOK, res.StatusCode, url)
	require.NoError(t, json.NewDecoder(res.Body).Decode(v), url)
}

// said checks that a child's output holds want; a failure shows the end of
// the output, not all of it.
func said(t *testing.T, text, want string, why ...string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Errorf("the child harness did not say %q (%s)\n--- its output, last %d bytes at most ---\n%s",
			want, strings.Join(why, "; "), outputTail/4, lastBytes(text, outputTail/4))
	}
}
