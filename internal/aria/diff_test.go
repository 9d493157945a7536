package aria

import (
	"reflect"
	"strings"
	"testing"
)

func btn(name string) *Node { return el("button", name, nil, "") }

func TestDiff(t *testing.T) {
	creds := func(kids ...*Node) *Node {
		return root(el("main", "", nil, "", el("region", "App Credentials", nil, "", kids...)))
	}
	const inCreds = `main > region "App Credentials"`
	for _, tc := range []struct {
		name string
		a, b *Node
		want []Change
	}{{
		name: "identical trees",
		a:    creds(btn("Save"), txt("7 scopes added")),
		b:    creds(btn("Save"), txt("7 scopes added")),
	}, {
		name: "a button renamed",
		a:    creds(btn("Add allow lists"), btn("Save")),
		b:    creds(btn("Add Whitelist URLs"), btn("Save")),
		want: []Change{{Kind: Renamed, Path: inCreds, Old: `button "Add allow lists"`, New: `button "Add Whitelist URLs"`}},
	}, {
		name: "a text changed",
		a:    root(el("dialog", "Add scopes", nil, "", txt("7 scopes added"), btn("Done"))),
		b:    root(el("dialog", "Add scopes", nil, "", txt("8 scopes added"), btn("Done"))),
		want: []Change{{Kind: Renamed, Path: `dialog "Add scopes"`, Old: "text: 7 scopes added", New: "text: 8 scopes added"}},
	}, {
		name: "a node added, another removed",
		a:    root(btn("A"), el("link", "Help", nil, ""), btn("C")),
		b:    root(btn("A"), btn("C"), el("checkbox", "Agree", nil, "")),
		want: []Change{
			{Kind: Removed, Old: `link "Help"`},
			{Kind: Added, New: `checkbox "Agree"`},
		},
	}, {
		name: "a subtree removed is reported once",
		a:    root(el("main", "", nil, "", el("dialog", "Add scopes", nil, "", el("list", "", nil, "", el("listitem", "", nil, "x"), el("listitem", "", nil, "y")), btn("Done")), btn("Save"))),
		b:    root(el("main", "", nil, "", btn("Save"))),
		want: []Change{{Kind: Removed, Path: "main", Old: `dialog "Add scopes"`}},
	}, {
		name: "two siblings swapped",
		a:    root(btn("Back"), btn("Next")),
		b:    root(btn("Next"), btn("Back")),
		want: []Change{{Kind: Moved, Old: `button "Back"`, New: `button "Back"`}},
	}, {
		name: "a node moved to another parent",
		a:    root(el("region", "Basic", nil, "", btn("Save"), txt("x")), el("region", "Advanced", nil, "", txt("y"))),
		b:    root(el("region", "Basic", nil, "", txt("x")), el("region", "Advanced", nil, "", txt("y"), btn("Save"))),
		want: []Change{{Kind: Moved, Path: `region "Basic"`, To: `region "Advanced"`, Old: `button "Save"`, New: `button "Save"`}},
	}, {
		name: "a moved node's subtree is compared too",
		a:    root(el("region", "R", nil, "", el("group", "G", nil, "", btn("x"))), el("region", "S", nil, "")),
		b:    root(el("region", "R", nil, ""), el("region", "S", nil, "", el("group", "G", nil, "", btn("y")))),
		want: []Change{
			{Kind: Moved, Path: `region "R"`, To: `region "S"`, Old: `group "G"`, New: `group "G"`},
			{Kind: Renamed, Path: `region "R" > group "G"`, Old: `button "x"`, New: `button "y"`},
		},
	}, {
		name: "checked, unchecked",
		a:    root(el("checkbox", "View your meetings", nil, ""), el("checkbox", "Edit", []string{"checked"}, "")),
		b:    root(el("checkbox", "View your meetings", []string{"checked"}, ""), el("checkbox", "Edit", nil, "")),
		want: []Change{
			{Kind: StateChanged, Old: `checkbox "View your meetings"`, New: `checkbox "View your meetings" [checked]`},
			{Kind: StateChanged, Old: `checkbox "Edit" [checked]`, New: `checkbox "Edit"`},
		},
	}, {
		name: "a textbox's value",
		a:    root(el("form", "", nil, "", el("textbox", "Company", nil, "CAE"))),
		b:    root(el("form", "", nil, "", el("textbox", "Company", nil, "CAE Inc."))),
		want: []Change{{Kind: StateChanged, Path: "form", Old: `textbox "Company": CAE`, New: `textbox "Company": CAE Inc.`}},
	}, {
		name: "a rename and an addition in one list",
		a:    creds(btn("Add allow lists"), btn("Save")),
		b:    creds(btn("Add Whitelist URLs"), el("link", "Learn more", nil, ""), btn("Save")),
		want: []Change{
			{Kind: Renamed, Path: inCreds, Old: `button "Add allow lists"`, New: `button "Add Whitelist URLs"`},
			{Kind: Added, Path: inCreds, New: `link "Learn more"`},
		},
	}, {
		name: "the nameless item that went is the one whose text is gone",
		a:    root(el("list", "", nil, "", el("listitem", "", nil, "A"), el("listitem", "", nil, "B"), el("listitem", "", nil, "C"))),
		b:    root(el("list", "", nil, "", el("listitem", "", nil, "B"), el("listitem", "", nil, "C"))),
		want: []Change{{Kind: Removed, Path: "list", Old: "listitem: A"}},
	}, {
		name: "a move wins over a rename in place",
		a:    root(btn("A"), btn("B"), el("separator", "", nil, "")),
		b:    root(btn("C"), el("separator", "", nil, ""), btn("A")),
		want: []Change{
			{Kind: Moved, Old: `button "A"`, New: `button "A"`},
			{Kind: Renamed, Old: `button "B"`, New: `button "C"`},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.a, tc.b)
			if !reflect.DeepEqual(got, tc.want) && (len(got) != 0 || len(tc.want) != 0) {
				t.Errorf("Diff:\n%s\nwant:\n%s", lines4(got), lines4(tc.want))
			}
			if again := Diff(tc.a.Clone(), tc.b.Clone()); !reflect.DeepEqual(again, got) {
				t.Errorf("not deterministic:\n%s\nthen:\n%s", lines4(got), lines4(again))
			}
		})
	}
}

func lines4(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("  " + c.String() + "\n")
	}
	return b.String()
}

func TestChangeString(t *testing.T) {
	for _, tc := range []struct {
		c    Change
		want string
	}{
		{Change{Kind: Renamed, Path: `main > region "App Credentials"`, Old: `button "Add allow lists"`, New: `button "Add Whitelist URLs"`},
			`renamed: button "Add allow lists" → button "Add Whitelist URLs" (in main > region "App Credentials")`},
		{Change{Kind: Added, Path: "main", New: `button "X"`}, `added: button "X" (in main)`},
		{Change{Kind: Removed, Old: `button "X"`}, `removed: button "X" (at the top level)`},
		{Change{Kind: Moved, Path: "main", To: `dialog "D"`, Old: `button "X"`, New: `button "X"`}, `moved: button "X" (from main to dialog "D")`},
		{Change{Kind: Moved, Path: "", To: "main", Old: `button "X"`, New: `button "X" [disabled]`}, `moved: button "X" → button "X" [disabled] (from the top level to main)`},
		{Change{Kind: Moved, Path: "main", To: "main", Old: `button "X"`, New: `button "X"`}, `moved: button "X" (another order among its siblings, in main)`},
		{Change{Kind: StateChanged, Path: "main", Old: `checkbox "X"`, New: `checkbox "X" [checked]`}, `state changed: checkbox "X" → checkbox "X" [checked] (in main)`},
	} {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("String() = %s\nwant       %s", got, tc.want)
		}
	}
}
