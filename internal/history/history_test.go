package history

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lszoom/internal/report"
)

var t0 = time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)

// night is a night of three steps; fail names the step that failed (the
// ones after it not run), "" for a green night.
func night(day int, fail, screen2 string, took2 time.Duration) Night {
	n := Night{When: t0.Add(time.Duration(day) * 24 * time.Hour), Target: "sandbox", Flow: "general", Green: fail == ""}
	status := "pass"
	for _, num := range []string{"1", "2", "3"} {
		s := Step{Number: num, Title: "Step " + num, Status: status, Duration: time.Second, Screen: "s" + num}
		switch {
		case num == fail:
			s.Status, s.Kind = "fail", "site moved"
			status = "not run"
		case status == "not run":
			s.Duration, s.Screen = 0, ""
		}
		if num == "2" {
			if s.Status == "pass" {
				s.Duration = took2
			}
			if screen2 != "" && s.Screen != "" {
				s.Screen = screen2
			}
		}
		n.Steps = append(n.Steps, s)
	}
	return n
}

func TestVerdicts(t *testing.T) {
	var nights []Night
	steps := []struct {
		fail       string
		alertAfter int
		kind, line string
		alert      bool
	}{
		{"", 2, Green, "green", false},
		{"2", 2, NewFailure, "new failure: step 2 Step 2 (site moved)", false},
		{"3", 2, Failing, "failing for 2 nights: step 3 Step 3 (site moved) (the night before: step 2); alert (from 2 failed nights in a row)", true},
		{"", 2, Recovered, "recovered after 2 failed nights", false},
		{"", 2, Green, "green (2 green nights in a row)", false},
		{"2", 1, NewFailure, "new failure: step 2 Step 2 (site moved); alert (from 1 failed night in a row)", true},
	}
	for i, s := range steps {
		nights = append(nights, night(i, s.fail, "", time.Second))
		v, err := Judge(nights, s.alertAfter)
		if err != nil {
			t.Fatal(err)
		}
		if v.Kind != s.kind || v.Line != s.line || v.Alert != s.alert {
			t.Errorf("night %d: %+v, want %s %q alert=%v", i, v, s.kind, s.line, s.alert)
		}
		if s.kind == Recovered && !v.Recover {
			t.Errorf("night %d: a recovery from an alerted streak is said", i)
		}
	}
	if _, err := Judge(nil, 1); err == nil {
		t.Error("no night judged")
	}
}

func TestAppendLoadAndThePage(t *testing.T) {
	dir := t.TempDir()
	ns := []Night{night(0, "", "", 100*time.Millisecond), night(1, "", "", 300*time.Millisecond),
		night(2, "", "changed", 200*time.Millisecond), night(3, "2", "", 0)}
	for _, n := range ns {
		if err := Append(dir, n); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Load(dir)
	if err != nil || len(got) != 4 || got[3].Green || got[2].Steps[1].Screen != "changed" {
		t.Fatalf("Load: %v, %+v", err, got)
	}
	v, _ := Judge(got, 1)
	view := Build(got, v, t0.Add(5*24*time.Hour))
	if len(view.Steps) != 3 {
		t.Fatalf("steps %+v", view.Steps)
	}
	s2, s3 := view.Steps[1], view.Steps[2]
	if s2.P50 != 200*time.Millisecond || s2.P95 != 300*time.Millisecond {
		t.Errorf("step 2 p50 %v p95 %v", s2.P50, s2.P95)
	}
	if !s2.ScreenSince.Equal(ns[2].When) {
		t.Errorf("step 2's screen changed on night 2, got %v", s2.ScreenSince)
	}
	if s3.Cells[3].Status != "not run" || s2.Cells[3].Status != "fail" || !view.LastGreen.Equal(ns[2].When) {
		t.Errorf("strip: %+v / %+v, last green %v", s2.Cells, s3.Cells, view.LastGreen)
	}
	page, err := Page(view)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="verdict">new failure: step 2 Step 2 (site moved)`, `class="fail" title="2026-12-04 02:00: fail (site moved), 1s"`,
		"Last green night 2026-12-03 02:00 (72h0m0s ago)", "<td>200ms</td><td>300ms</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// A line cut short is skipped and said.
	f, _ := os.OpenFile(filepath.Join(dir, File), os.O_APPEND|os.O_WRONLY, 0)
	_, _ = f.WriteString(`{"when": "2026-`)
	_ = f.Close()
	if got, err := Load(dir); len(got) != 4 || err == nil {
		t.Errorf("a cut line: %d nights, %v", len(got), err)
	}
}

func TestFromReport(t *testing.T) {
	dir := t.TempDir()
	snap := "flows/x/aria/1.yml"
	if err := os.MkdirAll(filepath.Join(dir, "flows/x/aria"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, snap), []byte("- main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := report.Summary{Started: t0, Finished: t0.Add(time.Minute), Green: false, Flows: []*report.Flow{
		{Name: "general", Steps: []report.Step{{Number: "1", Title: "Sign in", Status: report.Pass, Duration: time.Second, Snapshot: snap},
			{Number: "2", Title: "Advanced", Status: report.Fail, Kind: "site moved"}}},
		{Name: "round trip", Steps: []report.Step{{Number: "LS.0", Status: report.NotRun}}},
	}}
	b, _ := json.Marshal(s)
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := FromReport(dir, "sandbox")
	if err != nil {
		t.Fatal(err)
	}
	if n.Flow != "general" || n.Green || n.Duration != time.Minute || len(n.Steps) != 3 ||
		n.Steps[0].Screen == "" || n.Steps[1].Kind != "site moved" || n.Steps[2].Status != string(report.NotRun) {
		t.Errorf("FromReport: %+v", n)
	}
}
