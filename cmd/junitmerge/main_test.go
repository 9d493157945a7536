package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two shards as gotestsum writes them, and one as a lone <testsuite>.
const (
	shard1 = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="2" failures="1" errors="0" time="12.500">
	<testsuite tests="2" failures="1" time="12.500" name="lszoom/e2e" timestamp="2026-11-27T10:00:05Z">
		<properties><property name="go.version" value="go1.25"></property></properties>
		<testcase classname="lszoom/e2e" name="TestSetupOAuthApp/classic" time="4.100"></testcase>
		<testcase classname="lszoom/e2e" name="TestConsentRoundTrip/decline" time="2.000"><failure message="Failed" type="">guide step LS.5 failed &amp; more</failure></testcase>
	</testsuite>
</testsuites>`
	shard2 = `<testsuites><testsuite tests="2" failures="0" time="8.250" name="lszoom/e2e" timestamp="2026-11-27T10:00:01Z">
		<testcase classname="lszoom/e2e" name="TestSlowSaveIsWaitedThrough" time="7.000"></testcase>
		<testcase classname="lszoom/e2e" name="TestSignInLandsOnARegionalHost" time="0.000"><skipped message="needs sim"></skipped></testcase>
	</testsuite>
	<testsuite tests="1" name="lszoom/cmd/shard" time="0.500"><testcase classname="lszoom/cmd/shard" name="TestBadShard" time="0.010"></testcase></testsuite>
</testsuites>`
	lone = `<testsuite name="lszoom/e2e" tests="1" errors="1" time="1"><testcase classname="lszoom/e2e" name="TestRemoteBrowsers" time="1"><error message="panic"></error></testcase></testsuite>`
)

func write(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMergeShards(t *testing.T) {
	var out bytes.Buffer
	if err := mergeFiles([]string{write(t, "1.xml", shard1), write(t, "2.xml", shard2), write(t, "3.xml", lone)}, &out); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Tests, Failures, Errors, Skipped int
		Time                             string `xml:"time,attr"`
		Suites                           []struct {
			Name      string `xml:"name,attr"`
			Tests     int    `xml:"tests,attr"`
			Failures  int    `xml:"failures,attr"`
			Errors    int    `xml:"errors,attr"`
			Skipped   int    `xml:"skipped,attr"`
			Time      string `xml:"time,attr"`
			Timestamp string `xml:"timestamp,attr"`
			Cases     []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(got.Suites) != 2 {
		t.Fatalf("want the e2e suites merged into one, plus cmd/shard; got %d suites:\n%s", len(got.Suites), out.String())
	}
	e2e := got.Suites[0]
	if e2e.Name != "lszoom/e2e" || e2e.Tests != 5 || e2e.Failures != 1 || e2e.Errors != 1 || e2e.Skipped != 1 ||
		e2e.Time != "21.750" || e2e.Timestamp != "2026-11-27T10:00:01Z" {
		t.Errorf("merged e2e suite: %+v", e2e)
	}
	var names []string
	for _, c := range e2e.Cases {
		names = append(names, c.Name)
	}
	want := "TestSetupOAuthApp/classic TestConsentRoundTrip/decline TestSlowSaveIsWaitedThrough TestSignInLandsOnARegionalHost TestRemoteBrowsers"
	if strings.Join(names, " ") != want {
		t.Errorf("cases %v, want %s", names, want)
	}
	for _, s := range []string{`<failure message="Failed" type="">guide step LS.5 failed &amp; more</failure>`,
		`<skipped message="needs sim"></skipped>`, `<property name="go.version" value="go1.25">`,
		`tests="6" failures="1" errors="1" skipped="1" time="22.250"`} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("merged file lacks %s:\n%s", s, out.String())
		}
	}
}

func TestOverlappingShardsAreAnError(t *testing.T) {
	err := mergeFiles([]string{write(t, "a.xml", shard1), write(t, "b.xml", shard1)}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"TestSetupOAuthApp/classic" is in`) || !strings.Contains(err.Error(), "overlap") {
		t.Fatalf("got %v, want the overlap named", err)
	}
}

func TestNotJUnit(t *testing.T) {
	err := mergeFiles([]string{write(t, "x.xml", "<html></html>")}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "x.xml: root element <html>") {
		t.Fatalf("got %v", err)
	}
}
