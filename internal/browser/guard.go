package browser

// The guard: a process between the harness and Chromium that makes sure no
// Chromium process and no profile directory outlives the harness, however
// the harness ends (clean Close, panic, `go test -timeout`, SIGKILL).
//
// The harness re-executes its own binary (/proc/self/exe, so it works in any
// test binary or command that imports this package) with guardEnv set; the
// init below recognises that and runs the guard instead of the program. The
// guard starts Chromium as its child and then blocks reading a pipe whose
// write end only the harness holds. When the harness closes it (Close) or
// dies (the kernel closes it), the read returns EOF at once, no polling, and
// the guard kills the whole tree, reaps it, removes the profile and exits.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

const (
	guardEnv  = "LSZOOM_BROWSER_GUARD"
	guardArg0 = "lszoom-browser-guard" // what ps shows for the guard
	// File descriptors of the guard: see startGuard.
	lifelineFD = 3
	reportFD   = 4

	prSetChildSubreaper = 36 // linux/prctl.h; x/sys/unix is not a dependency
)

func init() {
	// Both, so that a stray variable in someone's environment cannot turn
	// a test binary into a guard.
	if os.Getenv(guardEnv) != "1" || len(os.Args) == 0 || os.Args[0] != guardArg0 {
		return
	}
	// Runs before main and before the init of any package importing this one,
	// so the program's own code (TestMain, flags) never starts in the guard.
	os.Exit(runGuard(os.Args[1:]))
}

// runGuard is the guard's main. args: profile dir to remove ("" keeps it),
// Chromium binary, Chromium's arguments.
func runGuard(args []string) int {
	// Chromium and its children are no guards. Unsetenv fails only on a
	// malformed name, and guardEnv is a constant; were it left set anyway,
	// init would still want os.Args[0] to be guardArg0, which Chromium's is not.
	_ = os.Unsetenv(guardEnv)
	// Chromium's Pdeathsig (below) fires when the thread that forked it ends,
	// not the process; keep that thread for the guard's whole life.
	runtime.LockOSThread()

	report := os.NewFile(reportFD, "report")
	lifeline := os.NewFile(lifelineFD, "lifeline")
	syscall.CloseOnExec(reportFD) // Chromium must not hold them
	syscall.CloseOnExec(lifelineFD)
	if len(args) < 2 {
		reportError(report, "guard: want <dir> <bin> [args...]")
		return 2
	}
	dir, bin, cargs := args[0], args[1], args[2:]

	// Chromium processes orphaned by their parent (a double fork, a dying
	// zygote) are re-parented to us instead of PID 1, so the whole tree stays
	// our descendants, even those that leave Chromium's process group.
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
		reportError(report, fmt.Sprintf("guard: PR_SET_CHILD_SUBREAPER: %v", e))
		return 2
	}

	// Caught, not ignored: ignored signals would stay ignored in Chromium
	// across exec, handled ones are reset. SIGPIPE: our stderr is the dead
	// harness's pipe; a write there must not kill us before the cleanup.
	stop := make(chan string, 3)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE)
	go func() {
		for s := range sigs {
			if s != syscall.SIGPIPE {
				stop <- s.String()
			}
		}
	}()

	cmd := exec.Command(bin, cargs...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr // the harness's pipe: it reads the DevTools URL there
	// Its own group, so that one kill reaches the renderers, GPU and utility
	// processes at once; Pdeathsig in case the guard itself is SIGKILLed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		reportError(report, err.Error())
		return cleanup(0, dir)
	}
	if _, err := fmt.Fprintf(report, "pid=%d\n", cmd.Process.Pid); err != nil {
		// Without the PID the harness cannot use this Chromium: end the
		// launch now, so that it sees the guard exit instead of waiting for
		// a PID until its launch timeout.
		fmt.Fprintln(os.Stderr, "browser guard: reporting Chromium's pid:", err)
		cleanup(cmd.Process.Pid, dir)
		return 2
	}
	// A pipe: the line is written already; closing only gives the harness EOF.
	_ = report.Close()

	go func() {
		_, _ = io.Copy(io.Discard, lifeline) // returns on EOF: the harness closed it or died
		stop <- "lifeline closed"
	}()
	// A Chromium that exits by itself (bad flag, crash) ends the launch too:
	// the harness sees the guard exit instead of waiting for a DevTools URL.
	go func() {
		waitExit(cmd.Process.Pid)
		stop <- "chromium exited"
	}()
	<-stop
	return cleanup(cmd.Process.Pid, dir)
}

// reportError tells the harness why the launch failed, on the report pipe.
// A failed write is dropped: the harness still sees the guard exit without
// a PID, which fails the launch, and there is nowhere else to say why.
func reportError(report io.Writer, msg string) {
	_, _ = fmt.Fprintf(report, "error=%s\n", msg)
}

// waitExit blocks until the process pid, our child, has exited, without
// reaping it: while unreaped, its PID (which is also its process group ID)
// cannot be reused, so cleanup's kill of the group only hits Chromium's.
func waitExit(pid int) {
	const pPID = 1        // idtype_t P_PID
	var siginfo [128]byte // siginfo_t, unused
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&siginfo[0])), syscall.WEXITED|syscall.WNOWAIT, 0, 0)
		if e != syscall.EINTR {
			return
		}
	}
}

// cleanup SIGKILLs Chromium's group and every other descendant, reaps them
// all, then removes the profile directory (nothing can write to it any more).
func cleanup(pgid int, dir string) int {
	if pgid > 0 {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
	self := os.Getpid()
	for {
		// Again after every reap: a process killed mid-fork may leave a child
		// that was not in the previous scan; as subreaper we adopt it.
		for _, pid := range descendants(self) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		_, err := syscall.Wait4(-1, nil, 0, nil)
		if errors.Is(err, syscall.ECHILD) {
			break // no descendant left: they all were our children or adopted
		}
		if err != nil && !errors.Is(err, syscall.EINTR) {
			fmt.Fprintln(os.Stderr, "browser guard: wait:", err)
			return 1
		}
	}
	if dir != "" {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintln(os.Stderr, "browser guard:", err)
			return 1
		}
	}
	return 0
}

// procStat is what we need of /proc/PID/stat.
type procStat struct {
	pid, ppid int
	state     byte   // 'Z': a zombie, dead but not yet reaped
	start     uint64 // start time in clock ticks since boot: with pid, a process's identity
}

func readStat(pid int) (procStat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	// "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
	// majflt cmajflt utime stime cutime cstime priority nice threads
	// itrealvalue starttime ..."; comm may hold spaces and parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return procStat{}, false
	}
	st := procStat{pid: pid, state: f[0][0]}
	st.ppid, _ = strconv.Atoi(f[1])
	st.start, _ = strconv.ParseUint(f[19], 10, 64)
	return st, true
}

// allProcs lists the processes (not threads) of the system.
func allProcs() []procStat {
	ents, _ := filepath.Glob("/proc/[0-9]*")
	out := make([]procStat, 0, len(ents))
	for _, e := range ents {
		pid, err := strconv.Atoi(filepath.Base(e))
		if err != nil {
			continue
		}
		if st, ok := readStat(pid); ok {
			out = append(out, st)
		}
	}
	return out
}

// descendants lists the processes below root, children before grandchildren.
func descendants(root int) []int {
	kids := map[int][]int{}
	for _, p := range allProcs() {
		kids[p.ppid] = append(kids[p.ppid], p.pid)
	}
	var out []int
	queue := append([]int(nil), kids[root]...)
	for len(queue) > 0 {
		pid := queue[0]
		queue = append(queue[1:], kids[pid]...)
		out = append(out, pid)
	}
	return out
}

// guardProc is the harness's handle on its guard.
type guardProc struct {
	cmd      *exec.Cmd
	lifeline *os.File      // write end; closing it (or dying) makes the guard clean up
	pid      chan int      // Chromium's PID, once started
	done     chan struct{} // closed when the guard has exited
	err      error         // why the guard failed; valid once done is closed
}

// startGuard starts the guard, which starts bin with args and removes dir
// ("" keeps it) at the end. Chromium's stdout and stderr go to out.
func startGuard(bin string, args []string, dir string, out io.Writer) (*guardProc, error) {
	lifeR, lifeW, err := os.Pipe() // both ends close-on-exec: no other child inherits them
	if err != nil {
		return nil, err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		// Closing an unused pipe cannot fail in a way that matters: the
		// Pipe error is the one to report.
		_ = lifeR.Close()
		_ = lifeW.Close()
		return nil, err
	}
	cmd := &exec.Cmd{
		Path:   "/proc/self/exe", // this very binary, even if go test deletes it meanwhile
		Args:   append([]string{guardArg0, dir, bin}, args...),
		Env:    append(os.Environ(), guardEnv+"=1"),
		Stdout: out,
		Stderr: out,
		// fds 3 and 4 in the guard: lifelineFD, reportFD.
		ExtraFiles: []*os.File{lifeR, repW},
		// Its own process group: Ctrl-C or a kill of the harness's group must
		// not take the guard down with the harness it is there to outlive.
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true},
		// The guard exits only once Chromium's tree is dead, so the output
		// pipe is closed by then; this only bounds Wait if that ever fails.
		WaitDelay: 2 * closeTimeout,
	}
	err = cmd.Start()
	// Closing a pipe end here only releases our descriptor: there is nothing
	// to flush, so no error to act on.
	_ = lifeR.Close() // the guard's now; keeping a read end here would be harmless, but useless
	_ = repW.Close()  // so that reading the report sees EOF if the guard dies
	if err != nil {
		_ = lifeW.Close()
		_ = repR.Close()
		return nil, fmt.Errorf("browser: starting the guard: %w", err)
	}
	g := &guardProc{cmd: cmd, lifeline: lifeW, pid: make(chan int, 1), done: make(chan struct{})}
	var reportErr error
	reported := make(chan struct{})
	go func() {
		defer close(reported)
		// Read to EOF below: closing only releases the descriptor.
		defer func() { _ = repR.Close() }()
		b, _ := io.ReadAll(repR) // one line; EOF once the guard closed it or died
		line := strings.TrimSpace(string(b))
		if v, ok := strings.CutPrefix(line, "pid="); ok {
			if pid, err := strconv.Atoi(v); err == nil {
				g.pid <- pid
				return
			}
		}
		if msg, ok := strings.CutPrefix(line, "error="); ok {
			reportErr = errors.New(msg)
		}
	}()
	go func() {
		err := cmd.Wait()
		<-reported // the guard's exit closed the report pipe
		switch {
		case reportErr != nil:
			g.err = reportErr
		case err != nil:
			g.err = fmt.Errorf("guard: %w", err)
		}
		close(g.done)
	}()
	return g, nil
}

// stop makes the guard kill Chromium's tree and remove the profile, and
// waits until it has.
func (g *guardProc) stop() error {
	// Closing our write end is the signal (the guard reads EOF). It fails
	// only if closed already, by an earlier stop: the guard was told then.
	_ = g.lifeline.Close()
	t := time.NewTimer(closeTimeout)
	defer t.Stop()
	select {
	case <-g.done:
		return g.err
	case <-t.C:
		return fmt.Errorf("browser: guard (pid %d) still cleaning up after %s", g.cmd.Process.Pid, closeTimeout)
	}
}
