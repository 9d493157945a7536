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
	"testing"
	"time"

	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/browser"
	"lszoom/pages/flow"
	lspages "lszoom/pages/learningspace"
	"lszoom/pages/zoom"
)

// The benchmarks (make bench) time the guide walk of each build flow, the
// consent round trip, and N walks at once in one browser, against the
// in-process stand-ins. Besides ns/op they report, per flow: wall time
// (s/flow), throughput (flows/min), DevTools calls (cdp-calls/flow, and the
// accessibility and JavaScript calls among them), and the peak resident
// memory of Chromium's process tree and of this test process (MB). Each
// benchmark has a browser of its own, so that its counts and memory are its
// own. benchstat reads the output.

// BenchmarkGuideWalk is guide steps 1–18 on each build flow.
func BenchmarkGuideWalk(b *testing.B) {
	for _, which := range []zoomsim.Flow{zoomsim.FlowClassic, zoomsim.FlowGeneral} {
		b.Run(string(which), func(b *testing.B) {
			br, calls := benchBrowser(b)
			measure(b, br, calls, 1, func(ctx context.Context) error { return benchWalk(ctx, br, which) })
		})
	}
}

// BenchmarkConsentRoundTrip is LS.1–LS.6, with an app the stand-in's API made.
func BenchmarkConsentRoundTrip(b *testing.B) {
	br, calls := benchBrowser(b)
	measure(b, br, calls, 1, func(ctx context.Context) error { return benchRoundTrip(ctx, br) })
}

// BenchmarkParallelWalks is N classic walks at once, each with its own
// stand-ins and incognito context, in one browser.
func BenchmarkParallelWalks(b *testing.B) {
	for _, n := range []int{1, 2, 4, 8} {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			br, calls := benchBrowser(b)
			measure(b, br, calls, n, func(ctx context.Context) error { return benchWalk(ctx, br, zoomsim.FlowClassic) })
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
	mem := watchMemory(br.PID())
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
	chromium, self := mem.stop()
	flows := float64(b.N * n)
	b.ReportMetric(elapsed.Seconds()/flows, "s/flow")
	b.ReportMetric(flows/elapsed.Minutes(), "flows/min")
	if br.PID() > 0 {
		b.ReportMetric(float64(chromium)/(1<<20), "chromium-peak-MB")
	}
	b.ReportMetric(float64(self)/(1<<20), "test-peak-MB")
	counts := calls.snapshot()
	total := 0
	for m, c := range counts {
		if !strings.HasPrefix(m, " ") {
			total += c
		}
	}
	b.ReportMetric(float64(total)/flows, "cdp-calls/flow")
	for _, m := range []string{"Accessibility.queryAXTree", "Accessibility.getPartialAXTree", "Runtime.callFunctionOn",
		"Runtime.getProperties", "DOM.describeNode", "DOM.resolveNode", "Input.dispatchMouseEvent"} {
		b.ReportMetric(float64(counts[m])/flows, m[strings.IndexByte(m, '.')+1:]+"/flow")
	}
	if os.Getenv("E2E_BENCH_CALLS") != "" { // every method, for finding what to cut
		type mc struct {
			m string
			c int
		}
		var all []mc
		for m, c := range counts {
			all = append(all, mc{m, c})
		}
		sort.Slice(all, func(i, j int) bool { return all[i].c > all[j].c })
		for _, x := range all {
			b.Logf("%6.1f/flow %s", float64(x.c)/flows, x.m)
		}
	}
}

// benchBrowser is a browser for one benchmark, counting its DevTools calls:
// a local Chromium, or the remote one the configuration names.
func benchBrowser(b *testing.B) (*browser.Browser, *cdpCounter) {
	b.Helper()
	calls := &cdpCounter{counts: map[string]int{}, byFunction: os.Getenv("E2E_BENCH_CALLS") != ""}
	br, err := browser.Open(cfg, browser.WithCDPLogger(calls))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = br.Close() })
	return br, calls
}

// benchWalk is one walk of guide steps 1–18, on the build flow which, with
// its own stand-ins and incognito context.
func benchWalk(ctx context.Context, br *browser.Browser, which zoomsim.Flow) error {
	w, err := newBenchWorld(br, which)
	if err != nil {
		return err
	}
	defer w.close()
	app := testapp.New(cfg.RunID)
	if which == zoomsim.FlowGeneral {
		app = testapp.NewGeneral(cfg.RunID)
	}
	f, _, _ := flow.Build(flow.Setup{
		Zoom: w.d, Tab: w.sess.Page, Owner: flow.Login{User: cfg.ZoomEmail, Password: cfg.ZoomPassword},
		App: flowApp(app), RedirectURL: w.ls.URL, AllowURL: w.ls.URL, Hooks: w.hooks(),
	})
	return w.run(ctx, f)
}

// benchRoundTrip is LS.1–LS.6 with an app made through the stand-in's API.
func benchRoundTrip(ctx context.Context, br *browser.Browser) error {
	w, err := newBenchWorld(br, zoomsim.FlowClassic)
	if err != nil {
		return err
	}
	defer w.close()
	app := testapp.New(cfg.RunID)
	a, err := w.z.Server.CreateApp(cfg.ZoomEmail, zoomsim.AppSpec{
		Name: app.Name, RedirectURL: w.ls.URL, AllowList: []string{w.ls.URL}, Scopes: app.ScopeNames(),
		Info: zoomsim.AppInfo{ShortDescription: app.ShortDescription, LongDescription: app.LongDescription,
			CompanyName: app.CompanyName, DeveloperName: app.DeveloperName, DeveloperEmail: app.DeveloperEmail},
	})
	if err != nil {
		return err
	}
	trip := flow.NewRoundTrip(flow.RoundTrip{
		LearningSpace: w.lsd, Zoom: w.d, Tab: w.sess.Page,
		Admin:    flow.Login{User: cfg.LSAdminUser, Password: cfg.LSAdminPassword},
		ZoomUser: flow.Login{User: cfg.ZoomEmail, Password: cfg.ZoomPassword},
		App:      flowApp(app), Credentials: flow.Credentials{ClientID: a.ClientID, ClientSecret: a.ClientSecret},
		GuideScopes: flowScopes(testapp.GuideScopes), Room: testapp.RoomName(cfg.RunID), RoomPrefix: testapp.RoomPrefix,
		RegistrationEmail: cfg.ZoomEmail, Consent: flow.Allow, Hooks: w.hooks(),
	})
	return w.run(ctx, trip.Flow)
}

// benchWorld is one flow's stand-ins and incognito context.
type benchWorld struct {
	z    *zoomsim.Instance
	ls   *learningspace.Instance
	sess *browser.Session
	d    zoom.Driver
	lsd  lspages.Driver
}

func newBenchWorld(br *browser.Browser, which zoomsim.Flow) (*benchWorld, error) {
	w := &benchWorld{}
	var err error
	if w.z, err = zoomsim.Start("", zoomsim.WithOwner(cfg.ZoomEmail, cfg.ZoomPassword), zoomsim.WithFlow(which)); err != nil {
		return nil, err
	}
	w.ls, err = learningspace.Start(learningspace.Config{ZoomWebURL: w.z.URL, ZoomAPIURL: w.z.URL,
		AdminUser: cfg.LSAdminUser, AdminPassword: cfg.LSAdminPassword})
	if err != nil {
		w.close()
		return nil, err
	}
	if w.sess, err = br.NewSession(); err != nil {
		w.close()
		return nil, err
	}
	w.d = zoom.Driver{Site: zoom.Site{WebURL: w.z.URL, MarketplaceURL: w.z.URL + "/marketplace"}}
	w.lsd = lspages.Driver{URL: w.ls.URL}
	return w, nil
}

func (w *benchWorld) hooks() flow.Hooks { return flow.Hooks{Code: w.z.Server.VerificationCode} }

func (w *benchWorld) run(ctx context.Context, f flow.Flow) error {
	r := flow.Runner{StepTimeout: cfg.StepTimeout, WatchURLs: w.sess.OnURL, SignedOut: zoom.IsSignInURL, Watched: watchesSignIn}
	return r.Run(ctx, f, func(s flow.Step) error { return r.Attempt(ctx, s) })
}

func (w *benchWorld) close() {
	if w.sess != nil {
		_ = w.sess.Close()
	}
	if w.ls != nil {
		_ = w.ls.Close()
	}
	if w.z != nil {
		_ = w.z.Close()
	}
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

// memoryWatch samples, every 100 ms, the memory of a process tree (the sum
// of its processes' proportional set sizes, from /proc) and this process's
// resident set, keeping the peaks.
type memoryWatch struct {
	stopc          chan struct{}
	done           chan struct{}
	tree, self     int64
	root, pageSize int
}

func watchMemory(root int) *memoryWatch {
	m := &memoryWatch{stopc: make(chan struct{}), done: make(chan struct{}), root: root, pageSize: os.Getpagesize()}
	go func() {
		defer close(m.done)
		tick := time.NewTicker(100 * time.Millisecond)
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
	if rss := m.rss(os.Getpid(), nil); rss > m.self {
		m.self = rss
	}
	if m.root <= 0 {
		return
	}
	// One pass over /proc: each process's parent and resident pages.
	children := map[int][]int{}
	rss := map[int]int64{}
	ents, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, e := range ents {
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(e)))
		if err != nil {
			continue
		}
		m.rss(pid, func(ppid int, r int64) { children[ppid] = append(children[ppid], pid); rss[pid] = r })
	}
	var sum int64
	stack := []int{m.root}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		sum += pss(p, rss[p])
		stack = append(stack, children[p]...)
	}
	if sum > m.tree {
		m.tree = sum
	}
}

// pss is a process's proportional set size (its shared pages divided among
// the processes sharing them, so that a tree's sum counts each page once),
// from /proc/PID/smaps_rollup; rss where the kernel has no smaps_rollup.
func pss(pid int, rss int64) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return rss
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Pss:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return rss
}

// rss reads /proc/PID/stat: the parent (4th field) and the resident pages
// (24th), given to f; it returns the resident bytes.
func (m *memoryWatch) rss(pid int, f func(ppid int, rss int64)) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 22 {
		return 0
	}
	ppid, _ := strconv.Atoi(fields[1])
	pages, _ := strconv.ParseInt(fields[21], 10, 64)
	r := pages * int64(m.pageSize)
	if f != nil {
		f(ppid, r)
	}
	return r
}
