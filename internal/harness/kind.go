package harness

import (
	"errors"
	"strings"

	"lszoom/pages/ui"
)

// A failed step is one of two kinds, and says which first (the report, the
// console line, the JUnit message): the site moved (a control the harness
// knows by a label of its page objects is not on the page: Zoom changed
// its screen, and the fix is in the label's one line), or the set-up is
// broken (the site refused, a validation message, a value not kept, the
// app not listed: what the guide promises did not happen). Nothing heals:
// a moved site fails the run as a broken set-up does.

// Kinds of failure.
const (
	SiteMoved   = "site moved"
	SetupBroken = "set-up broken"
)

// Failure is a failed step's error with its kind. For a moved site it
// names the control missing, the nearest candidates the page showed, and
// where the label is defined.
type Failure struct {
	Kind       string
	Err        error
	Missing    string   // `button "Add allow lists"`
	Candidates []string // `button "Add Whitelist URLs"`
	LabelAt    []string // "pages/zoom/credentials.go:20"
}

func (f *Failure) Error() string {
	msg := f.Kind + ": " + f.Err.Error()
	if len(f.LabelAt) > 0 {
		msg += " (label defined at " + strings.Join(f.LabelAt, ", ") + ")"
	}
	return msg
}

func (f *Failure) Unwrap() error { return f.Err }

// classify gives err its kind. A control missing whose name is no label of
// the page objects (the app's own name in a list, a scope of the guide) is
// a broken set-up: the site did not keep or show what the walk made.
func classify(err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	f = &Failure{Kind: SetupBroken, Err: err}
	var nf *ui.NotFoundError
	if errors.As(err, &nf) && nf.Name != "" {
		if at := ui.LabelAt(nf.Name); len(at) > 0 {
			f.Kind, f.Missing, f.Candidates, f.LabelAt = SiteMoved, nf.Query, nf.Candidates, at
		}
	}
	return f
}
