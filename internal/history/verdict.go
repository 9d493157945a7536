package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Verdict is a night read against the nights before it, as the monitoring
// tools say it: green, a new failure, failing for K nights, recovered.
type Verdict struct {
	Kind    string // Green, NewFailure, Failing, Recovered
	Nights  int    // failed nights in a row, this one included (Failing, NewFailure); those it recovered from (Recovered)
	Line    string // the verdict for a person, one line
	Alert   bool   // a failed night from the alertAfter-th in a row on: the workflow's alert step fires
	Recover bool   // a green night after a streak that alerted: said once
}

// Kinds of verdict.
const (
	Green      = "green"
	NewFailure = "new failure"
	Failing    = "failing"
	Recovered  = "recovered"
)

// Judge is the last night's verdict; alertAfter is NIGHTLY_ALERT_AFTER
// (below 1 reads as 1). No night is an error.
func Judge(nights []Night, alertAfter int) (Verdict, error) {
	if len(nights) == 0 {
		return Verdict{}, fmt.Errorf("history: no night to judge")
	}
	alertAfter = max(alertAfter, 1)
	last := nights[len(nights)-1]
	streak := func(end int) int { // failed nights in a row ending at end
		k := 0
		for i := end; i >= 0 && !nights[i].Green; i-- {
			k++
		}
		return k
	}
	if last.Green {
		before := streak(len(nights) - 2)
		if before == 0 {
			return Verdict{Kind: Green, Line: "green" + sinceNote(nights)}, nil
		}
		return Verdict{Kind: Recovered, Nights: before, Recover: before >= alertAfter,
			Line: fmt.Sprintf("recovered after %s", plural(before, "failed night"))}, nil
	}
	k := streak(len(nights) - 1)
	v := Verdict{Kind: Failing, Nights: k, Alert: k >= alertAfter}
	what := "the run failed"
	if s := last.failedStep(); s != nil {
		what = fmt.Sprintf("step %s %s", s.Number, s.Title)
		if s.Kind != "" {
			what += " (" + s.Kind + ")"
		}
	}
	if k == 1 {
		v.Kind, v.Line = NewFailure, "new failure: "+what
	} else {
		v.Line = fmt.Sprintf("failing for %s: %s", plural(k, "night"), what)
		if prev := nights[len(nights)-2].failedStep(); prev != nil && last.failedStep() != nil && prev.Number != last.failedStep().Number {
			v.Line += fmt.Sprintf(" (the night before: step %s)", prev.Number)
		}
	}
	if v.Alert {
		v.Line += fmt.Sprintf("; alert (from %s in a row)", plural(alertAfter, "failed night"))
	}
	return v, nil
}

// sinceNote says how many green nights in a row, when more than one.
func sinceNote(nights []Night) string {
	k := 0
	for i := len(nights) - 1; i >= 0 && nights[i].Green; i-- {
		k++
	}
	if k < 2 {
		return ""
	}
	return fmt.Sprintf(" (%d green nights in a row)", k)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(noun, "s"))
}

// Keep adds the run whose report is in reportDir to the history in dir,
// writes the history's page into both, and returns the night's verdict and
// the number of nights: what make nightly (cmd/history) and cmd/walk
// -history do. An unreadable line of the history is said in warn and
// skipped.
func Keep(dir, reportDir, target string, alertAfter int, now time.Time, warn func(error)) (Verdict, int, error) {
	n, err := FromReport(reportDir, target)
	if err != nil {
		return Verdict{}, 0, err
	}
	if err := Append(dir, n); err != nil {
		return Verdict{}, 0, err
	}
	nights, err := Load(dir)
	if err != nil {
		warn(err)
	}
	v, err := Judge(nights, alertAfter)
	if err != nil {
		return Verdict{}, 0, err
	}
	page, err := Page(Build(nights, v, now))
	if err != nil {
		return Verdict{}, 0, err
	}
	for _, p := range []string{filepath.Join(dir, "history.html"), filepath.Join(reportDir, "history.html")} {
		if err := os.WriteFile(p, page, 0o644); err != nil {
			return Verdict{}, 0, fmt.Errorf("history: %w", err)
		}
	}
	return v, len(nights), nil
}
