package harness

import (
	"context"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"

	"lszoom/internal/aria"
	"lszoom/internal/guide"
	"lszoom/pages/ui"
)

// Every step leaves an accessibility snapshot of the tab it worked in, in
// Playwright's ARIA snapshot YAML, beside the report (<flow>/aria/): a green
// step's is the screen it left, a failed step's the screen at the failure.
// What a run generates reads as a placeholder, so that two runs of an
// unchanged site write the same files and cmd/fidelity can hold one run to
// another, or to the reference of the live site.

// snapshots are a record's step snapshots and their index.
type snapshots struct {
	dir string
	mu  sync.Mutex
	ix  aria.Index
}

// snapBudget bounds a snapshot: a page that hangs must not hold the walk.
const snapBudget = 3 * time.Second

// snapshot writes step s's snapshot of the tab acted on last, with the
// status it ended with, and returns its path ("" when it could not be
// taken: said in the world's log, never a step's failure). A failed
// step's entry says where the walk met the failure (in: the step in
// progress) and whether that step had acted: cmd/fidelity compares the
// screen with the other run's screen there.
func (r *Record) snapshot(s guide.Step, status string, in string) string {
	if r.snaps == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(r.w.ctx, snapBudget)
	defer cancel()
	tree, err := ui.Snapshot(ctx, r.tab())
	if err != nil {
		r.w.o.Log("step %s: no snapshot: %v", s.Number, err)
		return ""
	}
	tree.Map(r.w.placeholders())
	e := aria.Entry{Number: s.Number, Title: s.Title, Status: status, File: s.Number + ".yml"}
	if status == aria.Fail {
		if in != s.Number {
			e.At = in
		}
		r.mu.Lock()
		e.Acted = r.acted
		r.mu.Unlock()
	}
	sn := r.snaps
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if err := aria.WriteStep(sn.dir, e, tree); err != nil {
		r.w.o.Log("step %s: no snapshot: %v", s.Number, err)
		return ""
	}
	if i := slices.IndexFunc(sn.ix.Steps, func(x aria.Entry) bool { return x.Number == e.Number }); i >= 0 {
		sn.ix.Steps[i] = e // a step walked again (after a new sign-in)
	} else {
		sn.ix.Steps = append(sn.ix.Steps, e)
	}
	sn.ix.Flow = r.rec.Snapshot().Name
	if err := aria.WriteIndex(sn.dir, sn.ix); err != nil {
		r.w.o.Log("snapshots: %v", err)
	}
	return filepath.Join(sn.dir, e.File)
}

// tab is the tab the step worked in: a tab the step opened (the App
// Marketplace of step 3, the consent page), the newest; else the one acted
// on last; the first tab before any action.
func (r *Record) tab() *rod.Page {
	r.mu.Lock()
	last, before := r.lastTab, r.before
	r.mu.Unlock()
	pages, err := r.w.Sess.Pages()
	if err != nil {
		return r.w.Sess.Page
	}
	for i := len(pages) - 1; i >= 0; i-- {
		if before != nil && !before[pages[i].TargetID] {
			return pages[i]
		}
	}
	for _, p := range pages {
		if p.TargetID == last {
			return p
		}
	}
	return r.w.Sess.Page
}

// Placeholders, by what they stand for. Secrets never reach a snapshot:
// they are masked first, as everywhere.
var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	// Dates and times as the sites print them: 2026-12-07, 12/07/2026,
	// Dec 7, 2026, 23:57(:00).
	dateRe = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}\b|\b\d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?\b`)
	// Generated identifiers: Client IDs, app IDs, tokens, state values: a
	// run of 12 or more letters, digits, - and _ that is no word a person
	// writes (see isGenerated), or 6 digits or more.
	idRe = regexp.MustCompile(`[A-Za-z0-9_-]{12,}|\b\d{6,}\b`)
	// The number Zoom gives a new app's default name: "General app 357".
	appNumberRe = regexp.MustCompile(`\b(app) \d+\b`)
	digitRe     = regexp.MustCompile(`\d`)
	letterRe    = regexp.MustCompile(`[A-Za-z]`)
)

// placeholders is the world's mapping of generated values to
// placeholders.
func (w *World) placeholders() func(string) string {
	type sub struct{ from, to string }
	var subs []sub
	for _, u := range []struct{ url, name string }{{w.Site.MarketplaceURL, "<marketplace>"}, {w.Site.WebURL, "<zoom>"}, {w.LSURL, "<learningspace>"}} {
		if pu, err := url.Parse(u.url); err == nil && pu.Host != "" {
			subs = append(subs, sub{pu.Scheme + "://" + pu.Host, u.name}, sub{pu.Host, u.name})
		}
	}
	var named *regexp.Regexp // an app or a room of this run: its run ID and random suffix
	if w.RunID != "" {
		named = regexp.MustCompile(regexp.QuoteMeta(w.RunID) + `(?: [0-9a-f]{4,})?`)
	}
	if w.Email != "" {
		subs = append(subs, sub{w.Email, "<email>"})
	}
	return func(s string) string {
		s = w.Secrets.Redact(s)
		if named != nil {
			s = named.ReplaceAllString(s, "<run>")
		}
		for _, x := range subs {
			s = strings.ReplaceAll(s, x.from, x.to)
		}
		s = emailRe.ReplaceAllString(s, "<email>")
		s = dateRe.ReplaceAllString(s, "<date>")
		s = appNumberRe.ReplaceAllString(s, "$1 <number>")
		return idRe.ReplaceAllStringFunc(s, func(m string) string {
			if isGenerated(m) {
				return "<id>"
			}
			return m
		})
	}
}

// isGenerated tells a generated identifier from a long word of the
// sites ("LearningSpace", "authorization_code"): it has a digit and a
// letter, or only digits, or is cased as no word is: lower case and two
// capitals or more after its first character. Zoom's base64url Client
// IDs have no digit in about one of 30 (20 characters, 54 of 64
// without), so a digit alone is not enough.
func isGenerated(m string) bool {
	hasDigit, hasLetter := digitRe.MatchString(m), letterRe.MatchString(m)
	if hasDigit {
		return hasLetter || len(m) >= 6
	}
	var lower, innerUpper int
	for i, r := range m {
		switch {
		case r >= 'a' && r <= 'z':
			lower++
		case r >= 'A' && r <= 'Z' && i > 0:
			innerUpper++
		}
	}
	return lower > 0 && innerUpper >= 2
}

// snapshotsOf starts a record's snapshots in its folder.
func snapshotsOf(dir string) *snapshots {
	return &snapshots{dir: filepath.Join(dir, "aria")}
}
