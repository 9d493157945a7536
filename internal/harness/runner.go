package harness

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"lszoom/internal/guide"
	"lszoom/pages/flow"
	"lszoom/pages/zoom"
)

// Runner runs a flow's steps for this world: each under E2E_STEP_TIMEOUT
// (a step it expects broken under brokenStepWait), and, if Zoom ends the
// sign-in session mid-walk, signing in again on the tab it sent to sign in,
// then back to the step whose work was lost.
func (w *World) Runner() flow.Runner {
	return flow.Runner{
		StepTimeout: w.StepTime,
		Patience: func(s guide.Step) time.Duration {
			if s.Number == w.brokenStep {
				return w.brokenWait
			}
			return 0
		},
		WatchURLs:   w.Sess.OnURL,
		SignedOut:   zoom.IsSignInURL,
		SignInAgain: w.signInAgain,
		Watched:     WatchesSignIn,
		Log:         w.o.Log,
	}
}

// WatchesSignIn: the steps after sign-in that stay on Zoom (2–18). Step 1
// is the sign-in, and the round trip's authorize may meet a sign-in page by
// design.
func WatchesSignIn(s guide.Step) bool {
	return s.Number != guide.SignIn.Number && !strings.HasPrefix(s.Number, "LS.")
}

// RestoredWithoutPassword is what the world logs when the web portal's
// session brought a lapsed Marketplace back.
const RestoredWithoutPassword = "the Marketplace session lapsed; restored from the web portal's session without a password"

// signInAgain signs in on the tab Zoom sent to its sign-in page; Zoom then
// sends it back where it was. A Marketplace that lapsed while the web
// portal's session lives is restored through the portal first, without a
// password (zoom.RestoreMarketplace).
func (w *World) signInAgain(ctx context.Context) error {
	pages, err := w.Sess.Pages()
	if err != nil {
		return err
	}
	for _, p := range pages {
		if zoom.OnSignInPage(p) {
			if ok, err := zoom.RestoreMarketplace(ctx, w.Zoom, p); err != nil || ok {
				if ok {
					w.Logf("%s", RestoredWithoutPassword)
				}
				return err
			}
			return flow.SignIn(ctx, zoom.SignInPageOn(w.Zoom, p), w.Owner(), w.Hooks())
		}
	}
	return errors.New("no tab is on Zoom's sign-in page")
}

// Count is how many of the lines the flows logged are line.
func (w *World) Count(line string) int {
	w.logMu.Lock()
	defer w.logMu.Unlock()
	n := 0
	for _, l := range w.logs {
		if l == line {
			n++
		}
	}
	return n
}

// failedStep is the guide step an error names (a check in step 12 can find
// that step 11.2 did not stick), else the step that was running: artifacts
// are named after it.
func failedStep(err error, running guide.Step) guide.Step {
	if s, ok := guide.StepOf(err); ok {
		return s
	}
	return running
}

// stepAfter lists the guide's setup steps after number.
func stepsAfter(number string) []guide.Step {
	if k := slices.IndexFunc(guide.Setup, func(s guide.Step) bool { return s.Number == number }); k >= 0 {
		return guide.Setup[k+1:]
	}
	return nil
}
