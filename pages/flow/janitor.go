package flow

import (
	"strings"
	"time"

	"lszoom/internal/config"
	"lszoom/pages/zoom"
)

// createdLayouts are the ways Created Apps writes an app's date (the
// stand-in writes "Nov 27, 2026"; the live site's is to be confirmed).
var createdLayouts = []string{"Jan 2, 2006", "January 2, 2006", "01/02/2006", "2006-01-02"}

// Stale says which apps the janitor deletes: those named with prefix that
// are older than olderThan at now. An app's age is known from the run ID
// in its name when the harness generated it (rMMDD-HHMMSS-xxxx, UTC: to the
// second), else from the Created column (a day in the site's time zone: the
// app is taken as made 36 h after that day began in UTC, past its end in
// every time zone, so that it is never deleted early). An app whose age
// is known neither way is left alone, and so is every app without prefix.
func Stale(prefix string, olderThan time.Duration, now time.Time) func(zoom.CreatedApp) bool {
	return func(a zoom.CreatedApp) bool {
		if !strings.HasPrefix(a.Name, prefix+" ") {
			return false
		}
		made, ok := madeAt(a, prefix, now)
		return ok && now.Sub(made) > olderThan
	}
}

// madeAt is when an app was made, as far as its row tells.
func madeAt(a zoom.CreatedApp, prefix string, now time.Time) (time.Time, bool) {
	if id, ok := config.RunIDIn(a.Name, prefix); ok {
		if t, ok := config.RunIDTime(id, now); ok {
			return t, true
		}
	}
	for _, layout := range createdLayouts {
		if d, err := time.ParseInLocation(layout, strings.TrimSpace(a.Created), time.UTC); err == nil {
			return d.Add(36 * time.Hour), true
		}
	}
	return time.Time{}, false
}
