package e2e

// What a run must not leave behind: Chromium processes and profiles when the
// harness is killed outright, and secrets in anything it writes. Both tests
// run this test binary again as a child: only a separate process can be
// SIGKILLed, and only a separate run can be given canary secrets and read
// back whole.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/utils"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/zoomsim"
)

// midWalk is the -test.v line of a subtest of guide step 5 or later: by then
// the walk has a signed-in session and pages with renderers of their own.
var midWalk = regexp.MustCompile(`^=== RUN\s+TestSetupOAuthApp/classic/step_([0-9]+)[._]`)

// TestKilledInTheMiddleOfAWalkLeavesNothing SIGKILLs a harness in the middle
// of the guide's walk, so that no deferred call, TestMain's Close nor
// t.Cleanup runs, and expects that within seconds no process of its Chromium
// is alive and its profile directory is gone: the guard's work (see
// internal/browser/guard.go). The kill goes to the child alone, not its
// process group: nothing but the kernel closing its pipes tells the guard.
func TestKilledInTheMiddleOfAWalkLeavesNothing(t *testing.T) {
	if cfg.BrowserURL != "" || cfg.RodManagerURL != "" {
		t.Skip("it checks the local Chromium a killed run leaves; with E2E_BROWSER_URL or E2E_ROD_MANAGER_URL a run launches none")
	}
	t.Parallel()
	exe, err := filepath.Abs(os.Args[0])
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	// 100ms per request makes the walk take tens of seconds: slow enough to
	// be caught mid-way, in any machine.
	cmd := exec.CommandContext(ctx, exe, "-test.run=^TestSetupOAuthApp$/^classic$", "-test.v", "-test.count=1", "-test.timeout=2m")
	cmd.Dir = childModule(t, t.TempDir())
	cmd.Env = childEnv(withBrowser(map[string]string{"E2E_TARGET": "sim", "E2E_SIM_LATENCY": "100ms"}))
	cmd.WaitDelay = 10 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	pid := cmd.Process.Pid
	waited := false
	defer func() {
		if !waited { // a failed require below: leave no child behind us either
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()

	var seen []string // the child's output so far, for failure messages
	lines := bufio.NewScanner(stdout)
	caught := false
	for !caught && lines.Scan() {
		seen = append(seen, lines.Text())
		if m := midWalk.FindStringSubmatch(lines.Text()); m != nil {
			n, _ := strconv.Atoi(m[1])
			caught = n >= 5
		}
	}
	require.True(t, caught, "the child ended before step 5 of the walk: %v\nstdout:\n%s\nstderr:\n%s",
		lines.Err(), strings.Join(seen, "\n"), &stderr)

	// The guard names the profile <program>-<pid>-<random> after the process
	// that launched it (browser.newProfileDir); Chromium and the guard carry
	// it on their command lines.
	marker := fmt.Sprintf("lszoom-browser/%s-%d-", filepath.Base(exe), pid)
	procs := map[int]uint64{} // PID: start time, which tells a later process of the same PID
	chromiums := 0
	for _, p := range liveProcs() {
		if strings.Contains(p.cmdline, marker) || isBelow(p.pid, pid) {
			procs[p.pid] = p.start
			if !strings.HasPrefix(p.cmdline, "lszoom-browser-guard") && strings.Contains(p.cmdline, "chrom") {
				chromiums++
			}
		}
	}
	dirs := profileDirs(marker)
	require.Positive(t, chromiums, "no Chromium process of the child (%s) before the kill: the test would prove nothing", marker)
	require.NotEmpty(t, dirs, "no profile directory of the child (%s) before the kill", marker)
	for _, d := range dirs {
		require.DirExists(t, d, "the profile before the kill")
	}

	require.NoError(t, cmd.Process.Kill()) // SIGKILL, to the child only
	killed := time.Now()
	_ = cmd.Wait() // reaps it; its pipes are closed already
	waited = true
	t.Logf("killed the child (pid %d) at %q; its browser: %d processes (the guard, %d of Chromium) and profile %s",
		pid, seen[len(seen)-1], len(procs), chromiums, strings.Join(dirs, ", "))

	// What is left: a process seen before the kill, one of the run started
	// since, a profile directory.
	left := func() string {
		var l []string
		for pid, start := range procs {
			if p, ok := stat(pid); ok && p.start == start && p.state != 'Z' && p.state != 'X' {
				l = append(l, fmt.Sprintf("pid %d %.80q", pid, cmdline(pid)))
			}
		}
		for _, p := range liveProcs() {
			if _, known := procs[p.pid]; !known && strings.Contains(p.cmdline, marker) {
				l = append(l, fmt.Sprintf("new pid %d %.80q", p.pid, p.cmdline))
			}
		}
		for _, d := range slices.Concat(dirs, profileDirs(marker)) {
			if _, err := os.Lstat(d); err == nil && !slices.Contains(l, d) {
				l = append(l, d)
			}
		}
		return strings.Join(l, "; ")
	}
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	err = utils.Retry(wctx, utils.BackoffSleeper(5*time.Millisecond, 100*time.Millisecond, nil),
		func() (bool, error) { return left() == "", nil })
	require.NoError(t, err, "10s after the kill, still there: %s", left())
	t.Logf("all %d processes gone and the profile removed %v after the kill", len(procs), time.Since(killed).Round(time.Millisecond))
}

// TestNoSecretInAnythingARunWrites runs the guide, its failure cases and the
// consent round trip (whose failures write screenshots, HTML and console
// artifacts) with canary secrets: passwords unique to this run and a prefix
// that every client secret and token the Zoom stand-in issues carries
// verbatim (E2E_SIM_SECRET_PREFIX: a secret starts with it, a JWT-shaped
// token's signature segment does, where no encoding hides it). Then it reads every byte the run wrote, its output
// and every file in its working directory, -outputdir, TMPDIR and HOME (where
// Chromium writes outside its profile), and expects none of them there.
func TestNoSecretInAnythingARunWrites(t *testing.T) {
	t.Parallel()
	exe, err := filepath.Abs(os.Args[0])
	require.NoError(t, err)

	// Characters that URL, HTML and JSON encoding change, so that their
	// encoded forms differ from the plain one and are searched for too.
	zoomPw, lsPw := "Canary Zoom+Pw&"+randHex(6)+"/", "Canary LS+Pw&"+randHex(6)+"/"
	prefix := "cnry" + randHex(6)

	root := t.TempDir()
	cwd, out, tmp, home := filepath.Join(root, "cwd"), filepath.Join(root, "out"), filepath.Join(root, "tmp"), filepath.Join(root, "home")
	for _, d := range []string{cwd, out, tmp, home} {
		require.NoError(t, os.Mkdir(d, 0o755))
	}
	childModule(t, cwd)
	ctx, cancel := context.WithTimeout(t.Context(), 6*time.Minute)
	defer cancel()
	// Every kind of output a run writes, in both build flows: a walk and
	// its round trip that pass (classic), a walk that fails a step, with its
	// artifacts (the General App's, to step 17), and a refused round trip.
	// The General App's own pass and a classic failure would add nothing
	// the code writes differently, only two more walks.
	cmd := exec.CommandContext(ctx, exe,
		"-test.run=^(TestSetupOAuthApp|TestRegressionCatalogue|TestConsentRoundTrip)$/"+
			"^(classic|add-stuck-disabled,_General_App|wrong_secret_in_LearningSpace)$",
		"-test.v", "-test.count=1", "-test.parallel=4", "-test.timeout=5m", "-test.artifacts", "-test.outputdir", out)
	cmd.Dir = cwd
	cmd.Env = childEnv(withBrowser(map[string]string{
		"E2E_TARGET": "sim", "ZOOM_PASSWORD": zoomPw, "LS_ADMIN_PASSWORD": lsPw, "E2E_SIM_SECRET_PREFIX": prefix,
		// Whatever the run or its Chromium writes outside the profile lands
		// where this test reads it.
		"TMPDIR": tmp, "HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_CACHE_HOME": filepath.Join(home, ".cache"),
	}))
	cmd.WaitDelay = 10 * time.Second
	started := time.Now()
	output, err := cmd.CombinedOutput()
	require.NoError(t, err, "the child run must pass (else it may have stopped before writing what leaks); output:\n%s", output)
	t.Logf("child run took %v", time.Since(started).Round(time.Second))

	// The prefix did reach the stand-in: the secrets step 10.1 captured are
	// longer than the stand-in's by exactly the prefix. (fixtures/zoomsim's
	// TestSecretPrefix proves that secrets and tokens carry it.)
	plain, err := zoomsim.New()
	require.NoError(t, err)
	a, err := plain.CreateApp(zoomsim.DefaultOwnerEmail, zoomsim.AppSpec{Name: "Length"})
	require.NoError(t, err)
	lengths := regexp.MustCompile(`Client Secret captured \((\d+) characters`).FindAllSubmatch(output, -1)
	require.NotEmpty(t, lengths, "no step 10.1 line in the child's output")
	for _, m := range lengths {
		assert.Equal(t, strconv.Itoa(len(prefix)+len(a.ClientSecret)), string(m[1]), "a captured secret's length: the prefix was not used")
	}

	needles := map[string]string{prefix: "the secret prefix"}
	for _, pw := range []struct{ name, v string }{{"ZOOM_PASSWORD", zoomPw}, {"LS_ADMIN_PASSWORD", lsPw}} {
		for form, v := range encodings(pw.v) {
			needles[v] = pw.name + " (" + form + ")"
		}
	}
	var found []string
	search := func(name string, b []byte) {
		for v, what := range needles {
			if i := bytes.Index(b, []byte(v)); i >= 0 {
				found = append(found, fmt.Sprintf("%s at offset %d of %s", what, i, name))
			}
		}
	}
	search("the child's stdout and stderr", output)

	// Every file, PNGs included. A byte search cannot see a secret drawn in a
	// screenshot's pixels; for those the harness masks secrets on the page
	// before the shot (internal/artifacts), which this test cannot check.
	files, size := 0, len(output)
	kinds, areas := map[string]int{}, map[string]int{} // files by kind, and by directory (cwd, out, tmp, home)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files, size = files+1, size+len(b)
		rel, _ := filepath.Rel(root, path)
		kinds[artifactKind(path)]++
		areas[strings.Split(rel, string(filepath.Separator))[0]]++
		search(rel, b)
		return nil
	})
	require.NoError(t, err)
	for _, k := range []string{".png", ".html", ".console.txt"} {
		require.Positive(t, kinds[k], "the run wrote no %s artifact under %s: the failure cases must write some, else this test proves nothing", k, out)
	}
	t.Logf("searched %d bytes, the child's output and %d files (by directory %v, by kind %v), for %d canary forms",
		size, files, areas, kinds, len(needles))
	if len(found) > 0 {
		t.Errorf("a canary secret leaked:\n%s", strings.Join(found, "\n"))
	}
}

// encodings are the forms a leaked password may take: plain, URL-, HTML- and
// JSON-escaped, and base64 (standard and URL alphabets) at each of the three
// alignments it can have inside a longer encoded text.
func encodings(s string) map[string]string {
	m := map[string]string{"plain": s, "query-escaped": url.QueryEscape(s), "path-escaped": url.PathEscape(s),
		"HTML-escaped": html.EscapeString(s)}
	j, _ := json.Marshal(s)
	m["JSON"] = string(j[1 : len(j)-1])
	for shift := range 3 {
		// Encode s after shift bytes and keep the characters that depend on
		// s's bytes alone: bits [6k, 6k+6) within [8·shift, 8·(shift+len)).
		in := append(make([]byte, shift), s...)
		from, to := (8*shift+5)/6, 8*(shift+len(s))/6
		for name, enc := range map[string]*base64.Encoding{"base64": base64.StdEncoding, "base64url": base64.URLEncoding} {
			m[fmt.Sprintf("%s, offset %d", name, shift)] = enc.EncodeToString(in)[from:to]
		}
	}
	return m
}

// artifactKind groups files by what they are, for the log and the checks.
func artifactKind(path string) string {
	if strings.HasSuffix(path, ".console.txt") {
		return ".console.txt"
	}
	return filepath.Ext(path)
}

// childModule makes dir a working directory for a child run: a module of its
// own, so that config.Load finds no .env of the developer's checkout.
func childModule(t *testing.T, dir string) string {
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module child\n"), 0o644))
	return dir
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (it crashes the program instead)
	return hex.EncodeToString(b)
}

type proc struct {
	pid, ppid int
	start     uint64 // clock ticks after boot: tells a process from a later one of the same PID
	state     byte   // 'Z' (zombie) and 'X' are dead: only an exit status is left
	cmdline   string
}

// stat reads /proc/PID/stat: "pid (comm) state ppid ... starttime(22nd) ...",
// where comm may hold spaces and parentheses.
func stat(pid int) (proc, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return proc{}, false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 20 {
		return proc{}, false
	}
	p := proc{pid: pid, state: f[0][0]}
	p.ppid, _ = strconv.Atoi(f[1])
	p.start, _ = strconv.ParseUint(f[19], 10, 64)
	return p, true
}

func cmdline(pid int) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return string(bytes.ReplaceAll(b, []byte{0}, []byte{' '}))
}

// liveProcs lists the processes of the system that are not dead.
func liveProcs() []proc {
	ents, _ := filepath.Glob("/proc/[0-9]*")
	var out []proc
	for _, e := range ents {
		pid, err := strconv.Atoi(filepath.Base(e))
		if err != nil {
			continue
		}
		if p, ok := stat(pid); ok && p.state != 'Z' && p.state != 'X' {
			p.cmdline = cmdline(pid)
			out = append(out, p)
		}
	}
	return out
}

// isBelow reports whether pid is a descendant of root.
func isBelow(pid, root int) bool {
	for seen := 0; pid > 1 && seen < 64; seen++ {
		p, ok := stat(pid)
		if !ok {
			return false
		}
		if p.ppid == root {
			return true
		}
		pid = p.ppid
	}
	return false
}

// profileDirs lists the directories whose path contains marker, taken from
// the command lines of live processes and from the profile root itself.
func profileDirs(marker string) []string {
	set := map[string]bool{}
	for _, p := range liveProcs() {
		for _, arg := range strings.Split(p.cmdline, " ") {
			arg = strings.TrimPrefix(arg, "--user-data-dir=")
			if strings.Contains(arg, marker) && filepath.IsAbs(arg) {
				set[arg] = true
			}
		}
	}
	root := filepath.Join(os.TempDir(), filepath.Dir(marker))
	if ents, err := filepath.Glob(filepath.Join(root, filepath.Base(marker)+"*")); err == nil {
		for _, e := range ents {
			set[e] = true
		}
	}
	var out []string
	for d := range set {
		out = append(out, d)
	}
	return out
}
