package browser

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// helperEnv makes the test binary a harness that TestGuard can kill: its
// value is how TestHelperChild ends.
const helperEnv = "BROWSER_TEST_HELPER"

// guardDeadline bounds how long after the harness died the guard may take to
// clear everything. It takes tens of milliseconds; the rest is for loaded CI.
const guardDeadline = 10 * time.Second

// TestHelperChild is not a test by itself (it returns at once): TestGuard
// runs the test binary with -test.run=^TestHelperChild$ and helperEnv set.
// It launches a browser the normal way, opens a page, prints what must
// disappear with it, then ends the way helperEnv says, never calling Close.
func TestHelperChild(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		return
	}
	b, err := Launch()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	s, err := b.NewSession()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	// A walk in progress: a page with a renderer of its own.
	if err := s.Page.Timeout(10 * time.Second).Navigate("data:text/html,<h1>walking</h1>"); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Printf("dir=%s\n", b.dataDir)
	for _, p := range browserProcs(b) {
		fmt.Printf("proc=%d %d\n", p.pid, p.start)
	}
	fmt.Println("ready")

	switch mode {
	case "panic":
		// Not in the test's goroutine, so nothing recovers it and no deferred
		// call runs: the process dies at once, as on a -timeout.
		go panic("helper child: panic in a goroutine")
	case "exit":
		os.Exit(2) // as after a failed TestMain, without Close
	}
	// sigkill and timeout: block until killed. Should the parent die instead,
	// stdin closes and we exit, leaving the rest to the guard.
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(4)
}

// browserProcs lists b's guard and every process below it (Chromium's tree).
func browserProcs(b *Browser) []procStat {
	g := b.guard.cmd.Process.Pid
	var out []procStat
	for _, pid := range append([]int{g}, descendants(g)...) {
		if st, ok := readStat(pid); ok {
			out = append(out, st)
		}
	}
	return out
}

// gone reports whether the process p is dead. A zombie is: only its exit
// status is left, for a parent (PID 1 maybe) to collect whenever it likes.
// A PID with another start time is another process.
func gone(p procStat) bool {
	st, ok := readStat(p.pid)
	return !ok || st.start != p.start || st.state == 'Z' || st.state == 'X'
}

// holding lists the live processes whose command line contains s.
func holding(s string) []int {
	var pids []int
	for _, p := range allProcs() {
		if p.state == 'Z' || p.state == 'X' {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", p.pid))
		if err == nil && bytes.Contains(b, []byte(s)) {
			pids = append(pids, p.pid)
		}
	}
	return pids
}

// leftovers describes what of a launch is still there: processes in procs
// still alive, processes naming a profile starting with prefix, and such
// profile directories. Empty when everything is gone.
func leftovers(procs []procStat, prefix string) string {
	var left []string
	for _, p := range procs {
		if !gone(p) {
			left = append(left, fmt.Sprintf("pid %d", p.pid))
		}
	}
	for _, pid := range holding(prefix) {
		left = append(left, fmt.Sprintf("pid %d (cmdline)", pid))
	}
	dirs, _ := filepath.Glob(prefix + "*")
	left = append(left, dirs...)
	return strings.Join(left, ", ")
}

// TestGuard kills a harness in the middle of a walk in each way a test binary
// can end without Close and checks that the guard leaves nothing behind:
// no process of that Chromium's tree, no guard, no profile directory.
func TestGuard(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode string
		args []string
		says string // on the child's stderr, to be sure it ended as meant
	}{
		{mode: "sigkill"},
		{mode: "panic", says: "panic: helper child"},
		{mode: "exit"},
		// -test.timeout fires whether or not the child is ready by then: if
		// during Launch, only the profile prefix can be checked, which is
		// still what must hold.
		{mode: "timeout", args: []string{"-test.timeout=5s"}, says: "test timed out"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel() // the children mostly wait: overlap them
			cmd := exec.Command(exe, append([]string{"-test.run=^TestHelperChild$"}, tc.args...)...)
			cmd.Env = append(os.Environ(), helperEnv+"="+tc.mode)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			stdin, err := cmd.StdinPipe() // never written: the child blocks on it
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = stdin.Close() }() // never written: closing only tells a surviving child to exit
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Should an assertion fail first, do not leave the child behind.
			defer func() { _ = cmd.Process.Kill() }()
			exited := make(chan error, 1)

			// Read until "ready"; stop waiting if the child dies or hangs.
			lines := make(chan string)
			go func() {
				defer close(lines)
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					lines <- sc.Text()
				}
			}()
			var dir string
			var procs []procStat
			ready := false
			watchdog := time.After(2 * launchTimeout)
		read:
			for !ready {
				select {
				case l, ok := <-lines:
					if !ok {
						break read // the child ended
					}
					switch {
					case l == "ready":
						ready = true
					case strings.HasPrefix(l, "dir="):
						dir = strings.TrimPrefix(l, "dir=")
					case strings.HasPrefix(l, "proc="):
						var p procStat
						if _, err := fmt.Sscanf(l, "proc=%d %d", &p.pid, &p.start); err != nil {
							t.Fatalf("%q: %v", l, err)
						}
						procs = append(procs, p)
					default:
						t.Logf("child: %s", l)
					}
				case <-watchdog:
					t.Fatalf("child not ready after %s; stderr:\n%s", 2*launchTimeout, stderr.String())
				}
			}
			go func() { exited <- cmd.Wait() }()

			// The profile is named after the launching process: this finds
			// it even when the child died before saying which it was.
			prefix := filepath.Join(profileRoot, fmt.Sprintf("%s-%d-", filepath.Base(exe), cmd.Process.Pid))
			if ready {
				if !strings.HasPrefix(dir, prefix) {
					t.Fatalf("profile %q not named after the child (%s*)", dir, prefix)
				}
				// Not vacuous: the guard, Chromium and its children were up.
				if len(procs) < 4 || leftovers(procs, prefix) == "" {
					t.Fatalf("child reported %d processes, leftovers %q", len(procs), leftovers(procs, prefix))
				}
				if _, err := os.Stat(dir); err != nil {
					t.Fatalf("profile missing while the child runs: %v", err)
				}
			} else if tc.mode != "timeout" {
				t.Fatalf("child ended before ready; stderr:\n%s", stderr.String())
			}

			if tc.mode == "sigkill" {
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case err := <-exited:
				// It is meant to die (exit status 2 or a signal), so an error
				// is expected; logged for the failures below.
				t.Logf("child: %v", err)
			case <-time.After(2 * launchTimeout):
				t.Fatalf("child did not end; stderr:\n%s", stderr.String())
			}
			died := time.Now()
			if !strings.Contains(stderr.String(), tc.says) {
				t.Fatalf("child's stderr lacks %q:\n%s", tc.says, stderr.String())
			}
			for deadline := died.Add(guardDeadline); ; time.Sleep(20 * time.Millisecond) {
				left := leftovers(procs, prefix)
				if left == "" {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s after the child died, still there: %s", guardDeadline, left)
				}
			}
			t.Logf("ready=%v: %d processes and the profile gone %s after the child died",
				ready, len(procs), time.Since(died).Round(time.Millisecond))
		})
	}
}

// TestCloseRemovesEverything: after a clean Close, at once, no process of the
// launch and no profile are left.
func TestCloseRemovesEverything(t *testing.T) {
	b, err := Launch()
	if err != nil {
		t.Fatal(err)
	}
	// In case of an early Fatal; the test's own Close below checks the
	// error, and Close is idempotent.
	defer func() { _ = b.Close() }()
	s, err := b.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Page.Timeout(10 * time.Second).Navigate("data:text/html,<h1>walking</h1>"); err != nil {
		t.Fatal(err)
	}
	prefix := filepath.Join(profileRoot, filepath.Base(os.Args[0])+"-"+strconv.Itoa(os.Getpid())+"-")
	if !strings.HasPrefix(b.dataDir, prefix) {
		t.Fatalf("profile %q not named after this process (%s*)", b.dataDir, prefix)
	}
	if _, err := os.Stat(b.dataDir); err != nil {
		t.Fatal(err)
	}
	procs := browserProcs(b)
	if len(procs) < 4 {
		t.Fatalf("want the guard, Chromium and its children, got %d processes", len(procs))
	}

	start := time.Now()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	// Not prefix: the shared browser of TestMain has one too.
	if left := leftovers(procs, b.dataDir); left != "" {
		t.Fatalf("left after Close: %s", left)
	}
	t.Logf("Close took %s", took.Round(time.Millisecond))
}

// TestLaunchFailsFast: a browser that exits at once fails Launch at once,
// with its output, rather than after launchTimeout.
func TestLaunchFailsFast(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "chromium")
	script := "#!/bin/sh\necho 'not a browser after all' >&2\nexit 1\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Launch(WithBin(bin))
	if err == nil || !strings.Contains(err.Error(), "not a browser after all") {
		t.Fatalf("want an error with the browser's output, got %v", err)
	}
	if took := time.Since(start); took > launchTimeout/3 {
		t.Fatalf("Launch took %s to notice", took)
	}
	t.Log(err)
}
