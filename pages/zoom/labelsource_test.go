package zoom

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"lszoom/pages/ui"
)

// A label is found where its screen's table defines it, file and line; a
// text that is no label (a message, an app's name) is not.
func TestLabelAtNamesTheTableLine(t *testing.T) {
	src, err := os.ReadFile("credentials.go")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, `addAllowLists: "Add allow lists"`) {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatal("credentials.go has no addAllowLists label")
	}
	if got, want := ui.LabelAt("Add allow lists"), []string{fmt.Sprintf("pages/zoom/credentials.go:%d", line)}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("LabelAt = %q, want %q", got, want)
	}
	if got := ui.LabelAt("Add Scopes"); len(got) != 2 {
		t.Errorf("LabelAt(Add Scopes) = %q, want both screens' tables (scopes.go, general.go)", got)
	}
	for _, notLabel := range []string{"CAE LearningSpace e2e", "no such label"} {
		if got := ui.LabelAt(notLabel); len(got) > 0 {
			t.Errorf("LabelAt(%q) = %q, want none", notLabel, got)
		}
	}
}
