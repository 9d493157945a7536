package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

func init() {
	pages["/observe"] = `<input id="name" aria-label="App Name"> <button id="go">Create</button>`
}

// Every action tells the context's observer which element it is about to
// act on, before it acts: a run report outlines it in the step's shot.
func TestObserverIsToldWhatAnActionActsOn(t *testing.T) {
	sc := open(t, "/observe", 5*time.Second)
	type seen struct{ action, id string }
	var got []seen
	ctx := ui.WithObserver(t.Context(), func(action string, el *rod.Element) {
		v, err := el.Attribute("id")
		if err != nil || v == nil {
			t.Errorf("observer: no id: %v", err)
			return
		}
		val, _ := el.Property("value")
		if action == "fill" && val.Str() != "" {
			t.Errorf("observer told after the fill, not before")
		}
		got = append(got, seen{action, *v})
	})
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r := ui.In(ctx, sc.Page())
	if err := r.Fill(ui.Role("textbox", "App Name"), "CAE"); err != nil {
		t.Fatal(err)
	}
	if err := r.Click(ui.Role("button", "Create")); err != nil {
		t.Fatal(err)
	}
	want := []seen{{"fill", "name"}, {"click", "go"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("observed %v, want %v", got, want)
	}
	// Without an observer, actions go on as before.
	if err := sc.Click(ui.Role("button", "Create")); err != nil {
		t.Fatal(err)
	}
}

func init() {
	pages["/observe-moves"] = `<style>button { position: absolute; top: 20px; width: 120px; }</style>
	<button id="decoy" style="left: 20px; z-index: -1" onclick="document.getElementById('out').textContent += 'decoy '">Decoy</button>
	<button id="go" style="left: 20px" onclick="document.getElementById('out').textContent += 'create '">Create</button>
	<p id="out" style="position: absolute; top: 100px"></p>`
}

// An observer takes its time (a screenshot) between the check and the
// click; if the page moved the element meanwhile, the click follows it
// instead of landing where the element was, on what is there now.
func TestClickChecksItsPointAgainAfterTheObserver(t *testing.T) {
	sc := open(t, "/observe-moves", 5*time.Second)
	ctx := ui.WithObserver(t.Context(), func(_ string, el *rod.Element) {
		// The page moves Create away, uncovering the decoy at its old place.
		if _, err := el.Eval(`function() { this.style.left = "300px" }`); err != nil {
			t.Errorf("observer: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	r := ui.In(ctx, sc.Page())
	if err := r.Click(ui.Role("button", "Create")); err != nil {
		t.Fatal(err)
	}
	out, err := r.Text(ui.CSS("#out"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out) != "create" {
		t.Fatalf("the click landed on %q: it used the point checked before the observer ran", out)
	}
}
