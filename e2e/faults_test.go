package e2e

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/utils"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
	"lszoom/pages/flow"
)

// The faults a live site throws at a walk: each is met the way a person
// would meet it, and the walk still ends where the guide says.

// indexOf is the position of a guide step in a list of steps.
func indexOf(t *testing.T, steps []flow.Step, number string) int {
	t.Helper()
	i := slices.IndexFunc(steps, func(s flow.Step) bool { return s.Number == number })
	require.GreaterOrEqual(t, i, 0, "no guide step %s", number)
	return i
}

// A save the site fails once (HTTP 500; the page says "Something went wrong,
// please try again") is pressed again, as a person would, and the walk goes
// on; a failed Create never becomes a second app. One walk meets it at each
// kind of save: Create (9), Continue (11) and Done (15). Without the
// harness's save-again (pages/zoom save), the walk fails at step 9 with the
// page's message.
func TestSaveThatFailsOnceIsSavedAgain(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t)
	r := e.Classic(e.NewApp(), e.LSURL)
	steps := r.Flow.Steps
	from := 0
	for _, number := range []string{"9", "11", "15"} {
		k := indexOf(t, steps, number)
		require.NoError(t, e.runQuietly(t, steps[from:k]), "the steps before %s", number)
		saves := e.ZoomSim.Saves()
		e.ZoomSim.FailNextSave()
		require.NoError(t, e.runQuietly(t, steps[k:k+1]), "step %s must ride out one failed save", number)
		assert.Equal(t, saves+2, e.ZoomSim.Saves(), "step %s: one failed save, then one that worked", number)
		from = k + 1
	}
	require.NoError(t, e.runQuietly(t, steps[from:]), "the steps after 15")
	assert.Equal(t, 1, e.ZoomSim.AppsNamed(e.Email, r.App.Name), "one app, whatever failed on the way")
}

// Zoom ends the sign-in session between two steps: the next step is sent to
// sign in, the harness signs in again and does that step again (the walk
// from 10.1 on an app made through the stand-in's API). Without the
// runner's sign-in watch, step 13 times out waiting for a pop-up that a
// signed-out page never opens.
func TestSessionEndsInTheMiddleOfTheWalk(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t)
	r := classicFromApp(t, e, e.NewApp(), e.LSURL)
	steps := r.Flow.Steps
	k := indexOf(t, steps, guide.AddScopes.Number)
	require.NoError(t, e.runQuietly(t, steps[:k]))
	require.Equal(t, 1, e.ZoomSim.ExpireSessions(e.Email), "the owner's session ends")
	start := time.Now()
	require.NoError(t, e.runQuietly(t, steps[k:]), "the walk must go on after signing in again")
	t.Logf("steps %s–18 with a new sign-in took %s", guide.AddScopes.Number, time.Since(start).Round(time.Millisecond))
	a, ok := e.ZoomSim.AppByName(e.Email, r.App.Name)
	require.True(t, ok)
	assert.ElementsMatch(t, r.ScopeNames(), a.Scopes, "steps 13–15 done after the new sign-in")
}

// A step that can never succeed fails within its deadline, however many
// waits it nests, and its error says a deadline ended it: step 18 on a
// Zoom whose Created Apps leaves the new app out (Manage, the Created Apps
// table, then a wait for a link that never comes), with a 1 s deadline,
// walked from 10.1 on an app made through the stand-in's API.
func TestAStepNeverOutlivesItsDeadline(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t, zoomsim.WithRegressions(zoomsim.Regression{Name: zoomsim.RegAppNotListed}))
	r := classicFromApp(t, e, e.NewApp(), e.LSURL)
	steps := r.Flow.Steps
	k := indexOf(t, steps, guide.CreatedApps.Number)
	require.NoError(t, e.runQuietly(t, steps[:k]))

	e.StepTime = time.Second
	start := time.Now()
	err := e.do(t, steps[k]) // the step alone: its artifacts are taken after it failed
	took := time.Since(start)
	require.Error(t, err)
	assert.Equal(t, guide.CreatedApps.Number, stepOf(err), "%v", err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "errors.Is(err, context.DeadlineExceeded) for %v", err)
	assert.Less(t, took, 1200*time.Millisecond, "a 1 s step ran %s", took)
	t.Logf("step 18 gave up after %s, as its 1 s deadline says", took.Round(time.Millisecond))
}

// The token endpoint is down for 2 s while a room's Zoom user allows
// LearningSpace: LearningSpace shows its error (LS.5), and once the endpoint
// is back, one new authorization succeeds and is the only token issued. The
// outage starts with LearningSpace's code exchange, not when the test arms
// it: on a busy machine the consent can take longer than 2 s, and an outage
// already over when the exchange comes would be no outage at all.
func TestTokenEndpointDownDuringTheRoundTrip(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t)
	rt := e.RoundTrip(setUp(t, e, e.NewApp(), e.LSURL))
	steps := fromRoom(t, rt)
	k := indexOf(t, steps, guide.LSConsent.Number)
	require.NoError(t, e.runQuietly(t, steps[:k]))

	e.ZoomSim.TokenEndpointDownFromNextRequest(2 * time.Second)
	err := e.runQuietly(t, steps[k:])
	require.Error(t, err, "a code exchange while the token endpoint is down must fail")
	assert.Equal(t, guide.LSVerify.Number, stepOf(err), "%v", err)
	assert.Contains(t, err.Error(), "LearningSpace's error", "LearningSpace shows what went wrong: %v", err)
	assert.Zero(t, e.ZoomSim.TokensIssued(rt.Setup().Result().ClientID), "nothing issued while down")

	waitTokenEndpointUp(t, e.Site.WebURL)
	// A person goes back to the room and presses "Authorize LearningSpace
	// in Zoom" again.
	require.NoError(t, e.runQuietly(t, rt.Again()), "one new authorization after the outage")
	assert.Equal(t, 1, e.ZoomSim.TokensIssued(rt.Setup().Result().ClientID), "exactly one token, from the new authorization")
}

// waitTokenEndpointUp waits (a condition, with a deadline) until Zoom's
// token endpoint answers something other than 503: a request with no valid
// client is refused, but by a token endpoint that is up.
func waitTokenEndpointUp(t *testing.T, zoomURL string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	err := utils.Retry(ctx, utils.BackoffSleeper(20*time.Millisecond, 200*time.Millisecond, nil), func() (bool, error) {
		res, err := client.PostForm(strings.TrimRight(zoomURL, "/")+"/oauth/token", url.Values{"grant_type": {"authorization_code"}})
		if err != nil {
			return false, nil
		}
		_ = res.Body.Close() // only the status matters
		return res.StatusCode != http.StatusServiceUnavailable, nil
	})
	require.NoError(t, err, "the token endpoint is still down after 10 s")
}

// A save that keeps the page busy for 5 s (its spinner covering the form)
// is waited through: the harness waits for what the save promises, not for
// a fixed time, within the step's deadline. The walk stops at 11.1, the
// step that acts on the page the save led to.
func TestSlowSaveIsWaitedThrough(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t)
	if e.StepTime < 8*time.Second {
		t.Skipf("a 5 s save needs a step deadline of 8 s or more; E2E_STEP_TIMEOUT=%s", e.StepTime)
	}
	r := classicFromApp(t, e, e.NewApp(), e.LSURL)
	steps := r.Flow.Steps
	k := indexOf(t, steps, guide.Information.Number) // Continue saves App Credentials
	require.NoError(t, e.runQuietly(t, steps[:k]))
	e.ZoomSim.SpinNextSave(5 * time.Second)
	start := time.Now()
	require.NoError(t, e.runQuietly(t, steps[k:k+1]), "step 11 must wait through a 5 s save")
	took := time.Since(start)
	assert.GreaterOrEqual(t, took, 5*time.Second, "the save was not held: the test proves nothing")
	require.Equal(t, guide.Descriptions.Number, steps[k+1].Number)
	require.NoError(t, e.runQuietly(t, steps[k+1:k+2]), "step 11.1 on the page the save led to")
}
