package ui_test

import (
	"context"
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
