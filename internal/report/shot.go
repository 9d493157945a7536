package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// JPEGQuality of the step screenshots: small files, text still legible.
const JPEGQuality = 60

// shotTimeout bounds one screenshot: a hung page costs the report its
// picture, never the step its deadline.
const shotTimeout = 3 * time.Second

// Shooter takes one screenshot per guide step of a flow: at the step's
// first action, with the element acted on outlined (Observe is a
// ui.Observer), or, for a step that only reads the page, when it ends.
// Before each shot the page's password fields and every secret it shows
// (Secrets) are covered; the covers and the outline are taken off again
// at once. A Shooter serves one flow, whose steps run one at a time.
type Shooter struct {
	Dir     string          // where the images go
	Secrets func() []string // the values to cover (artifacts.Redactor.Values)

	mu   sync.Mutex
	step string    // the step running
	shot string    // its screenshot, once taken
	last *rod.Page // the page acted on last, for a step without an action
}

// Begin starts step number: its first action will be photographed.
func (s *Shooter) Begin(number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.step, s.shot = number, ""
}

// Observe photographs the step's first action, el outlined.
func (s *Shooter) Observe(_ string, el *rod.Element) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = el.Page()
	if s.shot != "" || s.step == "" {
		return
	}
	if p, err := s.take(el.Page(), el); err == nil {
		s.shot = p
	}
}

// End finishes the step and returns its screenshot's path: the one its
// first action took, else one of the page now (fallback when no action ran
// in this flow yet). "" if none could be taken.
func (s *Shooter) End(fallback *rod.Page) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	shot := s.shot
	if shot == "" && s.step != "" {
		p := s.last
		if p == nil {
			p = fallback
		}
		if p != nil {
			shot, _ = s.take(p, nil)
		}
	}
	s.step, s.shot = "", ""
	return shot
}

// take covers the secrets, outlines el (if any), shoots the viewport as
// JPEG, and takes the covers off.
func (s *Shooter) take(p *rod.Page, el *rod.Element) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), shotTimeout)
	defer cancel()
	p = p.Context(ctx)
	var secrets []any
	if s.Secrets != nil {
		for _, v := range s.Secrets() {
			secrets = append(secrets, v)
		}
	}
	var err error
	if el != nil {
		_, err = el.Context(ctx).Eval(`function(...secrets) { (`+decorateJS+`)(this, secrets); }`, secrets...)
	} else {
		_, err = p.Eval(`(...secrets) => (`+decorateJS+`)(null, secrets)`, secrets...)
	}
	defer func() { _, _ = p.Eval(undecorateJS) }()
	if err != nil {
		return "", fmt.Errorf("report: masking before the shot: %w", err) // no mask, no shot
	}
	img, err := proto.PageCaptureScreenshot{Format: proto.PageCaptureScreenshotFormatJpeg, Quality: intp(JPEGQuality)}.Call(p)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return "", err
	}
	name := filepath.Join(s.Dir, "step-"+strings.ReplaceAll(s.step, "/", "_")+".jpg")
	if s.step == "" {
		name = filepath.Join(s.Dir, "page.jpg")
	}
	return name, os.WriteFile(name, img.Data, 0o644)
}

func intp(i int) *int { return &i }

// ShotOverlayID is the id of the element that holds the covers and the
// outline while a shot is taken.
const ShotOverlayID = "lszoom-report-overlay"

// decorateJS covers password inputs, fields and text holding a secret, and
// outlines el, with fixed boxes in one overlay that catches no event.
const decorateJS = `function(el, secrets) {
	const old = document.getElementById("` + ShotOverlayID + `"); if (old) old.remove();
	const root = document.createElement("div");
	root.id = "` + ShotOverlayID + `";
	root.style.cssText = "position:fixed;left:0;top:0;width:0;height:0;pointer-events:none;z-index:2147483647";
	const box = (r, css) => {
		if (!r || r.width === 0 || r.height === 0) return;
		const d = document.createElement("div");
		d.style.cssText = "position:fixed;pointer-events:none;box-sizing:border-box;left:" + r.left + "px;top:" + r.top +
			"px;width:" + r.width + "px;height:" + r.height + "px;" + css;
		root.appendChild(d);
	};
	const cover = "background:#3a3a3a;";
	const has = (s) => typeof s === "string" && s !== "" && secrets.some((x) => s.includes(x));
	const scan = (doc) => {
		for (const i of doc.querySelectorAll("input,textarea")) {
			if ((i.type === "password" && i.value !== "") || has(i.value)) box(i.getBoundingClientRect(), cover);
		}
		const tw = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
		for (let n = tw.nextNode(); n; n = tw.nextNode()) {
			if (!has(n.nodeValue)) continue;
			const rg = document.createRange(); rg.selectNodeContents(n);
			for (const r of rg.getClientRects()) box(r, cover);
		}
		for (const e of doc.querySelectorAll("*")) if (e.shadowRoot) scan(e.shadowRoot);
	};
	scan(document);
	if (el && el.getBoundingClientRect) {
		const r = el.getBoundingClientRect();
		box({left: r.left - 4, top: r.top - 4, width: r.width + 8, height: r.height + 8},
			"border:3px solid #e3001b;border-radius:4px;");
	}
	document.documentElement.appendChild(root);
}`

const undecorateJS = `() => { const o = document.getElementById("` + ShotOverlayID + `"); if (o) o.remove(); }`
