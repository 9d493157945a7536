package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/standins"
	"lszoom/internal/guide"
	"lszoom/internal/report"
)

// cmd/walk is the procedure outside go test, on internal/harness alone.
// TestNightlyPlayThrough runs it as a nightly would, beside this binary's
// own runs: these are what it checks of it.

// goBuild builds the command at pkg ("./cmd/walk") and returns the
// binary's path: a tool is proven as a person runs it, a process that reads
// its configuration from its environment. The binary is kept in the user's
// cache, one per checkout, as the stand-ins' are: go build does not link
// again a binary that is up to date there (else dir, a temporary one).
func goBuild(ctx context.Context, pkg, dir string) (string, error) {
	root, err := standins.ModuleRoot()
	if err != nil {
		return "", err
	}
	if kept, ok := standins.KeptDir(root, "tools"); ok {
		dir = kept
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return bin, nil
}

// startWalk starts cmd/walk with env, its report in dir/report (a folder of
// t's when dir is ""), without step screenshots, as go test's children run.
func startWalk(t *testing.T, walk func() (string, error), env []string, dir string) *child {
	t.Helper()
	bin, err := walk()
	require.NoError(t, err, "build cmd/walk")
	if dir == "" {
		dir = t.TempDir()
	}
	return startTool(t, bin, env, sandboxRunTimeout, "-report", filepath.Join(dir, "report"), "-shots=false",
		"-timeout", sandboxRunTimeout.String())
}

// reportLine is where a run said its report is: go test's TestMain
// ("run report: …") and cmd/walk ("report: …").
var reportLine = regexp.MustCompile(`(?m)^(?:run )?report: (\S+index\.html)$`)

// ranReport is the report a run wrote: its summary and folder.
type ranReport struct {
	*report.Summary
	dir string
}

// reportOf loads the report a run said it wrote.
func reportOf(t *testing.T, text string) ranReport {
	t.Helper()
	m := reportLine.FindAllStringSubmatch(text, -1)
	require.NotEmpty(t, m, "the run says where its report is")
	dir := filepath.Dir(m[len(m)-1][1])
	s, err := report.Load(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	return ranReport{s, dir}
}

// shape is what two reports of the same procedure on the same site must
// share: each flow's name and steps, their titles and outcomes (not the
// tests' names, the durations or the artifacts' paths).
func (r ranReport) shape() []string {
	var out []string
	for _, f := range r.Flows {
		for _, st := range f.Steps {
			out = append(out, fmt.Sprintf("%s: %s %s (%s): %s", f.Name, st.Number, st.Title, st.French, st.Status))
		}
	}
	return out
}

// sameReport checks that go test's run (a) and cmd/walk's (b) reported the
// same green procedure, to its last step.
func sameReport(t *testing.T, a, b ranReport) {
	t.Helper()
	assert.True(t, a.Green && b.Green, "both runs green")
	assert.Equal(t, a.shape(), b.shape(), "cmd/walk reports the procedure as go test does")
	if sh := a.shape(); assert.NotEmpty(t, sh) {
		assert.Contains(t, sh[len(sh)-1], guide.LSUse.Number+" "+guide.LSUse.Title, "the round trip's last step is the report's last")
	}
}

// failedReport checks the report of the night's forced failure: the steps
// before the broken one passed, that one failed with its screenshot, HTML
// and console (a later step's check may be what found it, and fails too),
// and the steps after the last failure are listed as not run.
func (n night) failedReport(t *testing.T, r ranReport) {
	t.Helper()
	assert.False(t, r.Green)
	require.Len(t, r.Flows, 1, "one walk: the round trip never started")
	f := r.Flows[0]
	assert.Equal(t, string(n.flow), f.Name, "named by the build flow step 5 found")
	at := slices.IndexFunc(f.Steps, func(st report.Step) bool { return st.Number == n.brokenStep })
	require.GreaterOrEqual(t, at, 0, "step %s is in the report", n.brokenStep)
	for _, st := range f.Steps[:at] {
		assert.Equal(t, report.Pass, st.Status, "step %s", st.Number)
	}
	broken := f.Steps[at]
	assert.Equal(t, report.Fail, broken.Status)
	for _, ext := range []string{".png", ".html", ".console.txt"} {
		i := slices.IndexFunc(broken.Artifacts, func(a string) bool { return strings.HasSuffix(a, ext) })
		if assert.GreaterOrEqual(t, i, 0, "step %s left its %s: %v", broken.Number, ext, broken.Artifacts) {
			_, err := os.Stat(filepath.Join(r.dir, broken.Artifacts[i]))
			assert.NoError(t, err, "the report's link to the %s", ext)
		}
	}
	last := at + slices.IndexFunc(f.Steps[at:], func(st report.Step) bool { return st.Status == report.NotRun }) - 1
	require.Greater(t, last, at-1, "the steps after the failure are listed as not run")
	assert.Equal(t, report.Fail, f.Steps[last].Status, "the walk stopped at a failed step")
	for _, st := range f.Steps[last+1:] {
		assert.Equal(t, report.NotRun, st.Status, "step %s", st.Number)
	}
}
