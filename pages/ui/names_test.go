package ui_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"lszoom/pages/ui"
)

func init() {
	// A document with nothing in it for a while, as one arriving by a
	// navigation is.
	pages["/empty-then-page"] = `<script>setTimeout(() => { document.body.innerHTML = "<main><h1>System</h1></main>" }, 400)</script>`
	pages["/person-names"] = `<h1>Zoom App Marketplace</h1>
		<button>Add App   Now</button><button>Add allow lists</button>
		<a href="#s">Settings</a> <button>Paramètres avancés</button>
		<nav aria-label="Side menu"><a href="#m">Meetings</a> <a href="#r">Recordings</a></nav>
		<img alt="Company LOGO" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="4" height="4">
		<label><input type="checkbox" checked> View your meetings</label>
		<label>Company Name <input value="CAE  Healthcare"></label>
		<label>Redirect URL for OAuth <input></label> <label>OAuth Allow Lists <input></label>
		<div role="tablist"><div role="tab" aria-selected="true">Scopes</div></div>
		<p>7 <b>scopes</b> added</p>`
}

// Names are compared as a person reads them: case and runs of white space
// aside, exactly; a match that differs so is told, with the site's name.
func TestNamesAsAPersonReadsThem(t *testing.T) {
	r := open(t, "/person-names", 3*time.Second)
	var told []string
	ctx := ui.WithWording(t.Context(), func(label, found string) { told = append(told, label+"|"+found) })
	step := ui.In(ctx, r.Page()).WithActionTimeout(time.Second)

	for _, q := range []ui.Query{
		ui.Role("button", "Add app now"),   // the page's fast path
		ui.Role("image", "company   logo"), // Chromium's full query: no fast path for images
		ui.Role("button", "Add allow lists"),
	} {
		if _, err := step.Find(q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	if want := []string{"Add app now|Add App Now", "company   logo|Company LOGO"}; !slices.Equal(told, want) {
		t.Errorf("wording told %q, want %q (an exact match is not told)", told, want)
	}
	for _, q := range []ui.Query{ui.Role("button", "Add app"), ui.Role("button", "Add allow list")} {
		if _, err := step.Find(q); err == nil {
			t.Errorf("%s matched: only case and white space may differ", q)
		}
	}
	if !ui.SameName("Add  App\tNow ", "add app now") || ui.SameName("Add allow lists", "Add allow-lists") {
		t.Error("SameName")
	}
}

// A role query that finds nothing names the nearest candidates: the same
// role with a similar name in the region, the same name in another role.
func TestNotFoundNamesTheNearestCandidates(t *testing.T) {
	r := open(t, "/person-names", 3*time.Second)
	nav, err := r.Within(ui.Role("navigation", "Side menu"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   ui.Region
		q    ui.Query
		want []string
	}{
		{nav, ui.Role("link", "Meeting"), []string{`link "Meetings"`}},
		{r, ui.Role("button", "Settings"), []string{`link "Settings"`}},
		{r, ui.Role("button", "Add Whitelist URLs"), []string{`button "Add allow lists"`}},
		// Words in another order are nearer than letters in the same.
		{r, ui.Role("textbox", "OAuth Redirect URL"), []string{`textbox "Redirect URL for OAuth"`}},
		// A word in the plural is the same word (French and English).
		{r, ui.Role("button", "Avancé"), []string{`button "Paramètres avancés"`}},
	}
	for _, c := range cases {
		_, err = c.in.WithActionTimeout(300 * time.Millisecond).Find(c.q)
		var nf *ui.NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("%s: %v, want a NotFoundError", c.q, err)
		}
		if !slices.Equal(nf.Candidates, c.want) {
			t.Errorf("%s: candidates %q, want %q", c.q, nf.Candidates, c.want)
		}
		if !strings.Contains(err.Error(), "did you mean "+c.want[0]+"?") {
			t.Errorf("%s: the message does not ask: %v", c.q, err)
		}
	}
}

// A snapshot is Playwright's ARIA YAML of the page: roles, names, states,
// a field's value, text runs joined.
func TestSnapshotIsPlaywrightsAriaYAML(t *testing.T) {
	r := open(t, "/person-names", 3*time.Second)
	tree, err := ui.Snapshot(t.Context(), r.Page())
	if err != nil {
		t.Fatal(err)
	}
	y := tree.YAML()
	for _, line := range []string{
		`- heading "Zoom App Marketplace" [level=1]`,
		`- button "Add App Now"`,
		`- navigation "Side menu":` + "\n  - link \"Meetings\"\n  - link \"Recordings\"",
		`- checkbox "View your meetings" [checked]`,
		`- textbox "Company Name": CAE Healthcare`,
		`- tab "Scopes" [selected]`,
		`- paragraph: 7 scopes added`,
	} {
		if !strings.Contains(y, line+"\n") {
			t.Errorf("snapshot lacks %q:\n%s", line, y)
		}
	}
}

// A document still empty (a navigation under way) is waited for: the
// snapshot is the page that comes.
func TestSnapshotWaitsForAnEmptyDocument(t *testing.T) {
	r := open(t, "/empty-then-page", 3*time.Second)
	tree, err := ui.Snapshot(t.Context(), r.Page())
	if err != nil {
		t.Fatal(err)
	}
	if y := tree.YAML(); !strings.Contains(y, `- heading "System" [level=1]`) {
		t.Errorf("snapshot taken before the page came:\n%s", y)
	}
}
