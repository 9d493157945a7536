// Command history adds a run to the history of nights and gives its
// verdict: make nightly (scripts/nightly.sh) runs it after the tests.
//
//	history -dir DIR -report REPORT [-target sandbox] [-alert-after N] [-junit FILE]
//
// It appends the run its report (REPORT/summary.json) describes to
// DIR/history.jsonl, writes the history's page (DIR/history.html, and
// REPORT/history.html beside the run's report), writes the verdict into
// the JUnit file's properties (lszoom.verdict, lszoom.alert,
// lszoom.failed_nights), writes verdict=, alert= and recovered= to
// $GITHUB_OUTPUT when set (the workflow's alert step reads them), and
// prints the verdict last: "nightly: new failure: step 2 Advanced (site
// moved)". NIGHTLY_ALERT_AFTER=N (or -alert-after) makes the alert fire
// only from the N-th failed night in a row; a recovery from an alerted
// streak is said once (recovered=true). Its exit status is 0, or 2 when it
// could not do its work: the night's status is the tests'.
package main

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lszoom/internal/history"
)

func main() { os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr)) }

func run(args []string, env func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "the history's directory (kept by CI between nights)")
	rep := fs.String("report", "", "the run's report directory (its summary.json)")
	target := fs.String("target", env("E2E_TARGET"), "the run's target (E2E_TARGET)")
	junit := fs.String("junit", "", "the run's JUnit file, to get the verdict as properties")
	after := fs.Int("alert-after", 1, "alert from the N-th failed night in a row (NIGHTLY_ALERT_AFTER)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if v := env("NIGHTLY_ALERT_AFTER"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			say(stderr, "history: NIGHTLY_ALERT_AFTER=%q: a whole number, 1 or more\n", v)
			return 2
		}
		*after = n
	}
	if *dir == "" || *rep == "" {
		say(stderr, "history: -dir and -report are needed\n")
		return 2
	}
	fail := func(err error) int { say(stderr, "history: %v\n", err); return 2 }
	v, nights, err := history.Keep(*dir, *rep, *target, *after, time.Now(), func(err error) { say(stderr, "history: %v\n", err) })
	if err != nil {
		return fail(err)
	}
	props := map[string]string{"lszoom.verdict": v.Line, "lszoom.alert": strconv.FormatBool(v.Alert),
		"lszoom.failed_nights": strconv.Itoa(failedNights(v))}
	if *junit != "" {
		if err := addProperties(*junit, props); err != nil {
			return fail(err)
		}
	}
	if out := env("GITHUB_OUTPUT"); out != "" {
		f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return fail(err)
		}
		say(f, "verdict=%s\nalert=%t\nrecovered=%t\n", v.Line, v.Alert, v.Recover)
		if err := f.Close(); err != nil {
			return fail(err)
		}
	}
	say(stdout, "nightly: history of %d nights: %s\n", nights, filepath.Join(*dir, "history.html"))
	say(stdout, "nightly: %s\n", v.Line)
	return 0
}

// say writes a line for a person: a failed write has nowhere else to go.
func say(w io.Writer, format string, a ...any) { _, _ = fmt.Fprintf(w, format, a...) }

func failedNights(v history.Verdict) int {
	if v.Kind == history.Failing || v.Kind == history.NewFailure {
		return v.Nights
	}
	return 0
}

var suiteOpen = regexp.MustCompile(`<testsuite\b[^>]*[^/]>`)

// addProperties puts props into each test suite of the JUnit file (in its
// <properties>, made when there is none).
func addProperties(path string, props map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var p strings.Builder
	for _, k := range []string{"lszoom.verdict", "lszoom.alert", "lszoom.failed_nights"} {
		var v strings.Builder
		_ = xml.EscapeText(&v, []byte(props[k])) // quotes too (&#34;): safe in an attribute
		say(&p, "\n\t\t\t<property name=%q value=\"%s\"></property>", k, v.String())
	}
	s := string(b)
	if strings.Contains(s, "<properties>") {
		s = strings.ReplaceAll(s, "<properties>", "<properties>"+p.String())
	} else {
		s = suiteOpen.ReplaceAllStringFunc(s, func(open string) string { return open + "\n\t\t<properties>" + p.String() + "\n\t\t</properties>" })
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
