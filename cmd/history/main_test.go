package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lszoom/internal/report"
)

// Three nights, green, failed, green: the verdicts, the JUnit properties,
// the workflow's outputs, and the page.
func TestThreeNights(t *testing.T) {
	hist, rep := t.TempDir(), t.TempDir()
	junit := filepath.Join(rep, "junit.xml")
	out := filepath.Join(t.TempDir(), "github-output")
	env := map[string]string{"GITHUB_OUTPUT": out, "NIGHTLY_ALERT_AFTER": "1"}
	start := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	for i, c := range []struct {
		green bool
		want  string
	}{
		{true, "nightly: green"},
		{false, "nightly: new failure: step 2 Advanced (site moved); alert (from 1 failed night in a row)"},
		{true, "nightly: recovered after 1 failed night"},
	} {
		st := report.Pass
		if !c.green {
			st = report.Fail
		}
		s := report.Summary{Started: start.Add(time.Duration(i) * 24 * time.Hour), Green: c.green, Flows: []*report.Flow{{Name: "general",
			Steps: []report.Step{{Number: "1", Title: "Sign in", Status: report.Pass}, {Number: "2", Title: "Advanced", Status: st, Kind: map[bool]string{false: "site moved"}[c.green]}}}}}
		b, _ := json.Marshal(s)
		if err := os.WriteFile(filepath.Join(rep, "summary.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(junit, []byte(`<testsuites><testsuite name="e2e" tests="2"><properties><property name="go.version" value="go1.26"></property></properties></testsuite></testsuites>`), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-dir", hist, "-report", rep, "-junit", junit}, func(k string) string { return env[k] }, &stdout, &stderr); code != 0 {
			t.Fatalf("night %d: exit %d: %s", i, code, stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		if last := lines[len(lines)-1]; last != c.want {
			t.Errorf("night %d: last line %q, want %q", i, last, c.want)
		}
		var doc struct {
			Suites []struct {
				Props []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value,attr"`
				} `xml:"properties>property"`
			} `xml:"testsuite"`
		}
		b, _ = os.ReadFile(junit)
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("the JUnit file no longer reads: %v\n%s", err, b)
		}
		props := map[string]string{}
		for _, p := range doc.Suites[0].Props {
			props[p.Name] = p.Value
		}
		if props["lszoom.verdict"] != strings.TrimPrefix(c.want, "nightly: ") || props["go.version"] != "go1.26" || props["lszoom.alert"] != map[bool]string{true: "false", false: "true"}[c.green] {
			t.Errorf("night %d: properties %v", i, props)
		}
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "alert=true\n") || !strings.HasSuffix(string(b), "alert=false\nrecovered=true\n") {
		t.Errorf("GITHUB_OUTPUT:\n%s", b)
	}
	page, _ := os.ReadFile(filepath.Join(rep, "history.html"))
	if !strings.Contains(string(page), `id="verdict">recovered after 1 failed night`) || strings.Count(string(page), `<span class="`) != 6 {
		t.Errorf("page:\n%s", page)
	}
	var stderr bytes.Buffer
	if code := run([]string{"-dir", hist, "-report", rep}, func(k string) string { return map[string]string{"NIGHTLY_ALERT_AFTER": "0"}[k] }, &bytes.Buffer{}, &stderr); code != 2 || !strings.Contains(stderr.String(), "NIGHTLY_ALERT_AFTER") {
		t.Errorf("a bad NIGHTLY_ALERT_AFTER: exit %d, %s", code, stderr.String())
	}
}
