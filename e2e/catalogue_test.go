package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/report"
)

// regression is one entry of the stand-ins' catalogues of named
// regressions (go run ./cmd/zoomsim -list-regressions, and
// ./cmd/learningspace's), as the harness must meet it.
type regression struct {
	zoom    *zoomsim.Regression // a Zoom stand-in regression
	ls      string              // a LearningSpace stand-in regression
	general bool                // on the General App flow (else the classic one)
	// fromApp: a regression after step 9, walked from 10.1 on an app made
	// through the stand-in's API (classicFromApp, generalFromApp); else the
	// walk starts at step 1.
	fromApp bool
	// roundTrip: the app is made through the stand-in's API and only the
	// round trip is walked (the regression is in it); else the guide's
	// walk, from step 1 until it stops.
	roundTrip bool
	// lsSetUp: the regression is in LearningSpace's set-up (LS.0–LS.2), so
	// the round trip is walked from LS.0; else it starts at LS.3 with
	// LearningSpace arranged through the stand-in's API (fromRoom).
	lsSetUp bool
	// api: the test has the maintenance token (withAPI), so the setup flow
	// reads the app back through Zoom's Marketplace API.
	api  bool
	lang string   // the account's language (zoomsim.WithLanguage); "" English
	step string   // the guide step the harness must name
	says []string // what the message must say (expected, found)
}

func (r regression) name() string {
	n := r.ls
	if r.zoom != nil {
		n = r.zoom.String()
	}
	if r.general {
		n += ", General App"
	}
	if r.api {
		n += ", Marketplace API"
	}
	return n
}

// key is what the case covers: "name on classic|general|round trip".
func (r regression) key() string {
	n, on := r.ls, "classic"
	if r.zoom != nil {
		n = r.zoom.Name
	}
	switch {
	case r.roundTrip:
		on = "round trip"
	case r.general:
		on = "general"
	}
	return n + " on " + on
}

// brokenOn is what a regression's listed flow ("classic", "general",
// "both", "round trip") needs a case on.
func brokenOn(flow string) []string {
	if flow == "both" {
		return []string{"classic", "general"}
	}
	return []string{flow}
}

func zreg(name string, arg ...string) *zoomsim.Regression {
	r := zoomsim.Regression{Name: name}
	if len(arg) > 0 {
		r.Arg = arg[0]
	}
	return &r
}

// catalogue: every regression the stand-ins can be started with, each on
// the flows it breaks. TestRegressionCatalogue checks none is left out.
var catalogue = []regression{
	{zoom: zreg(zoomsim.RegPublishSwitchSticks), step: "8.3",
		says: []string{"the publish switch off"}},
	{zoom: zreg(zoomsim.RegAllowListOldName), fromApp: true, step: "10.3",
		says: []string{`list "OAuth allow list"`, "Whitelist URL"}},
	{zoom: zreg(zoomsim.RegCompanyNameNotSaved), fromApp: true, step: "11.2",
		says: []string{`expected Company Name "CAE Healthcare" after a reload`, `found ""`}},
	{zoom: zreg(zoomsim.RegDeveloperEmailNotSaved), fromApp: true, step: "11.3",
		says: []string{"expected developer Email", `after a reload; found ""`}},
	{zoom: zreg(zoomsim.RegScopeBoxMissing, "recording:write"), fromApp: true, step: "13.2",
		says: []string{`expected a "View and manage your recordings" box (recording:write) in Recording`, `found boxes ["View your recordings"]`}},
	{zoom: zreg(zoomsim.RegScopeCountOffByOne), fromApp: true, step: "14",
		says: []string{"expected a count of 7 at the pop-up's top right", `found "8 scopes added"`}},
	{zoom: zreg(zoomsim.RegAddStuckDisabled), fromApp: true, step: "17",
		says: []string{"expected the Add button active", "found Add disabled"}},
	{zoom: zreg(zoomsim.RegAppNotListed), fromApp: true, step: "18",
		says: []string{"Created Apps"}},
	{zoom: zreg(zoomsim.RegAppNotListed), general: true, fromApp: true, step: "18",
		says: []string{"Created Apps"}},
	{zoom: zreg(zoomsim.RegGeneralSaveKeepsNothing), general: true, fromApp: true, step: "10.2",
		says: []string{`expected "%LS%" after Save and a reload`, `found ""`}},
	{zoom: zreg(zoomsim.RegScopeBoxMissing, "cloud_recording:delete:recording_file"), general: true, fromApp: true, step: "13.2",
		says: []string{`expected a "Delete a recording file" box (cloud_recording:delete:recording_file) in Recording`,
			`found boxes ["View a user's recordings" "View a meeting's recording files"]`}},
	{zoom: zreg(zoomsim.RegAddStuckDisabled), general: true, fromApp: true, step: "17",
		says: []string{"expected nothing missing and Add app now active", "found Add app now disabled"}},
	{zoom: zreg(zoomsim.RegScopeNotKept), fromApp: true, api: true, step: "13.2",
		says: []string{`expected recording:write ("View and manage your recordings", Recording) among the app's app_scopes in Zoom's Marketplace API after Done`,
			`found app_scopes ["meeting:read" "meeting:write" "recording:read" "user:read" "user:write" "user_profile"]`}},
	{zoom: zreg(zoomsim.RegScopeNotKept), general: true, fromApp: true, api: true, step: "13.1",
		says: []string{`expected meeting:delete:meeting ("Delete a meeting", Meetings) among the app's app_scopes in Zoom's Marketplace API after Done`}},
	{zoom: zreg(zoomsim.RegFrenchAdvancedRenamed), general: true, lang: "fr-FR", step: "2",
		says: []string{`no button "Avancé" in navigation "Menu latéral"`, `did you mean button "Paramètres avancés"?`}},
	{zoom: zreg(zoomsim.RegRedirectRefused), roundTrip: true, step: "10.2",
		says: []string{"Invalid redirect: %LS% (4,700)"}},
	{zoom: zreg(zoomsim.RegConsentFewerScopes), roundTrip: true, step: "LS.4",
		says: []string{"expected the permissions", "found"}},
	{zoom: zreg(zoomsim.RegTokenEndpointDown), roundTrip: true, step: "LS.5",
		says: []string{"expected the room authorized for", "found LearningSpace's error"}},
	{zoom: zreg(zoomsim.RegTokenEndpoint500), roundTrip: true, step: "LS.5",
		says: []string{"expected the room authorized for", "found LearningSpace's error"}},
	{ls: learningspace.RegRedirectURLWithPath, roundTrip: true, lsSetUp: true, step: "LS.1",
		says: []string{"expected LearningSpace to name \"%LS%\" as its Redirect URL", `found "%LS%/oauth/callback"`}},
	{ls: learningspace.RegRecordingsOldPath, roundTrip: true, step: "LS.6",
		says: []string{"expected the room's recordings listed", "found"}},
}

// TestRegressionCatalogue is the test of the tester: the harness, run on a
// stand-in broken in a known way, fails at the guide step that breaks,
// says what it expected and what it found, leaves its evidence, and the
// run report shows it as a refusal at that step. The clean stand-ins pass
// (TestSetupOAuthApp, TestConsentRoundTrip). Each case walks only what it
// must: the guide's walk stops at the broken step, whose wait is short
// (expectBrokenAt), and a break after step 9 is walked from 10.1 on an
// app made through the stand-in's API (steps 1–9 are TestSetupOAuthApp's); a round-trip case gets its app, and LearningSpace
// set up, from the stand-ins' APIs, and keeps its whole deadline.
func TestRegressionCatalogue(t *testing.T) {
	requireSim(t)
	t.Parallel()
	t.Run("every regression listed has a case on each flow it breaks", func(t *testing.T) {
		covered := map[string]bool{} // "name on flow"
		for _, c := range catalogue {
			covered[c.key()] = true
		}
		for _, r := range zoomsim.Regressions() {
			for _, f := range brokenOn(r.Flow) {
				key := strings.TrimSuffix(r.Name, "=<scope>") + " on " + f
				assert.True(t, covered[key], "zoomsim regression without a case: %s", key)
			}
		}
		for _, r := range learningspace.Regressions() {
			assert.True(t, covered[r.Name+" on round trip"], "learningspace regression without a case: %s", r.Name)
		}
		assert.GreaterOrEqual(t, len(catalogue), 12)
	})
	for _, c := range catalogue {
		t.Run(c.name(), func(t *testing.T) {
			t.Parallel()
			var opts []zoomsim.Option
			if c.zoom != nil {
				opts = append(opts, zoomsim.WithRegressions(*c.zoom))
			}
			if c.general {
				opts = append(opts, zoomsim.WithFlow(zoomsim.FlowGeneral))
			}
			if c.lang != "" {
				opts = append(opts, zoomsim.WithLanguage(c.lang))
			}
			var ls []string
			if c.ls != "" {
				ls = []string{c.ls}
			}
			e := newEnvLS(t, ls, opts...)
			if c.api {
				e.withAPI(t)
			}
			if !c.roundTrip {
				// A broken setup step shows by a wait that never ends (a box,
				// a link, a button that never comes): brokenStepWait, not
				// the whole step deadline. The round
				// trip's refusals are answers, which come at once.
				e.ExpectBrokenAt(c.step)
			}
			e.Record().ExpectRefusalAt(c.step)
			var err error
			var secret func() string // the Client Secret, once the app has one
			if c.roundTrip {
				rt := e.RoundTrip(setUp(t, e, testapp.New(e.RunID), e.LSURL))
				secret = func() string { return rt.Setup().Result().ClientSecret }
				steps := rt.Steps()
				if !c.lsSetUp {
					steps = fromRoom(t, rt)
				}
				err = e.runQuietly(t, steps)
			} else {
				var r *setupRun
				switch {
				case c.fromApp && c.general:
					r = generalFromApp(t, e, testapp.New(e.RunID), e.LSURL)
				case c.fromApp:
					r = classicFromApp(t, e, testapp.New(e.RunID), e.LSURL)
				default:
					r = e.Build(testapp.New(e.RunID), e.LSURL)
				}
				secret = func() string { return r.Result().ClientSecret }
				err = e.runFlowQuietly(t, r.Flow)
			}
			require.Error(t, err, "the harness must notice the broken stand-in")
			msg := err.Error()
			require.Equal(t, c.step, stepOf(err), "failed at the wrong guide step: %s", e.Secrets.Redact(msg))
			for _, s := range c.says {
				assert.Contains(t, msg, replaceLS(s, e.LSURL))
			}
			assertArtifacts(t, e.Record().Dir(), "step-"+c.step, secret(), e.Password)
			assertReportShows(t, e, c.step, secret())
		})
	}
}

// assertReportShows checks what the run report shows of this test: its
// walk a refusal at step, with what was expected and found and a
// screenshot, and no secret in the page.
func assertReportShows(t *testing.T, e *env, step, secret string) {
	t.Helper()
	e.Settle(t.Failed()) // now, not at cleanup: the page is checked as it will be written
	f := e.Record().Flow().Snapshot()
	assert.Equal(t, report.Pass, f.Status, "a negative case whose refusal came is a pass")
	i := slices.IndexFunc(f.Steps, func(s report.Step) bool { return s.Number == step })
	require.GreaterOrEqual(t, i, 0, "the report has no step %s", step)
	s := f.Steps[i]
	assert.Equal(t, report.Refused, s.Status)
	assert.True(t, s.Expected != "" || s.Error != "", "the report says what was expected")
	if assert.NotEmpty(t, s.Shot, "the step's screenshot") {
		_, err := os.Stat(filepath.Join(suite.Report.Dir(), filepath.FromSlash(s.Shot)))
		assert.NoError(t, err, "the screenshot is beside the report")
	}
	page, err := report.HTML(report.Summary{Flows: []*report.Flow{&f}})
	require.NoError(t, err)
	assert.Contains(t, page, "refused as expected at "+step)
	for _, v := range []string{secret, e.Password} {
		if v != "" {
			assert.NotContains(t, page, v, "a secret in the report")
		}
	}
}
