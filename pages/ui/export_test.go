package ui

import "github.com/go-rod/rod"

// For the tests of element.go and of the polling interval.
var (
	ContextOf        = contextOf
	PollSleeperSince = pollSleeperSince
	CoveredState     = coveredState
)

const (
	Patience = patience
	SlowPoll = slowPoll
)

// CachedContexts lists the JavaScript contexts of page whose first element
// rod made and whose others are copies of it.
func CachedContexts(page *rod.Page) []string {
	elementCache.Lock()
	defer elementCache.Unlock()
	var out []string
	for k := range elementCache.made {
		if k.page == page {
			out = append(out, k.context)
		}
	}
	return out
}
