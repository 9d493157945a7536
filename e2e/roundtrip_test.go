package e2e

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"lszoom/fixtures/testapp"
	"lszoom/internal/guide"
	lspages "lszoom/pages/learningspace"
	"lszoom/pages/zoom"
)

// roundTrip is LearningSpace's side after the guide: the app's credentials
// in System → Security, a virtual room for a Zoom user, that user's consent
// on Zoom, and the token at work (steps LS.1–LS.6).
type roundTrip struct {
	e     *env
	setup *setupRun // the app the guide's steps created

	clientSecret string // what is typed into LearningSpace (the app's, unless a test breaks it)
	regEmail     string // the room's Registration email
	decline      bool   // Decline instead of Allow on Zoom's consent page
	tamperState  bool   // change the state on its way back to LearningSpace

	security *lspages.SecurityPage
	roomName string // LS.2's room
	room     *lspages.RoomPage
}

// openRoom goes to LS.2's room the way a person does: System, Rooms, the
// room's name.
func (rt *roundTrip) openRoom(ctx context.Context) (*lspages.RoomPage, error) {
	sec, err := lspages.MainNavOn(rt.e.ls, rt.page()).System(ctx)
	if err != nil {
		return nil, err
	}
	rooms, err := sec.System().Rooms(ctx)
	if err != nil {
		return nil, err
	}
	return rooms.Open(ctx, rt.roomName)
}

func newRoundTrip(e *env, setup *setupRun) *roundTrip {
	return &roundTrip{e: e, setup: setup, regEmail: e.email}
}

func (rt *roundTrip) steps() []step {
	return []step{
		{Step: guide.LSConfigure, run: rt.doConfigure},
		{Step: guide.LSAddRoom, run: rt.doAddRoom},
		{Step: guide.LSAuthorize, run: rt.doAuthorize},
		{Step: guide.LSConsent, run: rt.doConsent},
		{Step: guide.LSVerify, run: rt.verifyAuthorized},
		{Step: guide.LSUse, run: rt.verifyTokenWorks},
	}
}

func (rt *roundTrip) page() *rod.Page { return rt.e.sess.Page }

func (rt *roundTrip) doConfigure(ctx context.Context) error {
	secret := rt.clientSecret
	if secret == "" {
		secret = rt.setup.ClientSecret
	}
	// The person goes back to their first tab (the Marketplace may have
	// opened in another): a background tab paints nothing and Chromium does
	// not keep its accessibility tree up to date.
	if _, err := rt.page().Activate(); err != nil {
		return err
	}
	dash, err := lspages.LogIn(ctx, rt.e.ls, rt.page(), cfg.LSAdminUser, cfg.LSAdminPassword)
	if err != nil {
		return err
	}
	sec, err := dash.System(ctx)
	if err != nil {
		return err
	}
	shown, err := sec.RedirectURL(ctx)
	if err != nil {
		return err
	}
	if shown != rt.e.lsURL {
		return guide.Fail(guide.LSConfigure, fmt.Sprintf("LearningSpace to name %q as its Redirect URL", rt.e.lsURL), fmt.Sprintf("%q", shown))
	}
	// Rooms an earlier run left go first, while LearningSpace still holds
	// the credentials their tokens were issued to: deleting a room revokes
	// its token, which Zoom refuses to another app's credentials.
	if sec, err = rt.removeLeftoverRooms(ctx, sec); err != nil {
		return err
	}
	rt.security = sec
	return sec.Configure(ctx, rt.setup.ClientID, secret)
}

// removeLeftoverRooms deletes, from System > Rooms, the rooms an earlier run
// of the harness left (their names start with testapp.RoomPrefix) that hold
// the round trip's Registration email, as a person would before adding the
// room again. A room the harness did not make is never touched: LS.2 then
// fails with LearningSpace's own refusal. It returns to System > Security.
func (rt *roundTrip) removeLeftoverRooms(ctx context.Context, sec *lspages.SecurityPage) (*lspages.SecurityPage, error) {
	rooms, err := sec.System().Rooms(ctx)
	if err != nil {
		return nil, err
	}
	list, err := rooms.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, row := range list {
		if !strings.EqualFold(row.RegistrationEmail, rt.regEmail) || !strings.HasPrefix(row.Name, testapp.RoomPrefix) {
			continue
		}
		rt.e.t.Logf("step LS.1: removing room %q, left by an earlier run with Registration email %s", row.Name, rt.regEmail)
		if err := rooms.Delete(ctx, row.Name); err != nil {
			return nil, err
		}
	}
	return rooms.System().Security(ctx)
}

// doAddRoom adds the virtual room of the round trip (LS.1 removed what an
// earlier run left).
func (rt *roundTrip) doAddRoom(ctx context.Context) error {
	rooms, err := rt.security.System().Rooms(ctx)
	if err != nil {
		return err
	}
	add, err := rooms.AddNewRoom(ctx)
	if err != nil {
		return err
	}
	rt.roomName = testapp.RoomName(rt.e.runID)
	rt.room, err = add.AddVirtualRoom(ctx, rt.roomName, "Debriefing room on Zoom", rt.regEmail)
	if err != nil {
		return err
	}
	_, authorized, status, err := rt.room.AuthorizedAs(ctx)
	if err != nil {
		return err
	}
	if authorized {
		return guide.Fail(guide.LSAddRoom, "a new room not yet authorized", fmt.Sprintf("%q", status))
	}
	return nil
}

// doAuthorize sends the room's Zoom user to Zoom; a signed-out browser
// signs in first and comes back. Zoom's "Invalid redirect" page means the
// app's Redirect URL or allow list (guide steps 10.2, 10.3) is not
// LearningSpace's URL.
func (rt *roundTrip) doAuthorize(ctx context.Context) error {
	if err := rt.room.Authorize(ctx); err != nil {
		return err
	}
	if zoom.OnSignInPage(rt.page()) {
		si := zoom.SignInPageOn(rt.e.d, rt.page())
		if err := si.SignIn(ctx, rt.e.email, rt.e.password); err != nil {
			return err
		}
	}
	h, invalid, err := zoom.ConsentPageOn(rt.e.d, rt.page()).InvalidRedirect(ctx)
	if err != nil {
		return err
	}
	if invalid {
		return guide.Fail(guide.RedirectURL,
			fmt.Sprintf("Zoom to accept LearningSpace's URL %s (registered as Redirect URL for OAuth)", rt.e.lsURL),
			fmt.Sprintf("Zoom's error page %q", h))
	}
	return nil
}

func (rt *roundTrip) doConsent(ctx context.Context) error {
	c := zoom.ConsentPageOn(rt.e.d, rt.page())
	name, err := c.AppName(ctx)
	if err != nil {
		return err
	}
	if name != rt.setup.app.Name {
		return guide.Fail(guide.LSConsent, fmt.Sprintf("a consent page for %q", rt.setup.app.Name), fmt.Sprintf("%q", name))
	}
	perms, err := c.Permissions(ctx)
	if err != nil {
		return err
	}
	var want []string
	for _, s := range rt.setup.app.Scopes {
		want = append(want, s.Description)
	}
	if !sameSet(perms, want) {
		return guide.Fail(guide.LSConsent, fmt.Sprintf("the permissions %q", want), fmt.Sprintf("%q", perms))
	}
	if rt.decline {
		return c.Decline(ctx)
	}
	if rt.tamperState {
		stop, err := rewriteState(rt.page(), rt.e.lsURL, "tampered-"+rt.setup.app.Name[len(rt.setup.app.Name)-6:])
		if err != nil {
			return err
		}
		defer stop()
	}
	return c.Allow(ctx)
}

func (rt *roundTrip) verifyAuthorized(ctx context.Context) error {
	room, err := lspages.BackFromZoom(ctx, rt.e.ls, rt.page())
	var failed *lspages.AuthFailed
	if errors.As(err, &failed) {
		return guide.Fail(guide.LSVerify, "the room authorized for "+rt.regEmail, fmt.Sprintf("LearningSpace's error: %q", failed.Message))
	}
	if err != nil {
		return err
	}
	rt.room = room
	email, _, status, err := room.AuthorizedAs(ctx)
	if err != nil {
		return err
	}
	if email != rt.regEmail {
		return guide.Fail(guide.LSVerify, "the room authorized as "+rt.regEmail, fmt.Sprintf("%q", status))
	}
	granted, err := room.GrantedScopes(ctx)
	if err != nil {
		return err
	}
	if want := rt.setup.app.ScopeNames(); !sameSet(granted, want) {
		return guide.Fail(guide.LSVerify, fmt.Sprintf("granted scopes %q", want), fmt.Sprintf("%q", granted))
	}
	return nil
}

// verifyTokenWorks schedules a meeting and lists recordings with the room's
// token. A refusal for a missing scope names the guide step that ticks it.
func (rt *roundTrip) verifyTokenWorks(ctx context.Context) error {
	msg, err := rt.room.ScheduleTestMeeting(ctx)
	if err != nil {
		return scopeStepError(err, "a test meeting scheduled")
	}
	n, err := rt.room.CheckRecordings(ctx)
	if err != nil {
		return scopeStepError(err, "the room's recordings listed")
	}
	rt.e.t.Logf("step LS.6: %s; %d recordings listed", msg, n)
	return nil
}

var missingScopes = regexp.MustCompile(`does not contain scopes:\[([^\]]*)\]`)

// scopeStepError turns Zoom's "does not contain scopes:[x]" (code 4711), as
// LearningSpace shows it, into a failure of the guide step that ticks x.
func scopeStepError(err error, expected string) error {
	var refused *lspages.Refused
	if !errors.As(err, &refused) {
		return err
	}
	m := missingScopes.FindStringSubmatch(refused.Message)
	if m == nil {
		return guide.Fail(guide.LSUse, expected, fmt.Sprintf("%q", refused.Message))
	}
	for _, name := range strings.Split(m[1], ",") {
		name = strings.TrimSpace(name)
		for _, s := range testapp.GuideScopes {
			if s.Name == name {
				st, _ := guide.ByNumber(s.Step)
				return guide.Fail(st, fmt.Sprintf("%s: the app's scopes to include %s (%q, %s)", expected, name, s.Description, s.Category),
					fmt.Sprintf("Zoom refused: %q", refused.Message))
			}
		}
	}
	return guide.Fail(guide.LSUse, expected, fmt.Sprintf("%q", refused.Message))
}

// rewriteState changes the state parameter of the browser's way back to
// LearningSpace, as an attacker's forged link would carry: the request is
// altered in the browser (Fetch domain), cookies and all.
func rewriteState(p *rod.Page, lsURL, state string) (stop func(), err error) {
	router := p.HijackRequests()
	err = router.Add(lsURL+"/?*", proto.NetworkResourceTypeDocument, func(h *rod.Hijack) {
		u := *h.Request.URL()
		q := u.Query()
		if q.Get("state") != "" {
			q.Set("state", state)
			u.RawQuery = q.Encode()
		}
		h.ContinueRequest(&proto.FetchContinueRequest{URL: u.String()})
	})
	if err != nil {
		return nil, err
	}
	go router.Run()
	return func() { _ = router.Stop() }, nil
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
