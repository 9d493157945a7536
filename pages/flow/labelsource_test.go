package flow

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"lszoom/internal/guide"
	"lszoom/pages/ui"
	"lszoom/pages/zoom"
)

// A scope box the pop-up no longer shows is a label of the guide's scope
// table: found at its line; the OAuth card and the General app kind at
// theirs.
func TestLabelAtNamesTheGuidesScopeLine(t *testing.T) {
	src, err := os.ReadFile("../../internal/guide/app.go")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, `"Delete a recording file"`) {
			line = i + 1
		}
	}
	if got := ui.LabelAt("Delete a recording file"); len(got) != 1 || got[0] != "internal/guide/app.go:"+strconv.Itoa(line) {
		t.Errorf("LabelAt(Delete a recording file) = %q, want internal/guide/app.go:%d", got, line)
	}
	if got := ui.LabelAt(zoom.AppTypeOAuth); len(got) != 1 || !strings.HasPrefix(got[0], "pages/zoom/apptype.go:") {
		t.Errorf("LabelAt(OAuth) = %q", got)
	}
	if got := ui.LabelAt(zoom.GeneralAppKind); len(got) != 1 || !strings.HasPrefix(got[0], "pages/zoom/general.go:") {
		t.Errorf("LabelAt(General app) = %q", got)
	}
}

// A box missing from a category is a NotFoundError with the nearest box,
// under the guide step that wanted it.
func TestAbsentBoxIsNotFound(t *testing.T) {
	f := guide.Fail(guide.RecordingScopes, "a box", "boxes")
	f.Err = ui.Absent("checkbox", "View and manage your recordings", `tabpanel "Recording"`,
		[]string{"View your recordings", "View and manage recordings"})
	var nf *ui.NotFoundError
	if !errors.As(error(f), &nf) || nf.Name != "View and manage your recordings" {
		t.Fatalf("not a NotFoundError: %v", f)
	}
	want := `ui: no checkbox "View and manage your recordings" in tabpanel "Recording" (checkboxes seen: "View your recordings", "View and manage recordings"); did you mean checkbox "View and manage recordings" or checkbox "View your recordings"?`
	if nf.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", nf.Error(), want)
	}
}
