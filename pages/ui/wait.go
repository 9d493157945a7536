package ui

import (
	"context"
	"errors"
	"time"

	"github.com/go-rod/rod"
)

// permanentError ends a wait at once (e.g. an invalid CSS selector, or a
// strict query that matched several elements).
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// permanent reports whether err must end a wait now, and the error to return.
func permanent(err error) (error, bool) {
	var perm permanentError
	if errors.As(err, &perm) {
		return perm.error, true
	}
	return nil, false
}

// pickOne applies q's strictness to the current matches: exactly one, or
// the one asked for. ok=false: keep waiting (none yet, or not that many).
func (r Region) pickOne(q Query, els []*rod.Element) (*rod.Element, bool, error) {
	switch {
	case q.pick == 0 && len(els) > 1:
		return nil, false, permanentError{r.ambiguous(q, els)}
	case q.pick == 0 && len(els) == 1:
		return els[0], true, nil
	case q.pick > 0 && len(els) >= q.pick:
		return els[q.pick-1], true, nil
	}
	return nil, false, nil
}

func (r Region) ambiguous(q Query, els []*rod.Element) error {
	e := &AmbiguousError{Query: q.String(), In: r.in()}
	for i, el := range els {
		if i == 8 {
			e.Matches = append(e.Matches, "…")
			break
		}
		e.Matches = append(e.Matches, describe(el))
	}
	return e
}

// waitOne waits until q selects one element (see pickOne) and returns it.
func (r Region) waitOne(q Query) (*rod.Element, error) {
	if err := q.valid(); err != nil {
		return nil, err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	start := time.Now()
	var (
		el   *rod.Element
		last error
	)
	err := poll(ctx, func() (bool, error) {
		els, err := r.match(p, q)
		if perm, ok := permanent(err); ok {
			return true, perm
		}
		last = err
		one, ok, err := r.pickOne(q, els)
		if perm, isPerm := permanent(err); isPerm {
			return true, perm
		}
		el = one
		return ok, nil
	})
	if err != nil {
		if ctx.Err() == nil {
			return nil, err
		}
		return nil, r.notFound(ctx, q, start, last)
	}
	return el, nil
}

// waitAny waits until q has at least one match and returns them all.
func (r Region) waitAny(q Query) ([]*rod.Element, error) {
	if err := q.valid(); err != nil {
		return nil, err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	start := time.Now()
	var (
		els  []*rod.Element
		last error
	)
	err := poll(ctx, func() (bool, error) {
		var err error
		els, err = r.match(p, q)
		if perm, ok := permanent(err); ok {
			return true, perm
		}
		last = err
		return len(els) > 0, nil
	})
	if err != nil {
		if ctx.Err() == nil {
			return nil, err
		}
		return nil, r.notFound(ctx, q, start, last)
	}
	return els, nil
}

// notFound explains a wait that ended before q matched.
func (r Region) notFound(ctx context.Context, q Query, start time.Time, last error) error {
	e := &NotFoundError{Query: q.String(), In: r.in(), Waited: waited(ctx, start), Err: ctx.Err()}
	switch q.kind {
	case byRole:
		e.Role, e.Name = q.role, q.name
	case byText:
		e.Name = q.text
	}
	if err := r.page.GetContext().Err(); err != nil {
		e.Seen = "page closed: " + err.Error()
		return e
	}
	e.Seen, e.Candidates = r.seen(q)
	if last != nil && !errors.Is(last, context.DeadlineExceeded) && !errors.Is(last, context.Canceled) {
		e.Seen += "; last error: " + last.Error()
	}
	return e
}

// WaitGone waits until q has no match.
func (r Region) WaitGone(q Query) error {
	if err := q.valid(); err != nil {
		return err
	}
	p, ctx, cancel := r.begin()
	defer cancel()
	start := time.Now()
	n := 0
	var last error
	err := poll(ctx, func() (bool, error) {
		els, err := r.match(p, q)
		if perm, ok := permanent(err); ok {
			return true, perm
		}
		if err != nil {
			last = err
			return false, nil // e.g. the deadline hit mid-query: keep the last count
		}
		n = len(els)
		return n == 0, nil
	})
	if err != nil {
		if ctx.Err() == nil {
			return err
		}
		if errors.Is(last, context.DeadlineExceeded) || errors.Is(last, context.Canceled) {
			last = nil
		}
		return &TimeoutError{What: q.String() + " to go (" + plural2(n, "match", "matches") + ")", In: r.in(),
			Waited: waited(ctx, start), Last: last, Err: ctx.Err()}
	}
	return nil
}

// WaitUntil polls cond until it returns true. An error from cond does not end
// the wait (pages change under our feet); the last one is reported if the
// wait times out. The timeout error names what.
func (r Region) WaitUntil(what string, cond func() (bool, error)) error {
	_, ctx, cancel := r.begin()
	defer cancel()
	start := time.Now()
	var last error
	err := poll(ctx, func() (bool, error) {
		ok, err := cond()
		if perm, isPerm := permanent(err); isPerm {
			return true, perm
		}
		last = err
		return err == nil && ok, nil
	})
	if err != nil {
		if ctx.Err() == nil {
			return err
		}
		return &TimeoutError{What: what, In: r.in(), Waited: waited(ctx, start), Last: last, Err: ctx.Err()}
	}
	return nil
}

// Stop wraps err so that it ends a WaitUntil or Ensure at once instead of
// being retried: for a page that said something final (an error message).
func Stop(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// Ensure does an idempotent action (expand a group, open a menu, select a
// tab) until its effect shows: a page still starting may ignore the first
// try, and a person would simply try again. After each try it waits up to
// patience for done; the whole stays within the region's deadline. Never use
// it for an action that creates or saves.
func (r Region) Ensure(what string, patience time.Duration, act func() error, done func() (bool, error)) error {
	_, ctx, cancel := r.begin()
	defer cancel()
	start := time.Now()
	var last error
	for try := 1; ; try++ {
		if ok, err := done(); err == nil && ok {
			return nil
		} else if perm, isPerm := permanent(err); isPerm {
			return perm
		}
		if err := act(); err != nil {
			if ctx.Err() != nil {
				return &TimeoutError{What: what, In: r.in(), Waited: waited(ctx, start), Last: err, Err: ctx.Err()}
			}
			return err
		}
		tryCtx, cancelTry := context.WithTimeout(ctx, patience)
		err := poll(tryCtx, func() (bool, error) {
			ok, err := done()
			if perm, isPerm := permanent(err); isPerm {
				return true, perm
			}
			last = err
			return err == nil && ok, nil
		})
		cancelTry()
		if err == nil {
			return nil
		}
		if tryCtx.Err() == nil {
			return err // permanent
		}
		if ctx.Err() != nil {
			if last == nil {
				last = errors.New(plural2(try, "try", "tries") + " had no effect")
			}
			return &TimeoutError{What: what, In: r.in(), Waited: waited(ctx, start), Last: last, Err: ctx.Err()}
		}
	}
}
