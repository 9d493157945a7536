package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettleTurnsAnExpectedFailureIntoARefusal(t *testing.T) {
	r := New(t.TempDir(), false)
	f := r.Flow("TestX/decline", "round trip")
	f.Add(Step{Number: "LS.4", Status: Pass})
	f.Add(Step{Number: "LS.5", Status: Fail, Expected: "the room authorized", Found: "declined"})
	assert.Equal(t, Fail, f.Snapshot().Status, "before the test ends, a failed step fails the flow")
	refused := f.Settle(false)
	require.Len(t, refused, 1)
	s := f.Snapshot()
	assert.Equal(t, Pass, s.Status)
	assert.Equal(t, "LS.5", s.ExpectRefusalAt)
	assert.Equal(t, Refused, s.Steps[1].Status)

	g := r.Flow("TestX/allow", "setup")
	g.Add(Step{Number: "1", Status: Pass})
	assert.Empty(t, g.Settle(true))
	assert.Equal(t, Fail, g.Snapshot().Status, "a failed test fails its flow although its steps passed")
	assert.False(t, r.Summary().Green)
}

func TestAddReplacesAStepWalkedAgain(t *testing.T) {
	f := New(t.TempDir(), false).Flow("T", "")
	f.Add(Step{Number: "LS.5", Status: Fail})
	f.Add(Step{Number: "LS.5", Status: Pass})
	s := f.Snapshot()
	require.Len(t, s.Steps, 1)
	assert.Equal(t, Pass, s.Status)
}

func TestCompareMarksNewFailuresAndSlowSteps(t *testing.T) {
	base := &Summary{Flows: []*Flow{{Test: "T/classic", Steps: []Step{
		{Number: "3", Status: Pass, Duration: time.Second},
		{Number: "4", Status: Pass, Duration: time.Second},
		{Number: "5", Status: Pass, Duration: 100 * time.Millisecond},
		{Number: "6", Status: Pass, Duration: time.Second},
	}}}}
	cur := &Summary{Flows: []*Flow{{Test: "T/classic", Steps: []Step{
		{Number: "3", Status: Pass, Duration: 1400 * time.Millisecond}, // less than half again
		{Number: "4", Status: Pass, Duration: 1600 * time.Millisecond}, // more than half again
		{Number: "5", Status: Pass, Duration: 200 * time.Millisecond},  // twice, but by 100 ms: noise
		{Number: "6", Status: Fail, Duration: time.Second},
		{Number: "7", Status: Fail}, // not in the baseline
	}}}}
	Compare(cur, base)
	st := cur.Flows[0].Steps
	assert.Empty(t, st[0].Change)
	assert.Equal(t, "slower: 1.6s, was 1s", st[1].Change)
	assert.Empty(t, st[2].Change)
	assert.Contains(t, st[3].Change, "newly failing")
	assert.Empty(t, st[4].Change)
}

func writeSummary(t *testing.T, dir string, s Summary) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	b, err := json.Marshal(s)
	require.NoError(t, err)
	p := filepath.Join(dir, "summary.json")
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

func TestNewestGreenSkipsRedRunsAndThisOne(t *testing.T) {
	root := t.TempDir()
	now := time.Now()
	flows := []*Flow{{Test: "T", Status: Pass}}
	old := writeSummary(t, filepath.Join(root, "e2e-1", "report"), Summary{Green: true, Finished: now.Add(-time.Hour), Flows: flows})
	writeSummary(t, filepath.Join(root, "e2e-2", "report"), Summary{Green: false, Finished: now.Add(-time.Minute), Flows: flows})
	self := filepath.Join(root, "e2e-3", "report")
	writeSummary(t, self, Summary{Green: true, Finished: now, Flows: flows})
	assert.Equal(t, old, NewestGreen(root, self))
	assert.Empty(t, NewestGreen(t.TempDir(), ""))
}

func TestWriteThePageAndTheSummary(t *testing.T) {
	dir := t.TempDir()
	r := New(dir, false)
	f := r.Flow("TestSetupOAuthApp/classic", "classic")
	f.Add(Step{Number: "2", Title: "Advanced", French: "Avancé", Status: Pass, Duration: 300 * time.Millisecond, Shot: "flows/x/shots/step-2.jpg"})
	f.Add(Step{Number: "11.2", Title: "Company Name", French: "Nom d'entreprise", Status: Fail,
		Expected: `Company Name "CAE <Healthcare>" after a reload`, Found: `""`, Artifacts: []string{"flows/x/step-11.2.html"}})
	f.Settle(true)
	n := r.Flow("TestRegressionCatalogue/app-not-listed", "setup")
	n.Add(Step{Number: "18", Title: "Manage: Created Apps", Status: Fail, Expected: "the app under Created Apps", Found: "not listed"})
	n.Settle(false)

	base := writeSummary(t, filepath.Join(t.TempDir(), "e2e-0", "report"), Summary{Green: true, Flows: []*Flow{{Test: "TestSetupOAuthApp/classic",
		Status: Pass, Steps: []Step{{Number: "11.2", Status: Pass, Duration: time.Second}}}}})
	b, err := Load(base)
	require.NoError(t, err)
	page, err := r.Write(b, base)
	require.NoError(t, err)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	s := string(html)
	for _, want := range []string{
		"<title>FAILED", "Avancé", "Nom d&#39;entreprise", `src="flows/x/shots/step-2.jpg"`,
		"Company Name &#34;CAE &lt;Healthcare&gt;&#34; after a reload", `href="flows/x/step-11.2.html"`,
		"refused as expected at 18", "newly failing", "1 step changed",
		"What failed", "1 step changed since the baseline", `href="#TestSetupOAuthApp_classic--11.2"`, `id="TestSetupOAuthApp_classic--11.2"`,
	} {
		assert.Contains(t, s, want)
	}
	assert.Less(t, strings.Index(s, "TestSetupOAuthApp/classic"), strings.Index(s, "TestRegressionCatalogue"),
		"a failed flow comes first, negative cases last")
	sum, err := Load(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	assert.False(t, sum.Green)
	assert.Equal(t, base, sum.Baseline)
	assert.Len(t, sum.Flows, 2)
}

func TestANoteShowsBesideTheFlowOnce(t *testing.T) {
	f := New(t.TempDir(), false).Flow("TestSetupOAuthApp/offered", "setup")
	f.Note("API checks not done: the maintenance token was refused: run make login")
	f.Note("API checks not done: the maintenance token was refused: run make login")
	snap := f.Snapshot()
	assert.Len(t, snap.Notes, 1)
	page, err := HTML(Summary{Flows: []*Flow{&snap}})
	assert.NoError(t, err)
	assert.Contains(t, page, `<span class="badge note">API checks not done: the maintenance token was refused: run make login</span>`)
}
