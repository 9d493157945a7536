package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// e2eTests are the top-level tests of ./e2e, read from its source.
func e2eTests(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../e2e/*_test.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no e2e test files: %v", err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && testName.MatchString(fd.Name.Name) &&
				strings.HasPrefix(fd.Name.Name, "Test") && fd.Name.Name != "TestMain" {
				names = append(names, fd.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// For n = 1..6, the shards 1/n..n/n of the e2e suite's tests are disjoint
// and together hold every test; and each pattern matches exactly its tests.
func TestShardsAreDisjointAndCoverTheSuite(t *testing.T) {
	names := e2eTests(t)
	if len(names) < 5 {
		t.Fatalf("found only %v: the test would prove little", names)
	}
	list := strings.Join(append(append([]string{}, names...), "ok  \tlszoom/e2e\t0.012s"), "\n")
	for n := 1; n <= 6; n++ {
		owner := map[string]int{}
		for i := 1; i <= n; i++ {
			var out bytes.Buffer
			shard := strings.Join([]string{itoa(i), itoa(n)}, "/")
			if err := run(shard, strings.NewReader(list), &out); err != nil {
				t.Fatal(err)
			}
			if out.Len() == 0 {
				continue // an empty shard runs nothing
			}
			re := regexp.MustCompile(strings.TrimSpace(out.String()))
			for _, name := range names {
				if !re.MatchString(name) {
					continue
				}
				if prev, ok := owner[name]; ok {
					t.Errorf("%s in shards %d/%d and %d/%d", name, prev, n, i, n)
				}
				owner[name] = i
			}
		}
		for _, name := range names {
			if _, ok := owner[name]; !ok {
				t.Errorf("%s in no shard of %d", name, n)
			}
		}
	}
}

// A test keeps its shard when others are added.
func TestShardIsStableAsTestsAreAdded(t *testing.T) {
	names := e2eTests(t)
	var before, after bytes.Buffer
	if err := run("2/3", strings.NewReader(strings.Join(names, "\n")), &before); err != nil {
		t.Fatal(err)
	}
	more := append([]string{"TestANewOne", "TestZZZ"}, names...)
	if err := run("2/3", strings.NewReader(strings.Join(more, "\n")), &after); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(strings.TrimSpace(after.String()))
	for _, name := range names {
		was := strings.Contains(before.String(), "|"+name+"|") || strings.Contains(before.String(), "("+name+"|") ||
			strings.Contains(before.String(), "|"+name+")") || strings.Contains(before.String(), "("+name+")")
		if was != re.MatchString(name) {
			t.Errorf("%s moved when tests were added", name)
		}
	}
}

func TestBadShard(t *testing.T) {
	for _, s := range []string{"0/2", "3/2", "x", "1/0"} {
		err := run(s, strings.NewReader("TestA\n"), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "E2E_SHARD=") {
			t.Errorf("E2E_SHARD=%s: got %v, want an error naming E2E_SHARD", s, err)
		}
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
