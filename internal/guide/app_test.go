package guide

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func theApp() App {
	return App{Name: "CAE LearningSpace e2e r1 ab12", Management: ManagedByUser, Scopes: AppScopes}
}

func TestTheClassicViewIsTheSevenScopes(t *testing.T) {
	bs := theApp().Boxes(FlowClassic)
	require.Len(t, bs, 7, "guide step 14: a total of 7 scopes")
	assert.Len(t, bs.OfStep("13.1"), 2, "Meeting: both boxes")
	assert.Len(t, bs.OfStep("13.2"), 2, "Recording: both boxes")
	assert.Len(t, bs.OfStep("13.3"), 3, "User: three boxes")
	for _, b := range bs.OfStep("13.1") {
		assert.Equal(t, "Meeting", b.Category)
	}
	assert.Contains(t, bs.Descriptions(), "View your meetings")
}

func TestTheGeneralViewIsTheGranularScopes(t *testing.T) {
	bs := theApp().Boxes(FlowGeneral)
	names := bs.Names()
	for _, need := range []string{"user:read:user", "meeting:write:meeting", "meeting:read:list_meetings",
		"cloud_recording:read:list_user_recordings", "meeting:update:meeting", "meeting:delete:meeting", "user:update:user"} {
		assert.Contains(t, names, need)
	}
	seen := map[string]bool{}
	for _, b := range bs {
		assert.False(t, seen[b.Name], "%s ticked twice", b.Name)
		seen[b.Name] = true
		assert.NotContains(t, b.Name, ":admin", "an :admin scope is not for a user-managed app")
		assert.Len(t, strings.Split(b.Name, ":"), 3, "%s is not a granular name", b.Name)
	}
	assert.Len(t, bs.OfStep("13.1"), 4, "Meeting: list, create, update, delete")
	assert.Len(t, bs.OfStep("13.2"), 2, "Recording: list, delete a file")
	assert.Len(t, bs.OfStep("13.3"), 2, "User: read, update (read once for user:read and user_profile)")
	for _, b := range bs.OfStep("13.1") {
		assert.Equal(t, "Meetings", b.Category, "the General App's product tab")
	}
}

func TestEveryClassicScopeHasGranularOnes(t *testing.T) {
	for _, s := range AppScopes {
		assert.NotEmpty(t, s.Granular, "classic %s (step %s) maps to no granular scope", s.Name, s.Step)
		for _, g := range s.Granular {
			assert.True(t, strings.Contains(g.Source, "[V]") || strings.Contains(g.Source, "[T]") || strings.Contains(g.Source, "[?]"),
				"%s: the source note must carry a mark: %q", g.Name, g.Source)
		}
	}
}

func TestWithoutDropsAScopeOnBothViews(t *testing.T) {
	a := theApp()
	b := a.Without("recording:read")
	assert.Len(t, a.Scopes, 7, "the original is left alone")
	assert.NotContains(t, b.Boxes(FlowClassic).Names(), "recording:read")
	assert.NotContains(t, b.Boxes(FlowGeneral).Names(), "cloud_recording:read:list_user_recordings")
	// A granular scope that stands for two classic ones stays while one is left.
	assert.Contains(t, a.Without("user_profile").Boxes(FlowGeneral).Names(), "user:read:user")
}

func TestScopeStepNamesTheStepOfEitherName(t *testing.T) {
	s, ok := ScopeStep("cloud_recording:read:list_user_recordings")
	assert.True(t, ok)
	assert.Equal(t, "13.2", s.Step, "reported as the step that ticks recording:read")
	s, ok = ScopeStep("user_profile")
	assert.True(t, ok)
	assert.Equal(t, "13.3", s.Step)
	_, ok = ScopeStep("phone:read")
	assert.False(t, ok)
}

func TestFlowsAreValid(t *testing.T) {
	assert.True(t, FlowClassic.Valid())
	assert.True(t, FlowGeneral.Valid())
	assert.False(t, Flow("jwt").Valid())
}
