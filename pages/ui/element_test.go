package ui_test

import (
	"slices"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"lszoom/pages/ui"
)

func TestContextOf(t *testing.T) {
	for id, want := range map[proto.RuntimeRemoteObjectID]string{
		"6998533822109679093.2.6":       "6998533822109679093.2",
		"-3355378362905709600.3.8":      "-3355378362905709600.3",
		"1.2":                           "",
		"a.b.c":                         "",
		`{"injectedScriptId":2,"id":6}`: "",
		"":                              "",
	} {
		if got := ui.ContextOf(id); got != want {
			t.Errorf("ContextOf(%q) = %q, want %q", id, got, want)
		}
	}
}

// The elements of one document share what rod learnt of its first (which
// JavaScript context they live in); after a navigation, the new document's
// elements get their own, and rod's helpers (Text) and actions work on
// every one of them.
func TestElementsOfOneDocumentShareTheirContext(t *testing.T) {
	sc := open(t, "/buttons", 5*time.Second)
	next, err := sc.Find(ui.Role("button", "Next"))
	if err != nil {
		t.Fatal(err)
	}
	cancel, err := sc.Find(ui.Role("button", "Cancel"))
	if err != nil {
		t.Fatal(err)
	}
	first := ui.ContextOf(next.Object.ObjectID)
	if first == "" || ui.ContextOf(cancel.Object.ObjectID) != first {
		t.Fatalf("object IDs %q and %q do not name one context", next.Object.ObjectID, cancel.Object.ObjectID)
	}
	if got := ui.CachedContexts(sc.Page()); !slices.Equal(got, []string{first}) {
		t.Fatalf("cached contexts %q, want [%q]", got, first)
	}
	for want, got := range map[string]string{"Next": next.MustText(), "Cancel": cancel.MustText()} {
		if got != want {
			t.Errorf("text %q, want %q", got, want)
		}
	}
	if err := sc.Click(ui.Role("button", "Cancel")); err != nil {
		t.Fatal(err)
	}

	p := sc.Page().Timeout(10 * time.Second)
	if err := p.Navigate(srv.URL + "/create"); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitLoad(); err != nil {
		t.Fatal(err)
	}
	dlg, err := sc.Within(ui.Role("dialog", "Create an OAuth app"))
	if err != nil {
		t.Fatal(err)
	}
	create, err := dlg.Find(ui.Role("button", "Create"))
	if err != nil {
		t.Fatal(err)
	}
	second := ui.ContextOf(create.Object.ObjectID)
	if second == first || second == "" {
		t.Fatalf("the new document's context %q, the old one's %q", second, first)
	}
	if !slices.Contains(ui.CachedContexts(sc.Page()), second) {
		t.Fatalf("the new document's context is not cached: %q", ui.CachedContexts(sc.Page()))
	}
	if got := create.MustText(); got != "Create" {
		t.Fatalf("text %q in the new document", got)
	}
	if err := dlg.Fill(ui.Role("textbox", "App Name"), "x"); err != nil {
		t.Fatal(err)
	}
}
