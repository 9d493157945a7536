package flow

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/internal/guide"
)

// What pages/flow decides, without a browser: which steps follow step 5,
// which view of the app's scopes they tick, where a lost sign-in goes back
// to, and how the runner walks, redoes and goes on with the next flow.

func guideApp() guide.App {
	return guide.App{Name: "CAE LearningSpace e2e r1 ab12", Management: guide.ManagedByUser, Scopes: guide.AppScopes}
}

func numbers(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Number)
	}
	return out
}

func TestBuildStopsAtStep5UntilTheSiteSays(t *testing.T) {
	f, results := Build(Setup{App: guideApp()})
	assert.Equal(t, []string{"1", "2", "3", "4", "5"}, numbers(f.Steps), "nothing after step 5 is chosen before it")
	require.NotNil(t, f.Next)
	assert.Empty(t, results().Flow, "no flow is known before step 5 has run")
}

func TestNextFollowsTheFlowStep5Found(t *testing.T) {
	g := setupSteps{Setup: Setup{App: guideApp()}}
	for _, c := range []struct {
		flow   guide.Flow
		steps  []string
		titles map[string]string
	}{
		{guide.FlowClassic, []string{"6", "7", "8.1", "8.2", "8.3", "9", "10.1", "10.2", "10.3", "11", "11.1", "11.2",
			"11.3", "12", "13", "13.1", "13.2", "13.3", "14", "15", "16", "17", "18"},
			map[string]string{"13.1": "Meeting scopes", "16": "Continue to Activation"}},
		{guide.FlowGeneral, []string{"6", "7", "8.1", "8.2", "8.3", "10.1", "10.2", "10.3", "12", "13",
			"13.1", "13.2", "13.3", "14", "15", "16", "17", "18"},
			map[string]string{"13.1": "Meetings scopes", "16": "Local Test", "6": "Choose your app type: General app"}},
	} {
		r := &run{built: built{flow: c.flow}}
		f, err := r.next(g)
		require.NoError(t, err)
		assert.Equal(t, string(c.flow), f.Name)
		assert.Equal(t, c.steps, numbers(f.Steps), "the %s flow's steps", c.flow)
		for _, s := range f.Steps {
			if want, ok := c.titles[s.Number]; ok {
				assert.Equal(t, want, s.Title, "step %s on the %s flow", s.Number, c.flow)
			}
		}
		assert.Equal(t, c.flow, r.results().Flow, "the results say which flow made the app")
	}
	_, err := (&run{}).next(g)
	var se *guide.StepError
	require.ErrorAs(t, err, &se, "step 5 that found neither flow")
	assert.Equal(t, guide.BuildApp.Number, se.Step.Number)
}

func TestTheScopesTickedAreTheFlowsView(t *testing.T) {
	app := guideApp()
	g := setupSteps{Setup: Setup{App: app}}
	assert.Nil(t, g.boxes, "no scopes are picked before the flow is known")
	assert.Equal(t, app.Boxes(guide.FlowClassic), g.on(guide.FlowClassic).boxes)
	general := g.on(guide.FlowGeneral).boxes
	assert.Equal(t, app.Boxes(guide.FlowGeneral), general)
	assert.Contains(t, general.Names(), "meeting:write:meeting")
	assert.NotContains(t, general.Names(), "meeting:write", "a General App ticks no classic scope")
	_, results := Classic(Setup{App: app})
	assert.Equal(t, guide.FlowClassic, results().Flow)
	_, results = General(Setup{App: app})
	assert.Equal(t, guide.FlowGeneral, results().Flow)
}

func TestWhatASignInLostMidStepGoesBackTo(t *testing.T) {
	g := setupSteps{Setup: Setup{App: guideApp()}}
	redoOf := func(steps []Step) map[string]string {
		m := map[string]string{}
		for _, s := range steps {
			m[s.Number] = s.RedoFrom
		}
		return m
	}
	classic := redoOf(classicRest(&run{}, g))
	for number, back := range map[string]string{"6": "", "8.1": "6", "9": "6", "10.1": "", "10.3": "10.2", "11": "10.2",
		"11.3": "11.1", "12": "11.1", "13": "", "13.2": "13", "15": "13", "16": "", "18": ""} {
		assert.Equal(t, back, classic[number], "classic step %s goes back to", number)
	}
	general := redoOf(generalRest(&run{}, g))
	for number, back := range map[string]string{"8.1": "", "8.2": "", "10.2": "8.2", "10.3": "8.2", "13.1": "13", "14": "13", "17": ""} {
		assert.Equal(t, back, general[number], "General App step %s goes back to", number)
	}
}

// fake is a step that counts its runs and fails as told.
func fake(number, redoFrom string, runs map[string]int, fail func(n int) error) Step {
	return Step{Step: guide.Step{Number: number, Title: "t" + number}, RedoFrom: redoFrom, Run: func(context.Context) error {
		runs[number]++
		if fail != nil {
			return fail(runs[number])
		}
		return nil
	}}
}

func TestTheRunnerSignsInAgainAndRedoesTheLostWork(t *testing.T) {
	runs := map[string]int{}
	var order []string
	signIns := 0
	signedOutOnce := func(n int) error {
		if n == 1 {
			return ErrSignedOut
		}
		return nil
	}
	steps := []Step{fake("13", "", runs, nil), fake("13.1", "13", runs, nil), fake("13.2", "13", runs, signedOutOnce), fake("14", "13", runs, nil)}
	r := Runner{StepTimeout: time.Second, SignInAgain: func(context.Context) error { signIns++; return nil }}
	err := r.Walk(context.Background(), steps, func(s Step) error {
		order = append(order, s.Number)
		return r.Attempt(context.Background(), s)
	})
	require.NoError(t, err)
	assert.Equal(t, 1, signIns)
	assert.Equal(t, []string{"13", "13.1", "13.2", "13", "13.1", "13.2", "14"}, order, "back to the pop-up's opening")

	// Signed out every time: the walk gives up after maxSignIns.
	runs = map[string]int{}
	always := []Step{fake("13", "", runs, func(int) error { return ErrSignedOut })}
	err = r.Walk(context.Background(), always, func(s Step) error { return r.Attempt(context.Background(), s) })
	assert.ErrorIs(t, err, ErrSignedOut)
	assert.Equal(t, maxSignIns+1, runs["13"])
}

func TestRunGoesOnWithTheNextFlowThroughEnter(t *testing.T) {
	runs := map[string]int{}
	second := Flow{Name: "general", Steps: []Step{fake("6", "", runs, nil), fake("7", "", runs, nil)}}
	first := Flow{Name: "setup", Steps: []Step{fake("5", "", runs, nil)}, Next: func() (Flow, error) { return second, nil }}
	var entered []string
	var order []string
	r := Runner{StepTimeout: time.Second, Enter: func(next Flow, walk func() error) error {
		entered = append(entered, next.Name)
		return walk()
	}}
	err := r.Run(context.Background(), first, func(s Step) error { order = append(order, s.Number); return nil })
	require.NoError(t, err)
	assert.Equal(t, []string{"general"}, entered)
	assert.Equal(t, []string{"5", "6", "7"}, order)

	// A failure stops the walk: no next flow.
	boom := errors.New("boom")
	entered = nil
	err = r.Run(context.Background(), first, func(s Step) error { return boom })
	assert.ErrorIs(t, err, boom)
	assert.Empty(t, entered)
	assert.True(t, slices.Equal(numbers(second.Steps), []string{"6", "7"}))
}

func TestASignInAgainThatFailsNamesTheStepItHappenedIn(t *testing.T) {
	expired := &guide.StepError{Step: guide.SignIn, Expected: "Zoom to take the saved session", Err: ErrSessionExpired}
	r := Runner{StepTimeout: time.Second, SignInAgain: func(context.Context) error { return expired }}
	runs := map[string]int{}
	steps := []Step{fake("10.2", "", runs, nil), fake("10.3", "10.2", runs, func(int) error { return ErrSignedOut })}
	err := r.Walk(context.Background(), steps, func(s Step) error { return r.Attempt(context.Background(), s) })
	s, ok := guide.StepOf(err)
	require.True(t, ok)
	assert.Equal(t, "10.3", s.Number, "where Zoom ended the session: %v", err)
	assert.ErrorIs(t, err, ErrSessionExpired, "the cause is kept: run make login")
	assert.Contains(t, err.Error(), "to sign in again after Zoom ended the session")
}
