package ui

import (
	"context"

	"github.com/go-rod/rod"
)

// Observer is told, just before an action, which element it is about to
// act on and what it will do ("click", "fill", "hover", "press"): a run
// report outlines that element in the step's screenshot. It is called on
// the action's goroutine, after the element was found actionable; it must
// not act on the page. A click or hover checks its point again after it.
type Observer func(action string, el *rod.Element)

type observerKey struct{}

// WithObserver returns a context whose actions (every Region made with it,
// or with a context derived from it) tell o what they act on.
func WithObserver(ctx context.Context, o Observer) context.Context {
	return context.WithValue(ctx, observerKey{}, o)
}

// observe tells ctx's observer, if any, that action is about to act on el,
// and says whether it did: an action whose check the observer may have
// made stale (a click point) checks again.
func observe(ctx context.Context, action string, el *rod.Element) bool {
	if o, ok := ctx.Value(observerKey{}).(Observer); ok && o != nil && el != nil {
		o(action, el)
		return true
	}
	return false
}
