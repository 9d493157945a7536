// Package artifacts saves what a failed test leaves behind: a screenshot and
// the DOM of every page of the session, and the session's console, with every
// registered secret redacted (in the files and, before the screenshot, on the
// page itself).
package artifacts

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/internal/browser"
)

// Redacted replaces every registered secret.
const Redacted = "[REDACTED]"

// minSecretLen: shorter values would redact ordinary text everywhere.
const minSecretLen = 4

// DefaultBudget bounds a whole Capture (every tab, every file): half of
// the default step deadline, and what the three parts of a tab were allowed
// before (5 s each). CaptureWithin bounds it by the deadline of the step
// that failed.
var DefaultBudget = 15 * time.Second

// Redactor replaces registered secrets. The zero value is ready; it is safe
// for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string // longest first
}

// Add registers a secret. Empty and short (< 4 characters) values are ignored.
// The HTML- and URL-escaped forms of the secret are registered too.
func (r *Redactor) Add(secret string) {
	if len(secret) < minSecretLen {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range []string{secret, html.EscapeString(secret), url.QueryEscape(secret), url.PathEscape(secret)} {
		if !contains(r.secrets, v) {
			r.secrets = append(r.secrets, v)
		}
	}
	// Longest first, so a secret containing another is replaced whole.
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Redact replaces every registered secret in s with "[REDACTED]".
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, v := range r.secrets {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}

// Values returns the registered secrets (raw and escaped forms), for code
// that must hide them on a live page (a report's screenshots).
func (r *Redactor) Values() []string { return r.secretsList() }

// secretsList returns the registered secrets (raw and escaped forms).
func (r *Redactor) secretsList() []string {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.secrets...)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileBase makes name safe as a file name and free of secrets.
func fileBase(name string, r *Redactor) string {
	s := unsafeName.ReplaceAllString(r.Redact(name), "_")
	s = strings.Trim(s, "._")
	if s == "" {
		s = "capture"
	}
	return s
}

// Capture is CaptureWithin(DefaultBudget, ...).
func Capture(dir, name string, s *browser.Session, r *Redactor) ([]string, error) {
	return CaptureWithin(DefaultBudget, dir, name, s, r)
}

// CaptureWithin writes, into dir, for each page i of the session:
// <name>[-tab<i>].png (full-page screenshot, viewport if that fails) and
// <name>[-tab<i>].html (the live DOM, with the page URL in a comment on top),
// and <name>.console.txt (the session's console). The first page has no
// -tab suffix. Secrets registered in r are masked on the page before the
// screenshot (text, attributes and input/textarea values; a page that could
// not be masked is not photographed) and redacted in every file.
//
// The whole capture ends within budget, plus the time to write the files:
// a failed step is reported when its deadline says, not when a slow page
// is done. Each tab gets an equal share of what is left when its turn
// comes. A page still loading is not waited on: one that does not answer
// within 250 ms (the browser holds every command to a page until its
// navigation commits) or whose screenshot does not come within 1 s or half
// of what is left (a stylesheet that has not arrived holds the first
// paint) has its loading
// stopped, as the Esc key does, and is captured as it is drawn then, the
// DOM as far as it had come. What was stopped or could not be had in time
// is said in <name>.capture.txt (written only then) and, for a stopped
// page, on top of its .html. A failing part does not stop the others. It
// returns the paths written and the joined errors.
func CaptureWithin(budget time.Duration, dir, name string, s *browser.Session, r *Redactor) ([]string, error) {
	deadline := time.Now().Add(budget)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("artifacts: %w", err)
	}
	base := fileBase(name, r)
	var (
		paths []string
		errs  []error
		notes []string
	)
	write := func(file string, data []byte) {
		p := filepath.Join(dir, file)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			errs = append(errs, fmt.Errorf("artifacts: %w", err))
			return
		}
		paths = append(paths, p)
	}

	pages, err := listPages(s, deadline)
	if err != nil {
		errs = append(errs, fmt.Errorf("artifacts: %w", err))
		notes = append(notes, fmt.Sprintf("tabs: not listed (%v): no screenshot or DOM", err))
	}
	secrets := r.secretsList()
	for i, page := range pages {
		stem := base
		if i > 0 {
			stem = fmt.Sprintf("%s-tab%d", base, i)
		}
		left := time.Until(deadline)
		if left <= 0 {
			notes = append(notes, fmt.Sprintf("%s: not captured: the capture's %s were spent on the tabs before", stem, budget))
			continue
		}
		tc := &tabCapture{page: page, until: time.Now().Add(left / time.Duration(len(pages)-i)), secrets: secrets}
		doc, png := tc.run()
		for _, e := range tc.errs {
			errs = append(errs, fmt.Errorf("artifacts: %s%w", stem, e))
		}
		for _, n := range tc.notes {
			notes = append(notes, stem+": "+n)
		}
		if doc != "" {
			write(stem+".html", []byte(r.Redact(doc)))
		}
		if png != nil {
			write(stem+".png", png)
		}
	}

	console := strings.Join(s.Console(), "\n")
	if console != "" {
		console += "\n"
	}
	write(base+".console.txt", []byte(r.Redact(console)))
	if len(notes) > 0 {
		head := fmt.Sprintf("What this capture (budget %s) found unfinished, stopped, or could not have:\n", budget)
		write(base+".capture.txt", []byte(r.Redact(head+strings.Join(notes, "\n")+"\n")))
	}
	return paths, errors.Join(errs...)
}

// listPages is s.Pages, given up on at deadline (it has a longer one of its
// own, and finishes in the background).
func listPages(s *browser.Session, deadline time.Time) ([]*rod.Page, error) {
	type result struct {
		pages []*rod.Page
		err   error
	}
	ch := make(chan result, 1)
	go func() {
		pages, err := s.Pages()
		ch <- result{pages, err}
	}()
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case res := <-ch:
		return res.pages, res.err
	case <-t.C:
		return nil, errors.New("listing the tabs: " + context.DeadlineExceeded.Error())
	}
}

// probeLimit caps how long a tab's first command may take before the tab is
// taken for one whose navigation has not committed, and shotLimit how long
// its first screenshot may before it is taken for one whose first paint
// waits on a stylesheet. A page merely slow to answer (a loaded machine)
// loses nothing by it: stopping a page that has loaded does nothing, and
// the screenshot is taken again.
const (
	probeLimit = 250 * time.Millisecond
	shotLimit  = time.Second
)

// tabCapture takes one tab's DOM and screenshot by a deadline.
type tabCapture struct {
	page    *rod.Page
	until   time.Time
	secrets []string
	stopped bool     // its loading was stopped
	notes   []string // what was stopped or cut off, for <name>.capture.txt
	errs    []error  // each starts with what it is about: ".png: …"
}

func (c *tabCapture) run() (doc string, png []byte) {
	// First a command that any page answers at once, unless it is
	// navigating: the browser holds it until the new document commits.
	probe := min(time.Until(c.until)/4, probeLimit)
	var href, state string
	err := c.do(time.Now().Add(probe), func(p *rod.Page) error {
		res, err := proto.RuntimeEvaluate{Expression: `[location.href, document.readyState]`, ReturnByValue: true}.Call(p)
		if err == nil && res.ExceptionDetails == nil {
			href, state = res.Result.Value.Get("0").Str(), res.Result.Value.Get("1").Str()
		}
		return err
	})
	if errors.Is(err, context.DeadlineExceeded) {
		c.stop(fmt.Sprintf("did not answer within %s (as a page does while its navigation has not committed)", probe.Round(time.Millisecond)))
	} else if state == "loading" {
		c.notes = append(c.notes, fmt.Sprintf("%s was still loading (document.readyState %q) when the capture began", href, state))
	}

	masked := c.mask()

	if err := c.do(c.until, func(p *rod.Page) (err error) { doc, err = pageHTML(p); return err }); err != nil {
		c.cut(".html", "the DOM", err)
	} else if c.stopped {
		doc = "<!-- capture: " + commentSafe(strings.Join(c.notes, "; ")) + " -->\n" + doc
	}

	if !masked {
		c.notes = append(c.notes, "screenshot: not taken, since the secrets could not be masked on the page first")
		return doc, nil
	}
	// A background tab paints no frames, so its screenshot would wait for
	// one until the deadline: bring each tab to the front first.
	shoot := func(by time.Time) error {
		return c.do(by, func(p *rod.Page) (err error) {
			if _, err = p.Activate(); err != nil {
				return err
			}
			png, err = screenshot(p)
			return err
		})
	}
	wait := time.Until(c.until)
	if !c.stopped {
		wait = min(wait/2, shotLimit)
	}
	err = shoot(time.Now().Add(wait))
	if err != nil && !c.stopped && errors.Is(err, context.DeadlineExceeded) && time.Until(c.until) > 0 {
		c.stop("no screenshot came within " + wait.Round(time.Millisecond).String() +
			" (none comes while a stylesheet or script the page waits on has not arrived)")
		if c.mask() {
			err = shoot(c.until)
		} else {
			c.notes = append(c.notes, "screenshot: not taken, since the secrets could not be masked on the page again")
			return doc, nil
		}
	}
	if err != nil {
		png = nil
		c.cut(".png", "screenshot", err)
	}
	return doc, png
}

// do runs f on the page with the deadline by.
func (c *tabCapture) do(by time.Time, f func(*rod.Page) error) error {
	ctx, cancel := context.WithDeadline(c.page.GetContext(), by)
	defer cancel()
	return f(c.page.Context(ctx))
}

// stop stops the page's loading, as the Esc key does: the browser then
// answers again, and paints what it has.
func (c *tabCapture) stop(why string) {
	c.stopped = true
	if err := c.do(c.until, func(p *rod.Page) error { return proto.PageStopLoading{}.Call(p) }); err != nil {
		c.errs = append(c.errs, fmt.Errorf(": stopping its loading: %w", err))
	}
	c.notes = append(c.notes, why+": its loading was stopped (as the Esc key does), "+
		"and it is captured as it was drawn then, the DOM as far as it had come")
}

// mask hides the secrets on the page; true if there are none, or it did.
func (c *tabCapture) mask() bool {
	if len(c.secrets) == 0 {
		return true
	}
	err := c.do(c.until, func(p *rod.Page) error { _, err := p.Eval(maskJS, toAny(c.secrets)...); return err })
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf(": masking secrets: %w", err))
		return false
	}
	return true
}

// cut records that what (file suffix, description) could not be had.
func (c *tabCapture) cut(suffix, what string, err error) {
	c.errs = append(c.errs, fmt.Errorf("%s: %w", suffix, err))
	if errors.Is(err, context.DeadlineExceeded) {
		c.notes = append(c.notes, what+": not had within the capture's time")
	} else {
		c.notes = append(c.notes, fmt.Sprintf("%s: not had (%v)", what, err))
	}
}

func toAny(list []string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// screenshot captures the whole page without resizing the viewport (rod's
// full-page Screenshot changes the viewport, which can re-layout the app and
// is left changed if the step times out), falling back to the viewport.
func screenshot(p *rod.Page) ([]byte, error) {
	m, err := proto.PageGetLayoutMetrics{}.Call(p)
	if err == nil && m.CSSContentSize != nil && m.CSSContentSize.Width > 0 && m.CSSContentSize.Height > 0 {
		// Cap the height: a runaway page must not produce a giant image.
		h := m.CSSContentSize.Height
		if h > 16384 {
			h = 16384
		}
		shot, err := proto.PageCaptureScreenshot{
			Format:                proto.PageCaptureScreenshotFormatPng,
			CaptureBeyondViewport: true,
			Clip:                  &proto.PageViewport{X: 0, Y: 0, Width: m.CSSContentSize.Width, Height: h, Scale: 1},
		}.Call(p)
		if err == nil {
			return shot.Data, nil
		}
	}
	shot, err := proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatPng}.Call(p)
	if err != nil {
		return nil, err
	}
	return shot.Data, nil
}

// pageHTML serialises the live DOM. Note that it does not contain the values
// of inputs set as properties (what the user typed), only attributes.
func pageHTML(p *rod.Page) (string, error) {
	res, err := p.Eval(`() => {
		const dt = document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\n" : "";
		return { url: location.href, html: dt + document.documentElement.outerHTML };
	}`)
	if err != nil {
		return "", err
	}
	v := res.Value
	return "<!-- url: " + commentSafe(v.Get("url").Str()) + " -->\n" + v.Get("html").Str(), nil
}

// commentSafe keeps s from closing the HTML comment it goes in.
func commentSafe(s string) string { return strings.ReplaceAll(s, "--", "-\u200b-") }

// maskJS replaces every secret (its arguments) on the page: text nodes,
// attributes, input/textarea values, the title; shadow roots included.
// It changes the page: capture is the last thing a failed test does.
const maskJS = `(...secrets) => {
	const R = "` + Redacted + `";
	const has = (s) => typeof s === "string" && secrets.some((x) => s.includes(x));
	const fix = (s) => secrets.reduce((acc, x) => acc.split(x).join(R), s);
	const walk = (root) => {
		const tw = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = tw.nextNode(); n; n = tw.nextNode()) if (has(n.nodeValue)) n.nodeValue = fix(n.nodeValue);
		for (const el of root.querySelectorAll("*")) {
			for (const a of Array.from(el.attributes)) if (has(a.value)) el.setAttribute(a.name, fix(a.value));
			if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && has(el.value)) el.value = fix(el.value);
			if (el.shadowRoot) walk(el.shadowRoot);
		}
	};
	walk(document);
	if (has(document.title)) document.title = fix(document.title);
}`
