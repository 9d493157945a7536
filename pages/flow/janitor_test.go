package flow

import (
	"testing"
	"time"

	"lszoom/pages/zoom"
)

func TestStaleKnowsAgeFromTheRunIDOrTheCreatedDate(t *testing.T) {
	const prefix = "CAE LearningSpace e2e"
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	stale := Stale(prefix, 24*time.Hour, now)
	cases := []struct {
		app  zoom.CreatedApp
		want bool
	}{
		{zoom.CreatedApp{Name: prefix + " r1126-115959-ab12 0001", Created: "Nov 26, 2026"}, true}, // 24 h and a second
		{zoom.CreatedApp{Name: prefix + " r1126-120100-ab12 0002", Created: "Nov 26, 2026"}, false},
		{zoom.CreatedApp{Name: prefix + " nightly-7 0003", Created: "Nov 24, 2026"}, true},  // a chosen ID: the date, taken 36 h after it began
		{zoom.CreatedApp{Name: prefix + " nightly-7 0004", Created: "Nov 26, 2026"}, false}, // could be 12 h old somewhere
		{zoom.CreatedApp{Name: prefix + " nightly-7 0005", Created: "yesterday"}, false},    // age unknown: left alone
		{zoom.CreatedApp{Name: "Customer app r1101-000000-ab12", Created: "Nov 1, 2026"}, false},
		{zoom.CreatedApp{Name: prefix + "X r1101-000000-ab12", Created: "Nov 1, 2026"}, false},
	}
	for _, c := range cases {
		if got := stale(c.app); got != c.want {
			t.Errorf("Stale(%q, created %q) = %v, want %v", c.app.Name, c.app.Created, got, c.want)
		}
	}
}
