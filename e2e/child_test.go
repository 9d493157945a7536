package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/standins"
	"lszoom/internal/config"
)

// What tests that run this binary again as a child harness (the nightly
// play-through, the leak tests) share.

const (
	// sandboxRunTimeout bounds one child run of the harness (TestSetupOAuthApp,
	// the guide walk and the round trip, takes well under a minute).
	sandboxRunTimeout = 3 * time.Minute
	// outputTail is how much of a failed child's output the failure shows;
	// the whole of it is in the child's artifact directory only if it failed
	// a step, so keep enough for the step's message and the test summary.
	outputTail = 16 << 10
)

// anyFailLine is a failed test's line in a child's -test.v output.
var anyFailLine = regexp.MustCompile(`(?m)^\s*--- FAIL: .*$`)

// browserVars say how this run gets its browser: a binary other than
// Debian's, a grid's DevTools endpoint or a go-rod manager, headful. A
// child harness that walks gets the same, else it would launch a local
// Chromium that a machine of a browser grid may not have.
var browserVars = []string{config.EnvBrowserBin, config.EnvBrowserURL, config.EnvRodManagerURL, config.EnvHeadful}

// withoutHarnessEnv drops the harness's variables from env (the sites, the
// target, the credentials, the run ID, the stand-ins' knobs), so that the
// child gets only the sandbox's, except the ones about the browser
// (browserVars) and its pace, which the machine running this test needs
// for its child too.
func withoutHarnessEnv(env []string) []string {
	keep := map[string]bool{config.EnvStepTimeout: true}
	for _, v := range browserVars {
		keep[v] = true
	}
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		harness := false
		for _, p := range []string{"E2E_", "ZOOM_", "LEARNINGSPACE_", "LS_"} {
			harness = harness || strings.HasPrefix(k, p)
		}
		if !harness || keep[k] {
			out = append(out, kv)
		}
	}
	return out
}

// withBrowser is set plus this process's browserVars that set does not name.
func withBrowser(set map[string]string) map[string]string {
	out := map[string]string{}
	for _, v := range browserVars {
		if x, ok := os.LookupEnv(v); ok {
			out[v] = x
		}
	}
	for k, v := range set {
		out[k] = v
	}
	return out
}

// lastBytes is the end of s, from a line start if one is near.
func lastBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 && i < 200 {
		s = s[i+1:]
	}
	return s
}

// child is a run of this test binary as a child harness (or of a tool of
// cmd/, startTool). It is started at once and checked later (wait), so
// that a test can run children side by side, or beside its own work,
// without queueing them behind every other parallel test as t.Parallel
// subtests would be: the children are the suite's longest chains, and
// started last they would end it alone.
type child struct {
	run    string // the tests it runs, or the tool's name
	tool   bool   // a command of cmd/, not this binary
	cmd    *exec.Cmd
	out    bytes.Buffer
	ctx    context.Context
	cancel context.CancelFunc
	t0     time.Time
	done   chan struct{}
	err    error         // set before done is closed
	took   time.Duration // from start to exit, set before done is closed
}

// startChild starts exe with the tests matching run, the environment env
// and args after the usual ones, for at most timeout (less if t's binary
// has less time left).
func startChild(t *testing.T, exe string, env []string, run string, timeout time.Duration, args ...string) *child {
	t.Helper()
	timeout = timeLeft(t, timeout)
	args = append([]string{"-test.run", run, "-test.count=1", "-test.v", "-test.timeout", (timeout - 10*time.Second).String()}, args...)
	return startProcess(t, run, exe, args, env, timeout)
}

// startTool starts a command of cmd/ (built by goBuild) with args and
// the environment env, for at most timeout, as startChild starts this
// binary: its failure is its exit status.
func startTool(t *testing.T, bin string, env []string, timeout time.Duration, args ...string) *child {
	t.Helper()
	c := startProcess(t, path.Base(bin), bin, args, env, timeLeft(t, timeout))
	c.tool = true
	return c
}

// timeLeft is timeout, or less if t's binary has less time left.
func timeLeft(t *testing.T, timeout time.Duration) time.Duration {
	t.Helper()
	if d, ok := t.Deadline(); ok && time.Until(d)-30*time.Second < timeout {
		timeout = time.Until(d) - 30*time.Second
	}
	require.Positive(t, timeout, "no time left before the test binary's -timeout")
	return timeout
}

func startProcess(t *testing.T, name, exe string, args, env []string, timeout time.Duration) *child {
	t.Helper()
	c := &child{run: name, done: make(chan struct{})}
	c.ctx, c.cancel = context.WithTimeout(t.Context(), timeout)
	t.Cleanup(func() { c.cancel(); <-c.done })
	c.cmd = exec.CommandContext(c.ctx, exe, args...)
	c.cmd.Env = env
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	c.cmd.WaitDelay = 10 * time.Second
	c.t0 = time.Now()
	if err := standins.StartCommand(c.cmd); err != nil {
		close(c.done)
		require.NoError(t, err, "start the child harness (%s)", name)
	}
	go func() { c.err = c.cmd.Wait(); c.took = time.Since(c.t0).Round(100 * time.Millisecond); close(c.done) }()
	return c
}

// wait waits for the child to end and gives its output, whether it ran
// out of time, how long it took, and its exit error.
func (c *child) wait() (text string, timedOut bool, took time.Duration, err error) {
	<-c.done
	return c.out.String(), c.ctx.Err() != nil, c.took, c.err
}

// outputDirArgs keeps a child's artifacts in dir, when there is one.
func outputDirArgs(t *testing.T, dir string) []string {
	if dir == "" {
		return nil
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return []string{"-test.artifacts", "-test.outputdir", dir}
}

// A child harness gets this run's browser (a grid's endpoint, another
// binary) and none of its other harness variables.
func TestChildHarnessesGetThisRunsBrowser(t *testing.T) {
	t.Setenv(config.EnvBrowserURL, "ws://grid.test:9222/devtools/browser/x")
	t.Setenv(config.EnvBrowserBin, "/opt/other/chromium")
	t.Setenv(config.EnvZoomEmail, "someone@example.test")
	got := withoutHarnessEnv(os.Environ())
	assert.Contains(t, got, config.EnvBrowserURL+"=ws://grid.test:9222/devtools/browser/x")
	assert.Contains(t, got, config.EnvBrowserBin+"=/opt/other/chromium")
	assert.NotContains(t, got, config.EnvZoomEmail+"=someone@example.test")

	set := withBrowser(map[string]string{config.EnvBrowserBin: "/fake"})
	assert.Equal(t, "ws://grid.test:9222/devtools/browser/x", set[config.EnvBrowserURL])
	assert.Equal(t, "/fake", set[config.EnvBrowserBin], "what the test sets wins")
	assert.NotContains(t, set, config.EnvZoomEmail)
}
