package e2e

import (
	"testing"

	"github.com/stretchr/testify/require"

	"lszoom/internal/guide"
	"lszoom/internal/harness"
	"lszoom/pages/flow"
)

// The procedures (internal/harness, pages/flow) as the tests use them:
// their arrangements through the stand-ins' APIs must work, or the test
// stops there.

type (
	setupRun  = harness.SetupRun
	roundTrip = harness.Trip
)

// classicFromApp is the classic flow from step 10.1 for an app made
// through the stand-in's API (harness.World.FromApp), for a test whose
// failure comes after step 9; steps 1–9 are TestSetupOAuthApp's. Against a
// real Zoom it is the whole classic walk.
func classicFromApp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	r, err := e.FromApp(app, registerURL, guide.FlowClassic)
	require.NoError(t, err)
	return r
}

// generalFromApp is classicFromApp on the General App flow. Against a real
// Zoom it is the whole walk, on the flow the site offers.
func generalFromApp(t *testing.T, e *env, app guide.App, registerURL string) *setupRun {
	t.Helper()
	r, err := e.FromApp(app, registerURL, guide.FlowGeneral)
	require.NoError(t, err)
	return r
}

// fromRoom is the round trip from LS.3, LearningSpace arranged through its
// stand-in's API (harness.Trip.FromRoom); LS.0–LS.2 are TestSetupOAuthApp's.
func fromRoom(t *testing.T, rt *roundTrip) []flow.Step {
	t.Helper()
	steps, err := rt.FromRoom()
	require.NoError(t, err)
	return steps
}
