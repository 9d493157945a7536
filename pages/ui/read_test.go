package ui_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"lszoom/pages/ui"
)

// imageGate holds back /gate.png until the test that set it releases it,
// so that the page that shows it has not loaded until then. Each run of
// the test sets a new one (go test -count=2).
var imageGate atomic.Pointer[gate]

type gate struct {
	requested chan struct{} // the image was asked for
	release   chan struct{} // closed: answer it
}

func init() {
	pages["/texts"] = `<input id="typed" value="typed"><input id="empty" placeholder="Search apps">
<select id="pick"><option>A</option><option selected>B</option></select>
<div id="shown">Shown<span style="display:none"> hidden</span></div>`
	pages["/held"] = `<p>Held</p><img src="/gate.png" alt="">`
	handlers["/gate.png"] = func(w http.ResponseWriter, r *http.Request) {
		g := imageGate.Load()
		if g == nil {
			http.NotFound(w, r)
			return
		}
		select {
		case g.requested <- struct{}{}:
		default:
		}
		select {
		case <-g.release:
		case <-r.Context().Done():
		}
		http.NotFound(w, r)
	}
}

// TextOf reads what a person reads (a field's value or placeholder, a
// select's choice, the rendered text), in one DevTools call each time,
// however many deadline copies of the page it goes through: rod's
// Element.Text defined its helpers again in each copy (three calls).
func TestTextOfReadsWhatAPersonReadsInOneCall(t *testing.T) {
	sc := open(t, "/texts", 5*time.Second)
	for sel, want := range map[string]string{
		"#typed": "typed", "#empty": "Search apps", "#pick": "B", "#shown": "Shown",
	} {
		el, err := sc.Find(ui.CSS(sel))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ui.TextOf(el); err != nil || got != want {
			t.Errorf("TextOf(%s) = %q, %v; want %q", sel, got, err, want)
		}
	}
	el, err := sc.Find(ui.CSS("#shown"))
	if err != nil {
		t.Fatal(err)
	}
	before := callsOf(sc.Page())
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		_, err := ui.TextOf(el.Context(ctx))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := callsOf(sc.Page()) - before; n != 3 {
		t.Errorf("three reads took %d DevTools calls, want 3", n)
	}
}

// WaitLoad returns once the page's load event has fired: not while an
// image of the page is still coming.
func TestWaitLoadWaitsForTheLoadEvent(t *testing.T) {
	g := &gate{requested: make(chan struct{}, 1), release: make(chan struct{})}
	imageGate.Store(g)
	t.Cleanup(func() { imageGate.CompareAndSwap(g, nil) })
	sc := open(t, "/texts", 5*time.Second)
	p := sc.Page().Timeout(10 * time.Second)
	if err := p.Navigate(srv.URL + "/held"); err != nil { // returns once the page is committed
		t.Fatal(err)
	}
	var released atomic.Bool
	done := make(chan bool, 1)
	go func() {
		err := ui.WaitLoad(p)
		if err != nil {
			t.Error(err)
		}
		done <- released.Load()
	}()
	select {
	case <-g.requested:
	case <-time.After(10 * time.Second):
		t.Fatal("the page never asked for its image")
	}
	released.Store(true)
	close(g.release)
	if !<-done {
		t.Error("WaitLoad returned before the page's image had come")
	}
	res, err := p.Eval(`() => document.readyState`)
	if err != nil || res.Value.Str() != "complete" {
		t.Errorf("after WaitLoad: readyState %v (%v)", res, err)
	}
}
