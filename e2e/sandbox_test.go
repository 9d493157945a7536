package e2e

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"lszoom/fixtures/standins"
	"lszoom/internal/config"
)

// The latency of the stand-ins' processes: like a site across a network,
// each request answers in 40 to 120 ms, in no fixed order.
const (
	sandboxLatency = 40 * time.Millisecond
	sandboxJitter  = 80 * time.Millisecond
	// sandboxRunTimeout bounds one child run of the harness (TestSetupOAuthApp,
	// the guide walk and the round trip, takes well under a minute).
	sandboxRunTimeout = 3 * time.Minute
	// outputTail is how much of a failed child's output the failure shows;
	// the whole of it is in the child's artifact directory only if it failed
	// a step, so keep enough for the step's message and the test summary.
	outputTail = 16 << 10
)

// What a passing sandbox run prints (-test.v). Subtests are indented.
var (
	passSetup   = regexp.MustCompile(`(?m)^\s*--- PASS: TestSetupOAuthApp \(`)
	passAllow   = regexp.MustCompile(`(?m)^\s*--- PASS: TestSetupOAuthApp/classic/step_LS\.6_`)
	anyFailLine = regexp.MustCompile(`(?m)^\s*--- FAIL: .*$`)
)

// TestSandboxAgainstSeparateProcesses runs the harness the way the nightly
// does, E2E_TARGET=sandbox against sites at URLs, except that the sites are
// the stand-ins in processes of their own (fixtures/standins), slowed down to
// answer like sites across a network. It does so twice against the same
// processes: a real Zoom and LearningSpace keep what a run created, and the
// next night's run must cope with it.
//
// Each run is this test binary again, as a child, so that it reads its
// configuration from the environment exactly as a nightly run does.
func TestSandboxAgainstSeparateProcesses(t *testing.T) {
	if cfg.Target != config.TargetSim {
		t.Skipf("it runs this binary in sandbox mode as a child; with E2E_TARGET=%s the child would be this "+
			"same test starting itself again", cfg.Target)
	}
	t.Parallel()
	exe, err := filepath.Abs(os.Args[0])
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), sandboxRunTimeout)
	sites, err := standins.Start(ctx, standins.Options{Latency: sandboxLatency, Jitter: sandboxJitter})
	cancel()
	require.NoError(t, err, "start the stand-ins as processes")
	t.Cleanup(func() {
		if err := sites.Close(); err != nil {
			t.Errorf("stop the stand-ins: %v", err)
		}
	})
	t.Logf("stand-ins: zoom %s, learningspace %s (latency %v + 0..%v)",
		sites.ZoomURL, sites.LearningSpaceURL, sandboxLatency, sandboxJitter)

	env := append(withoutHarnessEnv(os.Environ()), sites.Env()...)
	var artifactRoot string
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		artifactRoot = t.ArtifactDir()
	}
	for run := 1; run <= 2; run++ {
		t.Run(fmt.Sprintf("run %d", run), func(t *testing.T) {
			outDir := ""
			if artifactRoot != "" {
				outDir = filepath.Join(artifactRoot, fmt.Sprintf("run-%d", run))
			}
			runSandboxChild(t, exe, env, outDir)
		})
	}
}

// runSandboxChild runs the setup and the round trip in a child harness and
// checks that both passed.
func runSandboxChild(t *testing.T, exe string, env []string, outDir string) {
	timeout := sandboxRunTimeout
	if d, ok := t.Deadline(); ok && time.Until(d)-30*time.Second < timeout {
		timeout = time.Until(d) - 30*time.Second // leave time to report
	}
	require.Positive(t, timeout, "no time left before the test binary's -timeout")
	args := []string{
		// The procedure, as the nightly runs it: the round trip's failure
		// cases need the stand-ins' knobs (sim mode) and would skip.
		"-test.run", "^TestSetupOAuthApp$", "-test.count=1", "-test.v",
		// The child's own timeout comes first, so that a hung run ends with
		// its goroutines' stacks instead of a bare kill.
		"-test.timeout", (timeout - 10*time.Second).String(),
	}
	if outDir != "" {
		require.NoError(t, os.MkdirAll(outDir, 0o755))
		args = append(args, "-test.artifacts", "-test.outputdir", outDir)
	}

	// The child is killed when the deadline passes or this test ends early,
	// and by the kernel when this process dies (StartCommand); its Chromium
	// goes with it, by the harness's own browser guard.
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out // one writer: exec writes from one goroutine
	cmd.WaitDelay = 10 * time.Second    // if a grandchild keeps the pipe open
	t0 := time.Now()
	err := standins.StartCommand(cmd)
	require.NoError(t, err, "start the child harness")
	err = cmd.Wait()
	took := time.Since(t0).Round(100 * time.Millisecond)

	text := out.String()
	var problems []string
	switch {
	case ctx.Err() != nil && t.Context().Err() == nil:
		problems = append(problems, fmt.Sprintf("did not end within %v: killed", timeout))
	case err != nil:
		problems = append(problems, fmt.Sprintf("exited: %v", err))
	}
	if !passSetup.MatchString(text) {
		problems = append(problems, "no --- PASS: TestSetupOAuthApp")
	}
	if !passAllow.MatchString(text) {
		problems = append(problems, "no --- PASS: TestSetupOAuthApp/classic/step_LS.6 (the round trip's end)")
	}
	if fails := anyFailLine.FindAllString(text, -1); fails != nil {
		problems = append(problems, "failed: "+strings.Join(trimAll(fails), "; "))
	}
	if len(problems) == 0 {
		t.Logf("child harness passed in %v", took)
		return
	}
	where := outDir
	if where == "" {
		where = "none kept (run go test with -artifacts -outputdir DIR)"
	}
	// The harness redacts passwords and client secrets from what it prints,
	// so its output is shown as it is.
	t.Errorf("child harness (E2E_TARGET=sandbox) after %v: %s\nartifacts: %s\n--- child output (last %d bytes at most) ---\n%s",
		took, strings.Join(problems, "; "), where, outputTail, lastBytes(text, outputTail))
}

// withoutHarnessEnv drops the harness's variables from env (the sites, the
// target, the credentials, the run ID, the stand-ins' knobs), so that the
// child gets only the sandbox's, except the ones about the browser and its
// pace, which the machine running this test needs for its child too.
func withoutHarnessEnv(env []string) []string {
	keep := map[string]bool{config.EnvBrowserBin: true, config.EnvHeadful: true, config.EnvStepTimeout: true}
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

func trimAll(ss []string) []string {
	for i := range ss {
		ss[i] = strings.TrimSpace(ss[i])
	}
	return ss
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
