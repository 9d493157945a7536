package e2e

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/aria"
	"lszoom/internal/harness"
	"lszoom/internal/report"
	"lszoom/pages/flow"
)

// TestSiteMoved: a wording change of the site, reproduced without code
// (zoomsim.WithRelabel, cmd/zoomsim -relabel), fails the walk as a site
// that moved, naming the control missing, the nearest candidate and the
// label's file and line; and the step snapshots, held to a clean walk's of
// the same steps, show exactly that change, renamed, on the screen where
// it first shows, and nothing else. A change of case only is read as a
// person reads it: the walk passes and the report notes the site's
// spelling, while the snapshots still show it. Steps 1–4, and 10.1–10.2 of
// the General App: the screens the changes are on.
func TestSiteMoved(t *testing.T) {
	requireSim(t)
	t.Parallel()
	// The clean walks the changed ones are held to, once each: steps 1–4,
	// and the General App's 10.1–10.2 on an app made through the API.
	cleanOf := map[bool]func() (*aria.Set, error){}
	for _, fromApp := range []bool{false, true} {
		cleanOf[fromApp] = sync.OnceValues(func() (*aria.Set, error) {
			e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral))
			if err := e.runFlowQuietly(t, walkOf(t, e, fromApp)); err != nil {
				return nil, err
			}
			return aria.ReadSet(filepath.Join(e.Record().Dir(), "aria"))
		})
	}
	clean := cleanOf[false]
	cases := []struct {
		from, to  string
		fromApp   bool   // walked from 10.1 on an app made through the API
		step      string // where the walk fails
		missing   string
		candidate string
		label     string // file of the label
		changes   []string
	}{
		{"Advanced", "Advanced Settings", false, "2", `button "Advanced"`, `button "Advanced Settings"`, "pages/zoom/profile.go:",
			[]string{`1: renamed: button "Advanced" → button "Advanced Settings"`}},
		{"Develop", "Developer", false, "3", `button "Develop"`, `button "Developer"`, "pages/zoom/marketplace.go:",
			[]string{`3: renamed: button "Develop" → button "Developer"`}},
		{"OAuth Redirect URL", "Redirect URL for OAuth", true, "10.2", `textbox "OAuth Redirect URL"`, `textbox "Redirect URL for OAuth"`, "pages/zoom/general.go:",
			[]string{`10.1: renamed: text: OAuth Information OAuth Redirect URL → text: OAuth Information Redirect URL for OAuth`,
				`10.1: renamed: textbox "OAuth Redirect URL" → textbox "Redirect URL for OAuth"`}},
	}
	for _, c := range cases {
		t.Run(c.from+" reads "+c.to, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral), zoomsim.WithRelabel(c.from, c.to))
			e.ExpectBrokenAt(c.step)
			e.Record().ExpectRefusalAt(c.step)
			err := e.runFlowQuietly(t, walkOf(t, e, c.fromApp))
			require.Error(t, err, "the harness must not walk past a label the site no longer shows")
			require.Equal(t, c.step, stepOf(err))
			assert.True(t, strings.HasPrefix(err.Error(), "site moved: "), "the message starts with its kind: %v", err)
			var f *harness.Failure
			require.True(t, errors.As(err, &f))
			assert.Equal(t, harness.SiteMoved, f.Kind)
			assert.Contains(t, err.Error(), "no "+c.missing)
			assert.Contains(t, err.Error(), "did you mean "+c.candidate)
			require.NotEmpty(t, f.LabelAt)
			for _, at := range f.LabelAt { // a text two controls share is in two lines of one table
				assert.True(t, strings.HasPrefix(at, c.label), "label at %s, want %s…", at, c.label)
			}
			st := stepRecorded(t, e, c.step)
			assert.Equal(t, harness.SiteMoved, st.Kind)
			assert.Equal(t, []string{c.candidate}, st.Candidates)

			changes, text := screenChanges(t, e, cleanOf[c.fromApp], func(ch aria.Change) string {
				return string(ch.Kind) + ": " + ch.Old + " → " + ch.New
			})
			assert.Equal(t, c.changes, changes, "exactly the change:\n%s", text)
		})
	}
	t.Run("Develop reads DEVELOP", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral), zoomsim.WithRelabel("Develop", "DEVELOP"))
		require.NoError(t, e.runFlowQuietly(t, walkOf(t, e, false)), "case aside, the name is the label")
		st := stepRecorded(t, e, "4")
		assert.Equal(t, []string{`the site reads "DEVELOP" where the label is "Develop"`}, st.Wording)
		changes, _ := screenChanges(t, e, clean, aria.Change.String)
		assert.Equal(t, []string{
			`3: renamed: button "Develop" → button "DEVELOP" (in banner > navigation)`,
			`4: renamed: button "Develop" [expanded] → button "DEVELOP" [expanded] (in banner > navigation)`,
			`4: renamed: menu "Develop" → menu "DEVELOP" (at the top level)`,
		}, changes, "fidelity is strict: the button and the menu it names")
	})
}

// screenChanges holds e's step snapshots to the clean walk's and lists
// each change, "step: " and as say words it, with cmd/fidelity's text.
func screenChanges(t *testing.T, e *env, clean func() (*aria.Set, error), say func(aria.Change) string) ([]string, string) {
	t.Helper()
	ref, err := clean()
	require.NoError(t, err, "the clean walk")
	got, err := aria.ReadSet(filepath.Join(e.Record().Dir(), "aria"))
	require.NoError(t, err)
	res := aria.Compare(ref, got)
	var changes []string
	for _, s := range res.Steps {
		for _, ch := range s.Changes {
			changes = append(changes, s.Number+": "+say(ch))
		}
	}
	return changes, res.Text()
}

// walkOf is the walk of TestSiteMoved: guide steps 1–4, or, fromApp,
// 10.1–10.2 of the General App flow on an app made through the API.
func walkOf(t *testing.T, e *env, fromApp bool) flow.Flow {
	if fromApp {
		return upTo(generalFromApp(t, e, testapp.New(e.RunID), e.LSURL).Flow, "10.2")
	}
	return upTo(e.Build(testapp.New(e.RunID), e.LSURL).Flow, "4")
}

// stepRecorded is step number as the world's report records it.
func stepRecorded(t *testing.T, e *env, number string) report.Step {
	t.Helper()
	for _, s := range e.Record().Flow().Snapshot().Steps {
		if s.Number == number {
			return s
		}
	}
	t.Fatalf("no step %s in the report", number)
	return report.Step{}
}
