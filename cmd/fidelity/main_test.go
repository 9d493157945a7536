package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lszoom/internal/aria"
)

// writeSet writes a set of flow in dir, one step per tree, all passed.
func writeSet(t *testing.T, dir, flow string, trees map[string]*aria.Node, order ...string) string {
	t.Helper()
	ix := aria.Index{Flow: flow}
	for _, num := range order {
		e := aria.Entry{Number: num, Title: "Step " + num, Status: aria.Pass, File: num + ".yml"}
		if err := aria.WriteStep(dir, e, trees[num]); err != nil {
			t.Fatal(err)
		}
		ix.Steps = append(ix.Steps, e)
	}
	if err := aria.WriteIndex(dir, ix); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screens(button string) map[string]*aria.Node {
	btn := func(name string) *aria.Node { return &aria.Node{Role: "button", Name: name} }
	return map[string]*aria.Node{
		"10.2": {Children: []*aria.Node{btn("Continue")}},
		"10.3": {Children: []*aria.Node{{Role: "main", Children: []*aria.Node{btn(button), btn("Save")}}}},
	}
}

func fidelity(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := run(args, &out, &errs)
	return code, out.String(), errs.String()
}

func TestClean(t *testing.T) {
	a := writeSet(t, t.TempDir(), "classic", screens("Add allow lists"), "10.2", "10.3")
	b := writeSet(t, t.TempDir(), "classic", screens("Add allow lists"), "10.2", "10.3")
	if code, out, errs := fidelity(a, b); code != 0 || out != "no difference: 2 steps compared\n" {
		t.Errorf("exit %d, out %q, err %q", code, out, errs)
	}
}

func TestRenameThenUpdate(t *testing.T) {
	a := writeSet(t, t.TempDir(), "classic", screens("Add allow lists"), "10.2", "10.3")
	if err := os.WriteFile(filepath.Join(a, "9.yml"), []byte("- button \"Old\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := writeSet(t, t.TempDir(), "classic", screens("Add Whitelist URLs"), "10.2", "10.3")
	code, out, _ := fidelity(a, b)
	if code != 1 || !strings.Contains(out, "step 10.3 Step 10.3\n") || !strings.Contains(out, `renamed: button "Add allow lists" → button "Add Whitelist URLs" (in main)`) {
		t.Fatalf("exit %d, out:\n%s", code, out)
	}
	if code, out, errs := fidelity("-update", a, b); code != 0 || !strings.Contains(out, "renamed:") || !strings.Contains(out, "updated "+a) {
		t.Fatalf("-update: exit %d, out %q, err %q", code, out, errs)
	}
	if code, out, _ := fidelity(a, b); code != 0 {
		t.Errorf("after -update: exit %d, out:\n%s", code, out)
	}
	for _, name := range []string{aria.IndexFile, "10.2.yml", "10.3.yml"} {
		wa, _ := os.ReadFile(filepath.Join(a, name))
		wb, _ := os.ReadFile(filepath.Join(b, name))
		if len(wa) == 0 || !bytes.Equal(wa, wb) {
			t.Errorf("%s: A's not a copy of B's", name)
		}
	}
	if _, err := os.Stat(filepath.Join(a, "9.yml")); !os.IsNotExist(err) {
		t.Errorf("A's old 9.yml left: %v", err)
	}
}

func TestUpdateMakesANewReference(t *testing.T) {
	a := filepath.Join(t.TempDir(), "live", "classic")
	b := writeSet(t, t.TempDir(), "classic", screens("X"), "10.2", "10.3")
	if code, out, errs := fidelity("-update", a, b); code != 0 || !strings.Contains(out, "step 10.2 only in B") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, errs := fidelity(a, b); code != 0 {
		t.Errorf("after -update: exit %d (%s)", code, errs)
	}
}

// A report's sets are at flows/*/aria/, chosen by flow.
func TestReport(t *testing.T) {
	report := t.TempDir()
	writeSet(t, filepath.Join(report, "flows", "setup", "aria"), "classic", screens("Add allow lists"), "10.2", "10.3")
	a := writeSet(t, t.TempDir(), "classic", screens("Add allow lists"), "10.2", "10.3")
	if code, out, errs := fidelity(a, report); code != 0 {
		t.Errorf("the only set: exit %d, out %q, err %q", code, out, errs)
	}
	writeSet(t, filepath.Join(report, "flows", "consent", "aria"), "round trip", screens("Y"), "10.2")
	if code, _, errs := fidelity(a, report); code != 2 || !strings.Contains(errs, `"classic", "round trip"`) || !strings.Contains(errs, report) {
		t.Errorf("two flows, no -flow: exit %d, err %q", code, errs)
	}
	if code, out, errs := fidelity("-flow", "classic", a, report); code != 0 {
		t.Errorf("-flow classic: exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, errs := fidelity("-flow", "general", a, report); code != 2 || !strings.Contains(errs, `no set of flow "general"`) {
		t.Errorf("-flow general: exit %d, err %q", code, errs)
	}
	writeSet(t, filepath.Join(report, "flows", "again", "aria"), "classic", screens("Z"), "10.2")
	if code, _, errs := fidelity("-flow", "classic", a, report); code != 2 || !strings.Contains(errs, filepath.Join(report, "flows", "again", "aria")) {
		t.Errorf("two sets of one flow: exit %d, err %q", code, errs)
	}
}

func TestBadArguments(t *testing.T) {
	good := writeSet(t, t.TempDir(), "classic", screens("X"), "10.2")
	missing := filepath.Join(t.TempDir(), "nowhere")
	notASet := t.TempDir()
	if err := os.WriteFile(filepath.Join(notASet, "x.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		named string
	}{
		{[]string{missing, good}, missing},
		{[]string{good, missing}, missing},
		{[]string{good, notASet}, notASet},
		{[]string{"-update", notASet, good}, notASet}, // not taken for a new set
		{[]string{"-flow", "general", good, good}, good},
		{[]string{good}, "usage"},
		{[]string{"-nope", good, good}, "-nope"},
	} {
		code, out, errs := fidelity(tc.args...)
		if code != 2 || !strings.Contains(errs, tc.named) || out != "" {
			t.Errorf("%q: exit %d, out %q, err %q; want 2 and %q named", tc.args, code, out, errs, tc.named)
		}
	}
}
