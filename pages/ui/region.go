package ui

import (
	"context"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
)

// Region finds and acts on elements in a page, or in one part of it
// (Within), under the deadline of the context it carries: a guide step makes
// one context with its deadline, and every wait of every action inside the
// step shares it, so a step never runs past its deadline however many waits
// it nests. A Region is a small value: copy it freely.
type Region struct {
	page   *rod.Page
	ctx    context.Context
	action time.Duration // a shorter deadline for each action inside ctx's; 0: none
	root   *rod.Element  // nil: the whole document
	label  string        // root as errors show it, e.g. `dialog "Add scopes"`
}

// In returns a region on the whole page whose waits end with ctx (its
// deadline, or its cancellation).
func In(ctx context.Context, page *rod.Page) Region {
	return Region{page: page, ctx: ctx}
}

// Page the region belongs to.
func (r Region) Page() *rod.Page { return r.page }

// Context is the context whose deadline bounds the region's waits.
func (r Region) Context() context.Context { return r.ctx }

// WithActionTimeout returns a copy in which each action also ends after d:
// a shorter deadline inside the step's, never a longer one.
func (r Region) WithActionTimeout(d time.Duration) Region {
	r.action = d
	return r
}

// Within finds q (strictly: one match) and returns a region limited to its
// subtree.
func (r Region) Within(q Query) (Region, error) {
	el, err := r.Find(q)
	if err != nil {
		return r, err
	}
	w := r.WithinElement(el)
	w.label = q.String()
	return w, nil
}

// WithinElement returns a region limited to el's subtree.
func (r Region) WithinElement(el *rod.Element) Region {
	r.root = el
	r.label = el.String()
	return r
}

// begin starts an action: a context with the action's deadline (the step's,
// or a shorter one) and the page bound to it.
func (r Region) begin() (*rod.Page, context.Context, context.CancelFunc) {
	ctx, cancel := r.ctx, context.CancelFunc(func() {})
	if r.action > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.action)
	}
	return r.page.Context(ctx), ctx, cancel
}

// explainBudget bounds the extra look at the page that explains a failed
// wait ("buttons seen: …"). It runs after the deadline has passed, so it is
// kept short: a step may overrun its deadline by this much at most.
const explainBudget = 150 * time.Millisecond

// explaining returns a copy of the region for that extra look: its own short
// deadline, detached from the expired one.
func (r Region) explaining() (Region, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), explainBudget)
	r.ctx, r.action = ctx, 0
	return r, cancel
}

func (r Region) in() string {
	if r.label == "" {
		return ""
	}
	return " in " + r.label
}

func (r Region) rootObject() *proto.RuntimeRemoteObject {
	if r.root == nil {
		return nil
	}
	return r.root.Object
}

// pollSleeper: the interval between two looks at the page: 16ms, 32ms,
// then every 40ms for the first second (a look costs a few ms of CDP, and
// a slow poll delays every step by up to its interval), then every 250ms.
// What has not come within a second is waiting on the site (a spinner, a
// slow answer) or will not come (a broken step, which waits out its
// deadline): looking 25 times a second then only takes the CPU from the
// pages that are working, and a quarter of a second is the most it adds.
func pollSleeper() utils.Sleeper { return pollSleeperSince(time.Now()) }

// pollSleeperSince is pollSleeper for a wait that began at start.
func pollSleeperSince(start time.Time) utils.Sleeper {
	quick := utils.BackoffSleeper(8*time.Millisecond, 40*time.Millisecond, nil)
	return func(ctx context.Context) error {
		if time.Since(start) < patience {
			return quick(ctx)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		t := time.NewTimer(slowPoll)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// patience is how long a wait polls quickly; slowPoll its interval after.
const (
	patience = time.Second
	slowPoll = 250 * time.Millisecond
)

// poll calls f until it reports done, f fails, or ctx ends.
func poll(ctx context.Context, f func() (done bool, err error)) error {
	return utils.Retry(ctx, pollSleeper(), f)
}

// waited is how long a wait that began at start could last, for errors:
// up to ctx's deadline when it has one (the wait ended there), else until
// now. Rounded so that a 400ms wait reads "400ms", not "399.87ms".
func waited(ctx context.Context, start time.Time) time.Duration {
	end, ok := ctx.Deadline()
	if !ok || end.After(time.Now()) {
		end = time.Now()
	}
	d := end.Sub(start)
	if d < 0 {
		d = 0 // the wait began after the deadline had passed (a step that ran out before it)
	}
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}
