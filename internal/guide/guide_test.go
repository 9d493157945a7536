package guide

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStepErrorSaysStepExpectedAndFound(t *testing.T) {
	err := Fail(CompanyName, `"CAE Healthcare" after a reload`, `""`)
	assert.Equal(t, `guide step 11.2 Company Name failed: expected "CAE Healthcare" after a reload; found ""`, err.Error())
}

func TestWrapKeepsTheInnermostStep(t *testing.T) {
	inner := Wrap(UserScopes, "the three User boxes ticked", errors.New("no checkbox"))
	outer := Wrap(AddScopes, "the pop-up", fmt.Errorf("ticking: %w", inner))
	s, ok := StepOf(outer)
	require.True(t, ok)
	assert.Equal(t, "13.3", s.Number)
	assert.Nil(t, Wrap(SignIn, "x", nil))
}

func TestSetupIsTheGuideInOrder(t *testing.T) {
	require.Equal(t, "1", Setup[0].Number)
	require.Equal(t, "18", Setup[len(Setup)-1].Number)
	seen := map[string]bool{}
	for _, s := range Setup {
		assert.False(t, seen[s.Number], "step %s twice", s.Number)
		seen[s.Number] = true
		assert.NotEmpty(t, s.Title)
	}
	s, ok := ByNumber("13.2")
	require.True(t, ok)
	assert.Equal(t, RecordingScopes, s)
}

func TestFrenchLabelsNameGuideSteps(t *testing.T) {
	for n := range french {
		_, ok := ByNumber(n)
		assert.True(t, ok, "French label for unknown step %s", n)
	}
	assert.Equal(t, "Avancé", French(Advanced.Number))
	assert.Empty(t, French(LSUse.Number))
}
