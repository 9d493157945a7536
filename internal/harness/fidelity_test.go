package harness

import (
	"path/filepath"
	"testing"

	"lszoom/internal/aria"
)

// A walk is held to the reference when one is recorded, and a difference
// shows; with none recorded, it says so rather than passing for held.
func TestHoldToReference(t *testing.T) {
	write := func(dir, button string) {
		t.Helper()
		e := aria.Entry{Number: "10.3", Title: "Add allow lists", Status: aria.Pass, File: "10.3.yml"}
		tree := &aria.Node{Children: []*aria.Node{{Role: "button", Name: button}}}
		if err := aria.WriteStep(dir, e, tree); err != nil {
			t.Fatal(err)
		}
		if err := aria.WriteIndex(dir, aria.Index{Flow: "general", Steps: []aria.Entry{e}}); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	run, same, moved := filepath.Join(root, "run"), filepath.Join(root, "same"), filepath.Join(root, "moved")
	write(run, "Add allow lists")
	write(same, "Add allow lists")
	write(moved, "Add Whitelist URLs")

	if _, recorded, err := HoldToReference(filepath.Join(root, "none"), run); err != nil || recorded {
		t.Errorf("no reference: recorded=%v, %v", recorded, err)
	}
	if res, recorded, err := HoldToReference(same, run); err != nil || !recorded || !res.Clean() {
		t.Errorf("the same screens: recorded=%v clean=%v, %v", recorded, res.Clean(), err)
	}
	res, recorded, err := HoldToReference(moved, run)
	if err != nil || !recorded || res.Clean() || len(res.Steps) != 1 || len(res.Steps[0].Changes) != 1 ||
		res.Steps[0].Changes[0].Kind != aria.Renamed {
		t.Errorf("a renamed button: recorded=%v, %v:\n%s", recorded, err, res.Text())
	}
}
