package e2e

import (
	"regexp"
	"strings"
	"time"

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
