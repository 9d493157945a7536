package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/fixtures/zoomsim"
	"lszoom/internal/browser"
	"lszoom/internal/harness"
	"lszoom/pages/flow"
)

// The benchmarks (make bench) time the guide walk of each build flow, the
// consent round trip, and N walks at once in one browser, against the
// in-process stand-ins. Besides ns/op they report, per flow: wall time
// (s/flow), throughput (flows/min), DevTools calls (cdp-calls/flow, and the
// accessibility and JavaScript calls among them), the HTTP requests the
// stand-ins had (site-requests/flow), and the peak resident
// memory of Chromium's process tree (chromium-rss-MB: the sum of its
// processes' RSS, which counts shared pages once per process, so an upper
// bound; chromium-pss-MB: the proportional sum, shared pages divided) and
// of this test process (test-rss-MB), and the CPU time of Chromium's tree
// and this process (cpu-s/flow: the in-process stand-ins' included). Each benchmark has a
// browser of its own, so that its counts and memory are its own. benchstat
// reads the output. E2E_BENCH_CALLS=file appends every DevTools method (and
// JavaScript function) called, per flow, to file.

// BenchmarkGuideWalk is guide steps 1–18 on each build flow.
func BenchmarkGuideWalk(b *testing.B) {
	for _, which := range []zoomsim.Flow{zoomsim.FlowClassic, zoomsim.FlowGeneral} {
		b.Run(string(which), func(b *testing.B) {
			h, calls := benchHarness(b)
			measure(b, h.Browser, calls, 1, func(ctx context.Context) error { return benchWalk(ctx, h, which) })
		})
	}
}

// BenchmarkSnapshots is what the steps' accessibility snapshots cost a
// classic walk (steps 1–18): each iteration walks once with them and once
// without, in turn, in one browser, and reports both walks' wall time and
// the ratio (with-s/walk, without-s/walk, cost-%).
func BenchmarkSnapshots(b *testing.B) {
	h, _ := benchHarness(b)
	var with, without time.Duration
	for i := 0; i < b.N; i++ {
		for _, off := range []bool{i%2 == 1, i%2 == 0} { // alternate which goes first
			start := time.Now()
			w, err := h.NewWorld(b.Context(), harness.WorldOptions{Name: "bench", NoSnapshots: off,
				Zoom: []zoomsim.Option{zoomsim.WithFlow(zoomsim.FlowClassic)}})
			if err != nil {
				b.Fatal(err)
			}
			r := w.Build(w.NewApp(), w.LSURL)
			err = w.Walk(b.Context(), r.Flow, harness.Walker{}).Err
			closeBenchWorld(w)
			if err != nil {
				b.Fatal(err)
			}
			if off {
				without += time.Since(start)
			} else {
				with += time.Since(start)
			}
		}
	}
	b.ReportMetric(with.Seconds()/float64(b.N), "with-s/walk")
	b.ReportMetric(without.Seconds()/float64(b.N), "without-s/walk")
	b.ReportMetric(100*(with.Seconds()-without.Seconds())/without.Seconds(), "cost-%")
}

// BenchmarkConsentRoundTrip is LS.0–LS.6, with an app the stand-in's API made.
func BenchmarkConsentRoundTrip(b *testing.B) {
	h, calls := benchHarness(b)
	measure(b, h.Browser, calls, 1, func(ctx context.Context) error { return benchRoundTrip(ctx, h) })
}

// BenchmarkParallelWalks is N classic walks at once, each with its own
// stand-ins and incognito context, in one browser.
func BenchmarkParallelWalks(b *testing.B) {
	for _, n := range []int{1, 2, 4, 8} {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			h, calls := benchHarness(b)
			measure(b, h.Browser, calls, n, func(ctx context.Context) error { return benchWalk(ctx, h, zoomsim.FlowClassic) })
		})
	}
}

// measure runs b.N rounds of n flows at once and reports the metrics.
func measure(b *testing.B, br *browser.Browser, calls *cdpCounter, n int, do func(context.Context) error) {
	ctx := context.Background()
	// One flow first, untimed: the browser's first page and the stand-ins'
	// templates are warm for every measured one.
	if err := do(ctx); err != nil {
		b.Fatal(err)
	}
	calls.reset()
	siteRequests.Store(0)
	mem := watchMemory(br.PID())
	tree0, self0 := treeCPU(br.PID()), selfCPU()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for j := 0; j < n; j++ {
			wg.Add(1)
			go func() { defer wg.Done(); errs <- do(ctx) }()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	treeCPUs, selfCPUs := treeCPU(br.PID())-tree0, selfCPU()-self0
	chromium, self := mem.stop()
	flows := float64(b.N * n)
	b.ReportMetric(elapsed.Seconds()/flows, "s/flow")
	b.ReportMetric(flows/elapsed.Minutes(), "flows/min")
	if br.PID() > 0 {
		b.ReportMetric(float64(chromium)/(1<<20), "chromium-rss-MB")
		b.ReportMetric(float64(mem.pss)/(1<<20), "chromium-pss-MB")
		b.ReportMetric((treeCPUs+selfCPUs).Seconds()/flows, "cpu-s/flow")
		b.ReportMetric(treeCPUs.Seconds()/flows, "chromium-cpu-s/flow")
	}
	b.ReportMetric(float64(self)/(1<<20), "test-rss-MB")
	b.ReportMetric(selfCPUs.Seconds()/flows, "test-cpu-s/flow")
	counts := calls.snapshot()
	total := 0
	for m, c := range counts {
		if !strings.HasPrefix(m, " ") {
			total += c
		}
	}
	b.ReportMetric(float64(total)/flows, "cdp-calls/flow")
	b.ReportMetric(float64(siteRequests.Load())/flows, "site-requests/flow")
	for _, m := range []string{"Accessibility.queryAXTree", "Accessibility.getPartialAXTree", "Runtime.callFunctionOn",
		"Runtime.getProperties", "DOM.describeNode", "DOM.resolveNode", "Input.dispatchMouseEvent"} {
		b.ReportMetric(float64(counts[m])/flows, m[strings.IndexByte(m, '.')+1:]+"/flow")
	}
	if os.Getenv("E2E_BENCH_CALLS") != "" { // a file: every method appended to it, for finding what to cut
		type mc struct {
			m string
			c int
		}
		var all []mc
		for m, c := range counts {
			all = append(all, mc{m, c})
		}
		sort.Slice(all, func(i, j int) bool { return all[i].c > all[j].c })
		var out strings.Builder
		fmt.Fprintf(&out, "%s: %d flows\n", b.Name(), int(flows))
		for _, x := range all {
			fmt.Fprintf(&out, "%7.1f/flow %s\n", float64(x.c)/flows, x.m)
		}
		f, err := os.OpenFile(os.Getenv("E2E_BENCH_CALLS"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err == nil {
			_, _ = f.WriteString(out.String())
			_ = f.Close()
		}
	}
}

// benchHarness is a harness for one benchmark, its browser counting its
// DevTools calls: a local Chromium, or the remote one the configuration
// names. Its report is never written.
func benchHarness(b *testing.B) (*harness.Harness, *cdpCounter) {
	b.Helper()
	calls := &cdpCounter{counts: map[string]int{}, byFunction: os.Getenv("E2E_BENCH_CALLS") != ""}
	h, err := harness.Open(cfg, harness.Options{Browser: []browser.Option{browser.WithCDPLogger(calls)}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = h.Close() })
	return h, calls
}

// benchWalk is one walk of guide steps 1–18, on the build flow which, in a
// world of its own (stand-ins and incognito context), as the tests walk it.
func benchWalk(ctx context.Context, h *harness.Harness, which zoomsim.Flow) error {
	w, err := benchWorld(ctx, h, which)
	if err != nil {
		return err
	}
	defer closeBenchWorld(w)
	r := w.Build(w.NewApp(), w.LSURL)
	return w.Walk(ctx, r.Flow, harness.Walker{}).Err
}

// benchRoundTrip is LS.0–LS.6 with an app the stand-in's API made.
func benchRoundTrip(ctx context.Context, h *harness.Harness) error {
	w, err := benchWorld(ctx, h, zoomsim.FlowClassic)
	if err != nil {
		return err
	}
	defer closeBenchWorld(w)
	r, err := w.MadeThroughAPI(w.NewApp(), w.LSURL)
	if err != nil {
		return err
	}
	return w.Walk(ctx, flow.Flow{Steps: w.RoundTrip(r).Steps()}, harness.Walker{}).Err
}

func benchWorld(ctx context.Context, h *harness.Harness, which zoomsim.Flow) (*harness.World, error) {
	return h.NewWorld(ctx, harness.WorldOptions{Name: "bench", Zoom: []zoomsim.Option{zoomsim.WithFlow(which)}})
}

// siteRequests sums the HTTP requests the stand-ins of the measured flows
// had (each world adds its own when it closes): what a flow costs a live
// site, and with its latency, much of a flow's time.
var siteRequests atomic.Int64

// closeBenchWorld counts the world's site requests, then closes it.
func closeBenchWorld(w *harness.World) {
	siteRequests.Add(w.ZoomSim.Requests() + w.LSSim.Requests())
	_ = w.Close()
}

// cdpCounter counts the DevTools calls (requests) by method.
type cdpCounter struct {
	mu         sync.Mutex
	counts     map[string]int
	byFunction bool // also count Runtime.callFunctionOn by function (E2E_BENCH_CALLS)
}

func (c *cdpCounter) Println(vs ...any) {
	for _, v := range vs {
		if r, ok := v.(*cdp.Request); ok {
			c.mu.Lock()
			c.counts[r.Method]++
			if fn, ok := r.Params.(proto.RuntimeCallFunctionOn); ok && c.byFunction {
				c.counts["  "+functionHead(fn.FunctionDeclaration)]++
			}
			c.mu.Unlock()
		}
	}
}

// functionHead is the start of a function's source, to tell the
// JavaScript calls apart in E2E_BENCH_CALLS's list.
func functionHead(src string) string {
	src = strings.Join(strings.Fields(src), " ")
	if len(src) > 70 {
		src = src[:70]
	}
	return src
}

func (c *cdpCounter) reset() {
	c.mu.Lock()
	c.counts = map[string]int{}
	c.mu.Unlock()
}

func (c *cdpCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// memoryWatch samples, every 250 ms, the resident memory of a process tree
// (the sum over its processes, from /proc/PID/statm) and of this process,
// keeping the peaks.
type memoryWatch struct {
	stopc          chan struct{}
	done           chan struct{}
	tree, self     int64
	pss            int64 // the tree's peak proportional set size
	samples        int
	root, pageSize int
}

func watchMemory(root int) *memoryWatch {
	m := &memoryWatch{stopc: make(chan struct{}), done: make(chan struct{}), root: root, pageSize: os.Getpagesize()}
	go func() {
		defer close(m.done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			m.sample()
			select {
			case <-m.stopc:
				return
			case <-tick.C:
			}
		}
	}()
	return m
}

func (m *memoryWatch) stop() (tree, self int64) {
	close(m.stopc)
	<-m.done
	m.sample()
	return m.tree, m.self
}

func (m *memoryWatch) sample() {
	if rss := m.rss(os.Getpid()); rss > m.self {
		m.self = rss
	}
	if m.root <= 0 {
		return
	}
	// The resident sum counts a page shared by several processes once per
	// process: an upper bound. (The proportional sum, from smaps_rollup,
	// costs the kernel a walk of every page, too much to sample.)
	var rss int64
	for _, pid := range descendants(m.root) {
		rss += m.rss(pid)
	}
	if rss > m.tree {
		m.tree = rss
	}
	// The proportional sum costs the kernel a walk of every page: one
	// sample in four (a second apart).
	if m.samples++; m.samples%4 == 1 {
		if p := treePSS(m.root); p > m.pss {
			m.pss = p
		}
	}
}

// descendants is root and every process below it, from the kernel's
// /proc/PID/task/TID/children lists (no scan of all of /proc: the sampling
// must cost little next to what it measures).
func descendants(root int) []int {
	out := []int{root}
	for i := 0; i < len(out); i++ {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", out[i]))
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				if pid, err := strconv.Atoi(f); err == nil {
					out = append(out, pid)
				}
			}
		}
	}
	return out
}

// rss is a process's resident bytes, from /proc/PID/statm (second field).
func (m *memoryWatch) rss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(m.pageSize)
}
