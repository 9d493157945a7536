package browser

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

const sessionCallTimeout = 10 * time.Second

// Session is one incognito browser context: its own cookies and storage, one
// initial blank page, and the console of every page (tab) opened in it.
type Session struct {
	// Context is the incognito browser context (rod models it as a *rod.Browser).
	Context *rod.Browser
	// Page is the session's first page.
	Page *rod.Page

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	tracked map[proto.TargetTargetID]*trackedPage
	order   []proto.TargetTargetID // creation order
	bySess  map[proto.TargetSessionID]proto.TargetTargetID
	console []consoleEntry
	seq     int
	watches map[int]func(url string)
	nextW   int

	closeOnce sync.Once
	closeErr  error
}

type trackedPage struct {
	once sync.Once
	err  error
	url  string
}

type consoleEntry struct {
	at   time.Time
	seq  int
	line string
}

// NewSession creates an incognito context with one blank page. Console
// messages, uncaught exceptions and log entries of every page of the context,
// including tabs opened later (window.open, target=_blank), are captured.
func (b *Browser) NewSession() (*Session, error) {
	ctx, cancel := context.WithCancel(b.ctx)
	s := &Session{
		ctx:     ctx,
		cancel:  cancel,
		done:    make(chan struct{}),
		tracked: map[proto.TargetTargetID]*trackedPage{},
		bySess:  map[proto.TargetSessionID]proto.TargetTargetID{},
	}

	cctx, ccancel := context.WithTimeout(ctx, sessionCallTimeout)
	defer ccancel()
	// DisposeOnDetach: should this process die without closing its
	// sessions, a remote browser drops their contexts when the connection
	// goes (a local one is killed by the guard anyway).
	res, err := proto.TargetCreateBrowserContext{DisposeOnDetach: true}.Call(b.Rod.Context(cctx))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("browser: new incognito context: %w", err)
	}
	s.Context = b.Rod.Context(ctx)
	s.Context.BrowserContextID = res.BrowserContextID

	// Subscribe before the first page exists so that no target is missed.
	// rod.Connect turned on Target.setDiscoverTargets, so the browser-wide
	// event stream carries targetCreated for every context; we keep ours.
	events := s.Context.Event()
	go s.loop(events)

	target, err := proto.TargetCreateTarget{URL: "about:blank", BrowserContextID: res.BrowserContextID}.
		Call(b.Rod.Context(cctx))
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("browser: new page: %w", err)
	}
	// Attach synchronously, so the console is captured from the first navigation.
	page, err := s.track(target.TargetID)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	s.Page = page
	return s, nil
}

// loop follows the context's targets and records console output.
func (s *Session) loop(events <-chan *rod.Message) {
	defer close(s.done)
	for msg := range events {
		switch msg.Method {
		case (proto.TargetTargetCreated{}).ProtoEvent():
			var e proto.TargetTargetCreated
			if msg.Load(&e) && s.mine(e.TargetInfo) {
				s.setURL(e.TargetInfo.TargetID, e.TargetInfo.URL)
				go func() { _, _ = s.track(e.TargetInfo.TargetID) }() // never block the loop on CDP calls
			}
		case (proto.TargetTargetInfoChanged{}).ProtoEvent():
			var e proto.TargetTargetInfoChanged
			if msg.Load(&e) && s.mine(e.TargetInfo) {
				s.setURL(e.TargetInfo.TargetID, e.TargetInfo.URL)
			}
		case (proto.RuntimeConsoleAPICalled{}).ProtoEvent():
			var e proto.RuntimeConsoleAPICalled
			if msg.Load(&e) {
				args := make([]string, 0, len(e.Args))
				for _, a := range e.Args {
					args = append(args, remoteText(a))
				}
				s.record(msg.SessionID, e.Timestamp, string(e.Type), strings.Join(args, " "), stackURL(e.StackTrace))
			}
		case (proto.RuntimeExceptionThrown{}).ProtoEvent():
			var e proto.RuntimeExceptionThrown
			if msg.Load(&e) && e.ExceptionDetails != nil {
				d := e.ExceptionDetails
				text := d.Text
				if d.Exception != nil && d.Exception.Description != "" {
					// One line: the message, not the stack (the url says where).
					msg, _, _ := strings.Cut(d.Exception.Description, "\n")
					text = strings.TrimSpace(d.Text + " " + msg)
				}
				where := stackURL(d.StackTrace)
				if where == "" && d.URL != "" {
					where = fmt.Sprintf("%s:%d", d.URL, d.LineNumber+1)
				}
				s.record(msg.SessionID, e.Timestamp, "exception", text, where)
			}
		case (proto.LogEntryAdded{}).ProtoEvent():
			var e proto.LogEntryAdded
			// Verbose entries are DevTools' hidden-by-default hints ("[DOM] Password forms should ...").
			if msg.Load(&e) && e.Entry != nil && e.Entry.Level != proto.LogLogEntryLevelVerbose {
				en := e.Entry
				s.record(msg.SessionID, en.Timestamp, string(en.Source)+"."+string(en.Level), en.Text, en.URL)
			}
		}
	}
}

func (s *Session) mine(info *proto.TargetTargetInfo) bool {
	return info != nil && info.BrowserContextID == s.Context.BrowserContextID &&
		info.Type == proto.TargetTargetInfoTypePage
}

func (s *Session) entry(id proto.TargetTargetID) *trackedPage {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tracked[id]
	if t == nil {
		t = &trackedPage{}
		s.tracked[id] = t
		s.order = append(s.order, id)
	}
	return t
}

func (s *Session) setURL(id proto.TargetTargetID, url string) {
	t := s.entry(id)
	s.mu.Lock()
	t.url = url
	watches := make([]func(string), 0, len(s.watches))
	for _, f := range s.watches {
		watches = append(watches, f)
	}
	s.mu.Unlock()
	for _, f := range watches {
		f(url)
	}
}

// OnURL calls f with the new address whenever a tab of the session moves to
// another document, until remove is called: a harness learns at once that a
// site sent the browser elsewhere (to sign in again, say) instead of timing
// out on a page that is gone. f runs on the session's event loop: it must
// return quickly and must not call back into the session.
func (s *Session) OnURL(f func(url string)) (remove func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watches == nil {
		s.watches = map[int]func(string){}
	}
	id := s.nextW
	s.nextW++
	s.watches[id] = f
	return func() {
		s.mu.Lock()
		delete(s.watches, id)
		s.mu.Unlock()
	}
}

// track attaches to a page of the context (once) and turns on the domains
// whose events we record. The session id is registered before Runtime.enable
// and Log.enable, which replay the messages logged before we attached, so
// nothing the page logged is lost.
func (s *Session) track(id proto.TargetTargetID) (*rod.Page, error) {
	t := s.entry(id)
	t.once.Do(func() {
		p, err := s.Context.PageFromTarget(id)
		if err != nil {
			t.err = fmt.Errorf("browser: attach to page %s: %w", id, err)
			return
		}
		s.mu.Lock()
		s.bySess[p.SessionID] = id
		s.mu.Unlock()

		ctx, cancel := context.WithTimeout(s.ctx, sessionCallTimeout)
		defer cancel()
		if err := (proto.RuntimeEnable{}).Call(p.Context(ctx)); err != nil {
			t.err = fmt.Errorf("browser: console capture of page %s: %w", id, err)
			return
		}
		if err := (proto.LogEnable{}).Call(p.Context(ctx)); err != nil {
			t.err = fmt.Errorf("browser: log capture of page %s: %w", id, err)
		}
	})
	if t.err != nil {
		return nil, t.err
	}
	// PageFromTarget returns rod's cached page once attached.
	return s.Context.PageFromTarget(id)
}

func (s *Session) record(sess proto.TargetSessionID, ts proto.RuntimeTimestamp, typ, text, url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.bySess[sess]
	if !ok {
		return // another session's page
	}
	if url == "" {
		if t := s.tracked[id]; t != nil {
			url = t.url
		}
	}
	at := time.Now()
	if ts > 0 {
		at = time.UnixMilli(0).Add(time.Duration(float64(ts) * float64(time.Millisecond)))
	}
	line := fmt.Sprintf("%s [%s] %s", at.Format("15:04:05.000"), typ, text)
	if url != "" {
		line += " (" + url + ")"
	}
	s.seq++
	e := consoleEntry{at: at, seq: s.seq, line: line}
	// Keep chronological order: messages replayed on attach carry their
	// original timestamps and may predate messages already recorded.
	i := sort.Search(len(s.console), func(i int) bool { return s.console[i].at.After(e.at) })
	s.console = append(s.console, consoleEntry{})
	copy(s.console[i+1:], s.console[i:])
	s.console[i] = e
}

// Console returns the console messages, uncaught exceptions and log entries of
// all pages of the session, oldest first, as "HH:MM:SS.mmm [type] text (url)".
func (s *Session) Console() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.console))
	for i, e := range s.console {
		out[i] = e.line
	}
	return out
}

// Pages returns every open page (tab) of the session, in the order they were opened.
func (s *Session) Pages() ([]*rod.Page, error) {
	ctx, cancel := context.WithTimeout(s.ctx, sessionCallTimeout)
	defer cancel()
	res, err := proto.TargetGetTargets{}.Call(s.Context.Context(ctx))
	if err != nil {
		return nil, fmt.Errorf("browser: list pages: %w", err)
	}
	open := map[proto.TargetTargetID]bool{}
	for _, info := range res.TargetInfos {
		if s.mine(info) {
			open[info.TargetID] = true
			s.entry(info.TargetID) // known even if its targetCreated is still in flight
		}
	}
	s.mu.Lock()
	ids := append([]proto.TargetTargetID(nil), s.order...)
	s.mu.Unlock()

	var pages []*rod.Page
	for _, id := range ids {
		if !open[id] {
			continue
		}
		p, err := s.track(id)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// Close closes the incognito context and its pages. Idempotent. Console()
// still returns what was captured.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		if s.Context != nil && s.Context.BrowserContextID != "" {
			ctx, cancel := context.WithTimeout(s.ctx, sessionCallTimeout)
			err := proto.TargetDisposeBrowserContext{BrowserContextID: s.Context.BrowserContextID}.
				Call(s.Context.Context(ctx))
			cancel()
			if err != nil && s.ctx.Err() == nil {
				s.closeErr = fmt.Errorf("browser: close session: %w", err)
			}
			s.mu.Lock()
			for id := range s.tracked {
				s.Context.RemoveState(id) // drop rod's page cache entries
			}
			s.mu.Unlock()
		}
		s.cancel()
		if s.Context != nil {
			<-s.done
		}
	})
	return s.closeErr
}

func remoteText(o *proto.RuntimeRemoteObject) string {
	switch {
	case o == nil:
		return ""
	case o.Type == proto.RuntimeRemoteObjectTypeString:
		return o.Value.Str()
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	case !o.Value.Nil():
		return o.Value.JSON("", "")
	}
	return string(o.Type)
}

func stackURL(st *proto.RuntimeStackTrace) string {
	if st == nil || len(st.CallFrames) == 0 || st.CallFrames[0].URL == "" {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf("%s:%d", f.URL, f.LineNumber+1)
}
