package aria

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// step is one step of a test set.
type step struct {
	num, status string
	tree        *Node
}

// set builds a set in memory, as ReadSet would give it.
func set(flow string, steps ...step) *Set {
	s := &Set{Dir: "mem", Index: Index{Flow: flow}}
	for _, st := range steps {
		s.Steps = append(s.Steps, Entry{Number: st.num, Title: "Title " + st.num, Status: st.status, File: st.num + ".yml"})
		s.Trees = append(s.Trees, st.tree)
	}
	return s
}

// page is a Marketplace page: the side menu, and the page's own nodes.
func page(menu string, kids ...*Node) *Node {
	return root(el("navigation", "", nil, "", btn("Manage"), btn(menu)), el("main", "", nil, "", kids...))
}

func TestCompareClean(t *testing.T) {
	a := set("classic", step{"1", Pass, page("Develop", btn("Sign in"))}, step{"2", Pass, page("Develop")})
	r := Compare(a, a)
	if !r.Clean() || len(r.Steps) != 2 {
		t.Fatalf("Compare(a, a): %+v", r)
	}
	if got := r.Text(); got != "no difference: 2 steps compared\n" {
		t.Errorf("Text: %q", got)
	}
}

// A renamed side-menu item shows on every page: reported once.
func TestCompareDedupesAcrossSteps(t *testing.T) {
	a := set("classic",
		step{"10.3", Pass, page("Develop", btn("Add allow lists"))},
		step{"10.4", Pass, page("Develop", btn("Next"))},
		step{"11.1", Pass, page("Develop")},
		step{"11.2", Pass, page("Develop", btn("Add allow lists"))})
	b := set("classic",
		step{"10.3", Pass, page("Build", btn("Add Whitelist URLs"))},
		step{"10.4", Pass, page("Build", btn("Next"))},
		step{"11.1", Pass, page("Develop")},
		step{"11.2", Pass, page("Build", btn("Add Whitelist URLs"))})
	r := Compare(a, b)
	if r.Clean() {
		t.Fatal("clean")
	}
	s := r.Steps[0]
	if len(s.Changes) != 2 || len(r.Steps[1].Changes) != 0 || len(r.Steps[2].Changes) != 0 || len(r.Steps[3].Changes) != 0 {
		t.Fatalf("changes not deduped:\n%s", r.Text())
	}
	if !reflect.DeepEqual(s.AlsoAt, [][]string{{"10.4", "11.2"}, {"11.2"}}) {
		t.Errorf("AlsoAt %q", s.AlsoAt)
	}
	want := `step 10.3 Title 10.3
  renamed: button "Develop" → button "Build" (in navigation)  (also at 10.4, 11.2)
  renamed: button "Add allow lists" → button "Add Whitelist URLs" (in main)  (also at 11.2)
2 differences in 1 step (4 steps compared)
`
	if got := r.Text(); got != want {
		t.Errorf("Text:\n%s\nwant:\n%s", got, want)
	}
}

// B failed at 10.3 before acting: its screen is the one A's step 10.2
// left, and is compared with it.
func TestCompareFailedBeforeActing(t *testing.T) {
	s102 := page("Develop", btn("Continue"))
	s103 := page("Develop", el("dialog", "Add allow lists", nil, "", el("textbox", "URL", nil, ""), btn("Save")))
	a := set("classic", step{"10.2", Pass, s102}, step{"10.3", Pass, s103}, step{"11", Pass, page("Develop")})
	b := set("classic", step{"10.2", Pass, s102.Clone()}, step{"10.3", Fail, page("Develop", btn("Continue "))})
	r := Compare(a, b)
	got := r.Steps[1]
	if len(got.Changes) != 1 || got.Changes[0].Kind != Renamed || got.Note != "B failed at this step, before acting: compared with the screen A's step 10.2 left (where the step starts)" {
		t.Fatalf("step 10.3: %+v\n%s", got, r.Text())
	}
	// And the other way round: A failed.
	if got := Compare(b, a).Steps[1]; len(got.Changes) != 1 || !strings.HasPrefix(got.Note, "A failed at this step, before acting") {
		t.Errorf("A failed: %+v", got)
	}
}

// B failed at 8.3 after acting (it turned the publish switch off, and the
// switch came back on): compared with A's 8.3, although its screen is
// the one A's 8.2 left.
func TestCompareFailedAfterActing(t *testing.T) {
	on := page("Develop", el("switch", "Publish", []string{"checked"}, ""))
	off := page("Develop", el("switch", "Publish", nil, ""))
	a := set("classic", step{"8.2", Pass, on}, step{"8.3", Pass, off})
	b := set("classic", step{"8.2", Pass, on.Clone()}, step{"8.3", Fail, on.Clone()})
	b.Steps[1].Acted = true
	got := Compare(a, b).Steps[1]
	if len(got.Changes) != 1 || got.Changes[0].Kind != StateChanged || got.Note != "B failed at this step" {
		t.Fatalf("step 8.3: %+v", got)
	}
	b.Steps[1].Acted = false // before acting, the same screen is no change
	if got := Compare(a, b).Steps[1]; len(got.Changes) != 0 {
		t.Errorf("before acting: %+v", got)
	}
}

// Step 12 reloads the app and finds 11.2's Company Name empty: B's 11.2
// is the screen at step 12, held to A's screen before step 12 (what 11.3
// left) or after it, whichever is closer; and B's steps from 12 on are
// not compared, not "only in A".
func TestCompareFailureFoundLater(t *testing.T) {
	info := func(company, email string) *Node {
		return page("Develop", el("textbox", "Company Name", nil, company), el("textbox", "Email", nil, email))
	}
	scopes := page("Develop", el("tab", "Scopes", []string{"selected"}, ""))
	a := set("classic", step{"11.1", Pass, info("", "")}, step{"11.2", Pass, info("CAE", "")},
		step{"11.3", Pass, info("CAE", "qa")}, step{"12", Pass, scopes}, step{"13", Pass, scopes})
	b := set("classic", step{"11.1", Pass, info("", "")}, step{"11.2", Fail, info("", "qa")}, step{"11.3", Pass, info("", "qa")})
	b.Steps[1].At, b.Steps[1].Acted = "12", true
	r := Compare(a, b)
	got := r.Steps[1]
	if len(got.Changes) != 1 || got.Changes[0].Kind != StateChanged || !strings.Contains(got.Changes[0].Old, "Company Name") ||
		got.Note != "B found this step failed at step 12: compared with the screen A's step 11.3 left (where that step starts)" {
		t.Fatalf("step 11.2: %+v\n%s", got, r.Text())
	}
	want := []string{"B stopped at step 12 (failed): steps 12–13 not compared"}
	if len(r.Only) != 0 || !reflect.DeepEqual(r.NotCompared, want) {
		t.Errorf("Only %q, NotCompared %q, want %q", r.Only, r.NotCompared, want)
	}
	// Where the screen after the step is the closer (a read-back by the
	// API after Done: the screen did not change), that one.
	b.Trees[1] = scopes.Clone()
	if got := Compare(a, b).Steps[1]; len(got.Changes) != 0 || !strings.HasSuffix(got.Note, "A's step 12 left") {
		t.Errorf("closer after: %+v", got)
	}
}

func TestCompareStepsAfterAFailureNotCompared(t *testing.T) {
	a := set("classic", step{"10.2", Pass, page("D")}, step{"10.3", Pass, page("D")}, step{"11.1", Pass, page("D")}, step{"LS.6", Pass, page("D")})
	b := set("classic", step{"10.2", Pass, page("D")}, step{"10.3", Fail, page("D")})
	r := Compare(a, b)
	if !r.Clean() || len(r.Only) != 0 {
		t.Errorf("not clean: %+v", r)
	}
	want := []string{"B stopped at step 10.3 (failed): steps 11.1–LS.6 not compared"}
	if !reflect.DeepEqual(r.NotCompared, want) {
		t.Errorf("NotCompared %q, want %q", r.NotCompared, want)
	}
	if got := r.Text(); got != "no difference: 2 steps compared; "+want[0]+"\n" {
		t.Errorf("Text: %q", got)
	}
	// A stopped: B's later steps.
	if r := Compare(b, a); !reflect.DeepEqual(r.NotCompared, []string{"A stopped at step 10.3 (failed): steps 11.1–LS.6 not compared"}) {
		t.Errorf("A stopped: %q", r.NotCompared)
	}
}

func TestCompareStepInOneSetOnly(t *testing.T) {
	a := set("general", step{"1", Pass, page("D")}, step{"2", Pass, page("D")}, step{"3", Pass, page("D")})
	b := set("general", step{"1", Pass, page("D")}, step{"2b", Pass, page("D")}, step{"3", Pass, page("D")})
	r := Compare(a, b)
	if r.Clean() {
		t.Fatal("clean with steps in one set only")
	}
	want := []string{"step 2b only in B", "step 2 only in A"}
	if !reflect.DeepEqual(r.Only, want) {
		t.Errorf("Only %q, want %q", r.Only, want)
	}
	if got := r.Text(); !strings.HasSuffix(got, "step 2 only in A\nno screen difference, 2 steps only in one set (2 steps compared)\n") {
		t.Errorf("Text: %q", got)
	}
}

func TestSetRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "aria")
	tree := page("Develop", el("textbox", "Company", nil, "CAE"))
	ix := Index{Flow: "classic"}
	for _, e := range []Entry{{Number: "1", Title: "Sign in", Status: Pass, File: "1.yml"}, {Number: "10.3", Title: "Add allow lists", Status: Fail, File: "10.3.yml"}} {
		if err := WriteStep(dir, e, tree); err != nil {
			t.Fatal(err)
		}
		ix.Steps = append(ix.Steps, e)
		if err := WriteIndex(dir, ix); err != nil {
			t.Fatal(err)
		}
	}
	s, err := ReadSet(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir != dir || !reflect.DeepEqual(s.Index, ix) || len(s.Trees) != 2 || !reflect.DeepEqual(s.Trees[1], tree) {
		t.Errorf("ReadSet: %+v", s)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".*")); len(tmp) != 0 {
		t.Errorf("temporary files left: %q", tmp)
	}
	if fi, err := os.Stat(filepath.Join(dir, IndexFile)); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("index: %v, %v", fi, err)
	}
}

func TestSetRejects(t *testing.T) {
	dir := t.TempDir()
	for _, ix := range []Index{
		{Steps: []Entry{{Number: "1", Title: "", Status: Pass, File: "1.yml"}, {Number: "1", Title: "", Status: Pass, File: "1b.yml"}}},
		{Steps: []Entry{{Number: "1", Title: "", Status: "skip", File: "1.yml"}}},
		{Steps: []Entry{{Number: "1", Title: "", Status: Pass, File: "../1.yml"}}},
		{Steps: []Entry{{Number: "1", Title: "", Status: Pass, File: IndexFile}}},
		{Steps: []Entry{{Number: "", Title: "", Status: Pass, File: "x.yml"}}},
	} {
		if err := WriteIndex(dir, ix); err == nil {
			t.Errorf("WriteIndex(%+v): no error", ix)
		}
	}
	if err := WriteStep(dir, Entry{Number: "1", File: "a/1.yml"}, root()); err == nil {
		t.Error("WriteStep into a subdirectory: no error")
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), []byte(`{"flow":"x","steps":[{"number":"1","status":"pass","file":"1.yml"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSet(dir); err == nil || !strings.Contains(err.Error(), "step 1") {
		t.Errorf("ReadSet without the step's file: %v", err)
	}
}
