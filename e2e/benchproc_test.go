package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// What a benchmark reads of processes besides their resident size: the
// proportional set size of Chromium's tree (each shared page divided among
// the processes that map it, so the tree's sum is what it really holds),
// and the CPU time of Chromium's tree and of this process (the in-process
// stand-ins and the harness), for cpu-s/flow.

// pss is a process's proportional set size in bytes (0 when it is gone),
// from /proc/PID/smaps_rollup.
func pss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "Pss:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// treePSS is the sum of pss over root's tree.
func treePSS(root int) int64 {
	var sum int64
	for _, pid := range descendants(root) {
		sum += pss(pid)
	}
	return sum
}

// clockTick is the kernel's USER_HZ, the unit of /proc/PID/stat's times
// (100 on every Linux this runs on).
const clockTick = 100

// treeCPU is the CPU time of root's tree: each live process's own (utime,
// stime) and that of its children it has reaped (cutime, cstime), so that
// a renderer gone since is still counted by the process that waited for it.
func treeCPU(root int) time.Duration {
	var ticks int64
	for _, pid := range descendants(root) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(b)
		// Fields after the command, which is in parentheses and may hold spaces.
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 15 {
			continue
		}
		for _, i := range []int{11, 12, 13, 14} { // utime stime cutime cstime (fields 14–17)
			n, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * time.Second / clockTick
}

// selfCPU is this process's CPU time, user and system.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
