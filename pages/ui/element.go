package ui

import (
	"strconv"
	"strings"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Why not rod's Page.ElementFromObject for every element found: it asks the
// page, for each element, which JavaScript context the element lives in (a
// DevTools round trip, "() => window", on the element), so that rod's
// helpers run in the element's frame. That was a fifth of a guide walk's
// DevTools calls, and the answer is the same for every element of one
// document. Chromium's object IDs say which context an object belongs to
// ("<isolate>.<context>.<object>"), so rod is asked once per context, and
// its answer (an element bound to that context) is copied for the others.
// An ID that does not read so is left to rod, as before.

// elementCache holds, per page and JavaScript context, the element rod made
// first there, whose copies stand for the context's other elements.
var elementCache = struct {
	sync.Mutex
	made map[elementKey]*rod.Element
}{made: map[elementKey]*rod.Element{}}

type elementKey struct {
	page    *rod.Page
	context string // "<isolate>.<context>" of Chromium's object IDs
}

// maxCachedContexts bounds the cache: past it, it starts again (a
// navigation makes a new context; old ones are never asked for again).
const maxCachedContexts = 512

// contextOf is the "<isolate>.<context>" part of a Chromium object ID, or
// "" when the ID does not read so.
func contextOf(id proto.RuntimeRemoteObjectID) string {
	parts := strings.Split(string(id), ".")
	if len(parts) != 3 {
		return ""
	}
	for _, p := range parts {
		if _, err := strconv.ParseInt(p, 10, 64); err != nil {
			return ""
		}
	}
	return parts[0] + "." + parts[1]
}

// elementOf makes an element of page for obj, a DOM node found by a query.
func elementOf(page *rod.Page, obj *proto.RuntimeRemoteObject) (*rod.Element, error) {
	key := elementKey{page: page, context: contextOf(obj.ObjectID)}
	if key.context == "" {
		return page.ElementFromObject(obj)
	}
	elementCache.Lock()
	first := elementCache.made[key]
	elementCache.Unlock()
	if first != nil {
		el := *first
		el.Object = obj
		return &el, nil
	}
	el, err := page.ElementFromObject(obj)
	if err != nil {
		return nil, err
	}
	elementCache.Lock()
	if len(elementCache.made) >= maxCachedContexts {
		clear(elementCache.made)
	}
	elementCache.made[key] = el
	elementCache.Unlock()
	return el, nil
}
