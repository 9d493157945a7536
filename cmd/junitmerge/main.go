// Command junitmerge merges the JUnit XML files of a suite split over
// several machines (scripts/shard.sh, E2E_SHARD=i/n) into one:
//
//	go run ./cmd/junitmerge -o junit.xml shard-1.xml shard-2.xml ...
//
// Each input's root may be <testsuites> or a lone <testsuite>. Suites of
// the same name (lszoom/e2e from every shard) become one suite holding all
// their test cases, in file order; the counts (tests, failures, errors,
// skipped) are counted again from the cases, and the times add up (machine
// time, not wall time). A test case found in two files is an error: the
// shards were meant to be disjoint. A case's children (failure, skipped,
// system-out) are kept as they are.
package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
)

type suitesXML struct {
	XMLName  xml.Name   `xml:"testsuites"`
	Name     string     `xml:"name,attr,omitempty"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Skipped  int        `xml:"skipped,attr"`
	Time     string     `xml:"time,attr"`
	Suites   []suiteXML `xml:"testsuite"`
}

type suiteXML struct {
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Time       string     `xml:"time,attr"`
	Timestamp  string     `xml:"timestamp,attr,omitempty"`
	Properties *innerXML  `xml:"properties,omitempty"`
	Cases      []caseXML  `xml:"testcase"`
	SystemOut  *innerXML  `xml:"system-out,omitempty"`
	SystemErr  *innerXML  `xml:"system-err,omitempty"`
	file       string     // where it came from, for errors
	seconds    float64    // Time, summed
	cases      []caseRead // as read, for counting
}

type innerXML struct {
	Inner []byte `xml:",innerxml"`
}

// caseXML is a test case as written: its children verbatim.
type caseXML struct {
	Classname string `xml:"classname,attr"`
	Name      string `xml:"name,attr"`
	Time      string `xml:"time,attr"`
	Inner     []byte `xml:",innerxml"`
}

// caseRead is a test case as read: its children verbatim, and which of
// the outcomes it holds.
type caseRead struct {
	caseXML
	Failure *struct{} `xml:"failure"`
	Error   *struct{} `xml:"error"`
	Skip    *struct{} `xml:"skipped"`
}

type suiteRead struct {
	suiteXML
	Cases []caseRead `xml:"testcase"`
}

func main() {
	out := flag.String("o", "-", "the merged file (- for standard output)")
	flag.Usage = func() {
		_, _ = fmt.Fprintln(flag.CommandLine.Output(), "usage: junitmerge [-o merged.xml] shard.xml...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var buf bytes.Buffer
	if err := mergeFiles(flag.Args(), &buf); err != nil {
		fmt.Fprintln(os.Stderr, "junitmerge:", err)
		os.Exit(1)
	}
	if *out == "-" {
		_, _ = os.Stdout.Write(buf.Bytes())
		return
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "junitmerge:", err)
		os.Exit(1)
	}
}

func mergeFiles(paths []string, w io.Writer) error {
	var all []suiteXML
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		suites, err := parse(b)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for i := range suites {
			suites[i].file = p
		}
		all = append(all, suites...)
	}
	merged, err := merge(all)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "\t")
	if err := enc.Encode(merged); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// parse reads a JUnit document: <testsuites> or one <testsuite>.
func parse(b []byte) ([]suiteXML, error) {
	var root struct {
		XMLName xml.Name
		Suites  []suiteRead `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("not JUnit XML: %w", err)
	}
	var reads []suiteRead
	switch root.XMLName.Local {
	case "testsuites":
		reads = root.Suites
	case "testsuite":
		var s suiteRead
		if err := xml.Unmarshal(b, &s); err != nil {
			return nil, err
		}
		reads = []suiteRead{s}
	default:
		return nil, fmt.Errorf("root element <%s>, want <testsuites> or <testsuite>", root.XMLName.Local)
	}
	out := make([]suiteXML, 0, len(reads))
	for _, r := range reads {
		s := r.suiteXML
		s.cases = r.Cases
		if r.Time != "" {
			t, err := strconv.ParseFloat(r.Time, 64)
			if err != nil {
				return nil, fmt.Errorf("suite %q: time=%q: %w", r.Name, r.Time, err)
			}
			s.seconds = t
		}
		out = append(out, s)
	}
	return out, nil
}

// merge joins suites of the same name, counts again, and refuses a test
// case that two files hold.
func merge(suites []suiteXML) (suitesXML, error) {
	var res suitesXML
	index := map[string]int{}
	from := map[[3]string]string{} // suite, classname, name -> file
	var total float64
	var errs []error
	for _, s := range suites {
		i, ok := index[s.Name]
		if !ok {
			i = len(res.Suites)
			index[s.Name] = i
			m := s
			m.Cases, m.cases, m.seconds = nil, nil, 0
			m.Tests, m.Failures, m.Errors, m.Skipped = 0, 0, 0, 0
			res.Suites = append(res.Suites, m)
		}
		m := &res.Suites[i]
		for _, c := range s.cases {
			key := [3]string{s.Name, c.Classname, c.Name}
			if f, dup := from[key]; dup && f != s.file {
				errs = append(errs, fmt.Errorf("test %s %q is in %s and %s: the shards overlap", c.Classname, c.Name, f, s.file))
			}
			from[key] = s.file
			m.Cases = append(m.Cases, c.caseXML)
			m.Tests++
			switch {
			case c.Failure != nil:
				m.Failures++
			case c.Error != nil:
				m.Errors++
			case c.Skip != nil:
				m.Skipped++
			}
		}
		m.seconds += s.seconds
		total += s.seconds
		if s.Timestamp != "" && (m.Timestamp == "" || s.Timestamp < m.Timestamp) {
			m.Timestamp = s.Timestamp // the earliest start
		}
	}
	for i := range res.Suites {
		s := &res.Suites[i]
		s.Time = strconv.FormatFloat(s.seconds, 'f', 3, 64)
		res.Tests += s.Tests
		res.Failures += s.Failures
		res.Errors += s.Errors
		res.Skipped += s.Skipped
	}
	res.Time = strconv.FormatFloat(total, 'f', 3, 64)
	return res, errors.Join(errs...)
}
