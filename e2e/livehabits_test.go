package e2e

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/testapp"
	"lszoom/fixtures/zoomsim"
	"lszoom/internal/guide"
	"lszoom/internal/harness"
	"lszoom/pages/flow"
)

// Habits of the live site that the guide does not show, met in the middle
// of a General App walk: the harness gets through each as a person would.

// armAt makes arm run once, just before the first run of guide step number,
// in f or in the flows its Next gives.
func armAt(f flow.Flow, number string, once *sync.Once, arm func()) flow.Flow {
	steps := make([]flow.Step, len(f.Steps))
	copy(steps, f.Steps)
	for i := range steps {
		if steps[i].Number == number {
			run := steps[i].Run
			steps[i].Run = func(ctx context.Context) error {
				once.Do(arm)
				return run(ctx)
			}
		}
	}
	f.Steps = steps
	if next := f.Next; next != nil {
		f.Next = func() (flow.Flow, error) {
			n, err := next()
			if err != nil {
				return n, err
			}
			return armAt(n, number, once, arm), nil
		}
	}
	return f
}

// upTo is f (and the flows its Next gives) ending with guide step number:
// for a test whose point is made by then.
func upTo(f flow.Flow, number string) flow.Flow {
	if i := f.Index(number); i >= 0 {
		f.Steps, f.Next = f.Steps[:i+1], nil
		return f
	}
	if next := f.Next; next != nil {
		f.Next = func() (flow.Flow, error) {
			n, err := next()
			return upTo(n, number), err
		}
	}
	return f
}

// The Marketplace's session lapses in the middle of a General App walk
// while zoom.us's lives (a live run, August 2026): at step 10.3 the
// Marketplace sends the tab to sign in. The harness opens the profile, then
// the Marketplace address again, and the walk goes on from 10.2 without a
// password: the stand-in counts no password sign-in after step 1, and none
// at all for a run from a saved session, which has no password to type.
// Without zoom.RestoreMarketplace the first walk signs in with the password
// (a second sign-in counted) and the second stops with "run make login".
func TestMarketplaceSessionLapsesMidWalk(t *testing.T) {
	requireSim(t)
	t.Parallel()
	for _, saved := range []bool{false, true} {
		name := "signed in with the password"
		if saved {
			name = "from a saved session"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral))
			wantPasswords := 1 // step 1's
			if saved {
				c, err := e.ZoomSim.SignIn(e.Email, e.Password)
				require.NoError(t, err, "sign the owner in through the stand-in's API")
				ctx, cancel := context.WithTimeout(t.Context(), e.StepTime)
				defer cancel()
				require.NoError(t, e.CarryCookie(ctx, c, e.Site.WebURL), "give the browser the saved session")
				e.SavedSession, e.Password, wantPasswords = true, "", 0
			}
			r := e.Build(testapp.New(e.RunID), e.LSURL)
			lapsed := -1
			f := armAt(r.Flow, guide.RedirectURL.Number, &sync.Once{}, func() {
				lapsed = e.ZoomSim.LapseMarketplaceSession(e.Email)
			})
			// Through 12: Basic Information saved and read back after the
			// lapse; the rest of the walk is TestSetupOAuthApp's.
			require.True(t, e.runFlow(t, upTo(f, guide.Scopes.Number)), "the walk must get through the lapse")

			require.Equal(t, 1, lapsed, "the owner's Marketplace session lapsed before step %s: else the test proves nothing", guide.RedirectURL.Number)
			assert.Equal(t, 1, e.Count(harness.RestoredWithoutPassword), "the log says %q once", harness.RestoredWithoutPassword)
			assert.Equal(t, 1, e.ZoomSim.MarketplaceRestores(e.Email), "the portal restored the Marketplace's session")
			assert.Equal(t, wantPasswords, e.ZoomSim.PasswordSignIns(e.Email), "no password typed after step 1")
			a, ok := e.ZoomSim.AppByName(e.Email, r.App.Name)
			require.True(t, ok, "the stand-in holds the app, by the guide's name (8.1)")
			assert.Equal(t, zoomsim.UserManaged, a.Management, "step 8.2, redone after the lapse")
			assert.Equal(t, e.LSURL, a.RedirectURL, "step 10.2, redone after the lapse")
			assert.Contains(t, a.AllowList, e.LSURL, "step 10.3")
		})
	}
}

// An account's first General App build meets the API License and Terms of
// Use dialog (the live site shows it on the first build [V]; where in this
// flow is not established): before the dialog of app kinds, which the
// stand-in shows by default (TestSetupOAuthApp/general walks through it,
// and checks the license accepted), or after that dialog's Create, which
// step 7 goes through here. Without pages/zoom's AppKindDialog accepting
// it, step 7 waits for an app page that never comes.
func TestGeneralAppLicenseOnTheFirstBuild(t *testing.T) {
	requireSim(t)
	t.Parallel()
	e := newEnv(t, zoomsim.WithFlow(zoomsim.FlowGeneral), zoomsim.WithLicenseDialog(true), zoomsim.WithLicenseAfterCreate(true))
	require.False(t, e.ZoomSim.LicenseAccepted(e.Email), "a fresh account: the license not yet accepted")
	r := e.Build(testapp.New(e.RunID), e.LSURL)
	// Through 8.1: the app made and named; the rest of the walk is
	// TestSetupOAuthApp's.
	require.True(t, e.runFlow(t, upTo(r.Flow, guide.AppName.Number)), "the walk must get through the license dialog")
	assert.True(t, e.ZoomSim.LicenseAccepted(e.Email), "the stand-in has the license accepted")
	assert.Equal(t, guide.FlowGeneral, r.Found(), "step 5")
	require.Len(t, e.ZoomSim.AppsOf(e.Email), 1, "one app, the license dialog notwithstanding")
	assert.Equal(t, r.App.Name, e.ZoomSim.AppsOf(e.Email)[0].Name, "the app made and named")
}
