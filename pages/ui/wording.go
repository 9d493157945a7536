package ui

import (
	"context"
	"strings"
)

// SameName says whether two accessible names read the same to a person:
// case and runs of white space aside, they are equal ("Add App Now" is
// "Add app now"; the live site spells some labels both ways). Anything
// else, a letter or a word, is a different name.
func SameName(a, b string) bool {
	return strings.EqualFold(collapse(a), collapse(b))
}

// Wording is told when a role query matched an element whose name differs
// from the query's only in case or white space: label is the harness's,
// found the site's. The step passes; the report says so.
type Wording func(label, found string)

type wordingKey struct{}

// WithWording returns a context whose role queries tell w of a name that
// matched only as a person reads it.
func WithWording(ctx context.Context, w Wording) context.Context {
	return context.WithValue(ctx, wordingKey{}, w)
}

// worded tells the region's wording observer, if any, that q matched an
// element named found.
func (s Region) worded(q Query, found string) {
	if q.name == "" || found == q.name || s.ctx == nil {
		return
	}
	if w, ok := s.ctx.Value(wordingKey{}).(Wording); ok && w != nil {
		w(q.name, found)
	}
}
