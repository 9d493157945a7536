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

// StepTimeout bounds each capture step, so a hung page cannot hang the capture.
var StepTimeout = 5 * time.Second

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

// Capture writes, into dir, for each page i of the session:
// <name>[-tab<i>].png (full-page screenshot, viewport if that fails) and
// <name>[-tab<i>].html (the live DOM, with the page URL in a comment on top),
// and <name>.console.txt (the session's console). The first page has no
// -tab suffix. Secrets registered in r are masked on the page before the
// screenshot (text, attributes and input/textarea values) and redacted in
// every file. Each step has its own timeout (StepTimeout); a failing step does
// not stop the others. It returns the paths written and the joined errors.
func Capture(dir, name string, s *browser.Session, r *Redactor) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("artifacts: %w", err)
	}
	base := fileBase(name, r)
	var (
		paths []string
		errs  []error
	)
	write := func(file string, data []byte) {
		p := filepath.Join(dir, file)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			errs = append(errs, fmt.Errorf("artifacts: %w", err))
			return
		}
		paths = append(paths, p)
	}

	pages, err := s.Pages()
	if err != nil {
		errs = append(errs, fmt.Errorf("artifacts: %w", err))
	}
	secrets := r.secretsList()
	for i, page := range pages {
		stem := base
		if i > 0 {
			stem = fmt.Sprintf("%s-tab%d", base, i)
		}
		if len(secrets) > 0 {
			if err := step(page, func(p *rod.Page) error { _, err := p.Eval(maskJS, toAny(secrets)...); return err }); err != nil {
				errs = append(errs, fmt.Errorf("artifacts: %s: masking secrets: %w", stem, err))
			}
		}
		var png []byte
		// A background tab paints no frames, so its screenshot would wait
		// for one until the deadline: bring each tab to the front first.
		if err := step(page, func(p *rod.Page) (err error) {
			if _, err = p.Activate(); err != nil {
				return err
			}
			png, err = screenshot(p)
			return err
		}); err != nil {
			errs = append(errs, fmt.Errorf("artifacts: %s.png: %w", stem, err))
		} else {
			write(stem+".png", png)
		}
		var doc string
		if err := step(page, func(p *rod.Page) (err error) { doc, err = pageHTML(p); return err }); err != nil {
			errs = append(errs, fmt.Errorf("artifacts: %s.html: %w", stem, err))
		} else {
			write(stem+".html", []byte(r.Redact(doc)))
		}
	}

	console := strings.Join(s.Console(), "\n")
	if console != "" {
		console += "\n"
	}
	write(base+".console.txt", []byte(r.Redact(console)))
	return paths, errors.Join(errs...)
}

// step runs f on the page with its own deadline.
func step(page *rod.Page, f func(*rod.Page) error) error {
	ctx, cancel := context.WithTimeout(page.GetContext(), StepTimeout)
	defer cancel()
	return f(page.Context(ctx))
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
