package ui_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"lszoom/pages/ui"
)

// Pages where a cheap prefilter could be fooled: Chromium's role and name
// must decide, whichever path answers.
func init() {
	pages["/names"] = `
<style>.gen::before { content: "Generated"; } .gentab::before { content: "Four"; }</style>
<button id="close" aria-label="Close">X</button>
<button id="gen" class="gen"></button>
<label for="e">Email</label><input id="e">
<button id="hidden" style="display:none">Hidden</button>
<div id="tabs" role="tablist" aria-label="T"><div role="tab" aria-selected="true">One</div><div role="tab">Two</div><div role="tab">Three</div><div id="four" role="tab" class="gentab"></div></div>
` + strings.Repeat(`<button class="same">Same</button>`, 20)

	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, `<div><a href="#%d">Link %d</a> <span>text %d</span></div>`, i, i, i)
	}
	b.WriteString(`<button id="continue">Continue</button>`)
	pages["/large"] = b.String()
}

func TestRoleQueriesFollowChromiumsNames(t *testing.T) {
	sc := open(t, "/names", 2*time.Second)
	if el, err := sc.Find(ui.Role("button", "Close")); err != nil || id(t, el) != "close" {
		t.Fatalf(`button "Close" (aria-label): %v`, err)
	}
	if ok, err := sc.Exists(ui.Role("button", "X")); err != nil || ok {
		t.Errorf(`button "X" must not match: its name is "Close" (exists=%v, %v)`, ok, err)
	}
	if el, err := sc.Find(ui.Role("button", "Generated")); err != nil || id(t, el) != "gen" {
		t.Errorf(`button "Generated" (CSS content, not in textContent): %v`, err)
	}
	if el, err := sc.Find(ui.Role("textbox", "Email")); err != nil || id(t, el) != "e" {
		t.Errorf(`textbox "Email" (label for): %v`, err)
	}
	if ok, err := sc.Exists(ui.Role("button", "Hidden")); err != nil || ok {
		t.Errorf("a display:none button must not match (exists=%v, %v)", ok, err)
	}
	if els, err := sc.All(ui.Role("alert", "")); err != nil || len(els) != 0 {
		t.Errorf("no alert on the page: got %d, %v", len(els), err)
	}
	if els, err := sc.FindAll(ui.Role("button", "Same")); err != nil || len(els) != 20 {
		t.Errorf(`20 buttons "Same" (more than the prefilter checks one by one): got %d, %v`, len(els), err)
	}
	if els, err := sc.FindAll(ui.Role("tab", "")); err != nil || len(els) != 4 {
		t.Errorf("four tabs: got %d, %v", len(els), err)
	}
	// A role whose elements are all known, and a name no text shows.
	if el, err := sc.Find(ui.Role("tab", "Four")); err != nil || id(t, el) != "four" {
		t.Errorf(`tab "Four" (CSS content): %v`, err)
	}
}

// BenchmarkFindByRole shows why named role queries take the fast path: on a
// page of 3,000 links, Accessibility.queryAXTree alone costs about a second.
func BenchmarkFindByRole(b *testing.B) {
	for _, path := range []string{"/names", "/large"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			sc := open(b, path, 5*time.Second)
			q := ui.Role("button", "Close")
			if path == "/large" {
				q = ui.Role("button", "Continue")
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := sc.Find(q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
