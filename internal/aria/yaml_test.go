package aria

import (
	"reflect"
	"strings"
	"testing"
)

// el, txt and root build snapshots in tests.
func el(role, name string, attrs []string, value string, kids ...*Node) *Node {
	return &Node{Role: role, Name: name, Attrs: attrs, Value: value, Children: kids}
}

func txt(s string) *Node { return &Node{Role: "text", Value: s} }

func root(kids ...*Node) *Node { return &Node{Children: kids} }

// The shapes of the brief, as Playwright prints them.
func TestYAMLShapes(t *testing.T) {
	tree := root(
		el("banner", "", nil, "", el("heading", "Created Apps", []string{"level=1"}, "")),
		el("button", "Add Scopes", nil, ""),
		el("checkbox", "View your meetings", []string{"checked"}, ""),
		el("tab", "Scopes", []string{"selected"}, ""),
		el("textbox", "Redirect URL for OAuth", nil, "https://ls.example/oauth/zoom"),
		el("paragraph", "", nil, "Some text here"),
		txt("7 scopes added"),
		el("list", "Added scopes", nil, "", el("listitem", "", nil, "View your meetings meeting:read")),
		el("checkbox", "Mixed", []string{"checked=mixed", "disabled"}, ""),
		el("button", `Say "hi" <b> & é`, []string{"pressed"}, ""),
	)
	want := `- banner:
  - heading "Created Apps" [level=1]
- button "Add Scopes"
- checkbox "View your meetings" [checked]
- tab "Scopes" [selected]
- textbox "Redirect URL for OAuth": https://ls.example/oauth/zoom
- paragraph: Some text here
- text: 7 scopes added
- list "Added scopes":
  - listitem: View your meetings meeting:read
- checkbox "Mixed" [checked=mixed] [disabled]
- button "Say \"hi\" <b> & é" [pressed]
`
	got := tree.YAML()
	if got != want {
		t.Fatalf("YAML:\n%s\nwant:\n%s", got, want)
	}
	back, err := Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, tree) {
		t.Errorf("Parse(YAML) = %s, want the tree back", back.YAML())
	}
}

func TestScalars(t *testing.T) {
	for _, tc := range []struct {
		value, line string
	}{
		{"plain words", `- text: plain words`},
		{"meeting:read", `- text: meeting:read`},
		{`say "hi"`, `- text: say "hi"`},
		{"日本語 ✓", `- text: 日本語 ✓`},
		{"v1.2.3", `- text: v1.2.3`},
		{" x", `- text: " x"`},
		{"x ", `- text: "x "`},
		{"a: b", `- text: "a: b"`},
		{"a:", `- text: "a:"`},
		{"#1", `- text: "#1"`},
		{"issue #1", `- text: "issue #1"`},
		{"- item", `- text: "- item"`},
		{"*", `- text: "*"`},
		{"`code`", "- text: \"`code`\""},
		{`"quoted"`, `- text: "\"quoted\""`},
		{"'single'", `- text: "'single'"`},
		{"true", `- text: "true"`},
		{"No", `- text: "No"`},
		{"null", `- text: "null"`},
		{"~", `- text: "~"`},
		{"123", `- text: "123"`},
		{"1.5e3", `- text: "1.5e3"`},
		{"0x1F", `- text: "0x1F"`},
		{"1_000", `- text: "1_000"`},
		{"1e999", `- text: "1e999"`},
		{"Infinity", `- text: Infinity`}, // Go's float, not YAML's
		{"two\nlines", `- text: "two\nlines"`},
		{"tab\there", `- text: "tab\there"`},
		{"a <b> & c", `- text: a <b> & c`},
	} {
		tree := root(txt(tc.value))
		got := tree.YAML()
		if got != tc.line+"\n" {
			t.Errorf("%q: YAML %q, want %q", tc.value, got, tc.line+"\n")
		}
		back, err := Parse(got)
		if err != nil {
			t.Errorf("%q: Parse: %v", tc.value, err)
			continue
		}
		if !reflect.DeepEqual(back, tree) {
			t.Errorf("%q: Parse gave %q back", tc.value, back.Children[0].Value)
		}
	}
}

// Awkward names, values and states read back as they were written.
func TestParseRoundTrip(t *testing.T) {
	for _, tc := range []*Node{
		root(),
		root(el("text", "", nil, "")),
		root(el("button", "", nil, "")),
		root(el("button", "a: b # c", nil, "")),
		root(el("textbox", "Name\n2", []string{"disabled"}, "line1\nline2")),
		root(el("textbox", `\`, nil, `\"`)),
		root(el("heading", "]", []string{"level=2"}, "[x]")),
		root(el("dialog", "D", nil, "", el("list", "", nil, "", el("listitem", "", nil, "1"), el("listitem", "", nil, "  ")))),
		root(el("link", "ü\u2028", nil, "\u00a0nbsp")),
	} {
		y := tc.YAML()
		back, err := Parse(y)
		if err != nil {
			t.Errorf("Parse(%q): %v", y, err)
			continue
		}
		if !reflect.DeepEqual(back, tc) {
			t.Errorf("Parse(%q) = %q", y, back.YAML())
		}
	}
}

func TestEmptyRoot(t *testing.T) {
	if y := (&Node{}).YAML(); y != "" {
		t.Errorf("YAML of an empty root: %q", y)
	}
	n, err := Parse("")
	if err != nil || n == nil || n.Role != "" || len(n.Children) != 0 {
		t.Errorf("Parse(\"\") = %+v, %v", n, err)
	}
}

// A value and children both: the value is kept as a leading text child.
func TestValueAndChildren(t *testing.T) {
	tree := root(el("listitem", "", nil, "v", el("button", "B", nil, "")))
	want := "- listitem:\n  - text: v\n  - button \"B\"\n"
	if got := tree.YAML(); got != want {
		t.Fatalf("YAML %q, want %q", got, want)
	}
	back, err := Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	if li := back.Children[0]; li.Value != "" || len(li.Children) != 2 || li.Children[0].Value != "v" {
		t.Errorf("Parse: %q", back.YAML())
	}
}

// What Playwright writes that YAML does not.
func TestParseLenient(t *testing.T) {
	got, err := Parse("- link \"Docs\":\r\n  - /url: https://x.example\r\n\r\n- text: 'it''s'\n- list:")
	if err != nil {
		t.Fatal(err)
	}
	want := root(el("link", "Docs", nil, "", el("/url", "", nil, "https://x.example")), txt("it's"), el("list", "", nil, ""))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse = %q", got.YAML())
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{" - button", "odd"},
		{"- list:\n    - listitem", "deeper"},
		{"- paragraph: x\n  - text: y", "children under a line with a value"},
		{"button", `not a "- " line`},
		{`- button "open`, "not closed"},
		{`- button "B" extra`, "unexpected"},
		{`- text: "a" b`, "one quoted string"},
		{"- : x", "no role"},
	} {
		_, err := Parse(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "line ") {
			t.Errorf("Parse(%q): %v, want an error about %q", tc.in, err, tc.want)
		}
	}
}

func TestMapAndClone(t *testing.T) {
	orig := root(el("textbox", "Client ID abc123", []string{"disabled"}, "abc123"), el("list", "", nil, "", txt("id abc123")))
	c := orig.Clone()
	c.Map(func(s string) string { return strings.ReplaceAll(s, "abc123", "<id>") })
	want := "- textbox \"Client ID <id>\" [disabled]: <id>\n- list:\n  - text: id <id>\n"
	if got := c.YAML(); got != want {
		t.Errorf("mapped: %q, want %q", got, want)
	}
	if strings.Contains(orig.YAML(), "<id>") {
		t.Errorf("Map on the clone changed the original: %q", orig.YAML())
	}
	c.Children[0].Attrs[0] = "checked"
	if orig.Children[0].Attrs[0] != "disabled" {
		t.Error("the clone shares its states with the original")
	}
}
