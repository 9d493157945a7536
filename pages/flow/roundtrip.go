package flow

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/internal/guide"
	lspages "lszoom/pages/learningspace"
	"lszoom/pages/ui"
	"lszoom/pages/zoom"
)

// Consent is what the room's Zoom user does on Zoom's consent page.
type Consent int

const (
	// Allow: the user lets LearningSpace in (the guide's way).
	Allow Consent = iota
	// Decline: the user refuses.
	Decline
)

// RoundTrip is what LearningSpace's consent round trip needs: both sites,
// the tab, LearningSpace's administrator, the app the setup created, and
// the room to add.
type RoundTrip struct {
	LearningSpace lspages.Driver
	Zoom          zoom.Driver
	Tab           *rod.Page
	Admin         Login // LearningSpace's administrator
	// ZoomUser signs in on Zoom if the authorize URL meets a signed-out
	// browser: the room's Zoom user.
	ZoomUser Login
	// App is the app the setup made, Flow the build flow that made it
	// (Created.Flow): the consent page and the token name its scopes as
	// that flow does.
	App  guide.App
	Flow guide.Flow
	// Credentials are what LS.1 types into LearningSpace: the app's, or
	// others to see LearningSpace fail.
	Credentials Credentials
	// Room is the name of the room LS.2 adds (it carries the run's ID);
	// rooms named with RoomPrefix that hold RegistrationEmail were left by
	// an earlier run and are removed first.
	Room, RoomPrefix  string
	RegistrationEmail string
	Consent           Consent
	// BeforeAllow runs just before Allow (a test rewriting the way back,
	// say); the returned stop runs once Allow has been pressed.
	BeforeAllow func(tab *rod.Page) (stop func(), err error)
	Hooks       Hooks
}

// roundTripRun holds what the round trip's steps hand each other.
type roundTripRun struct {
	none     struct{}
	security *lspages.SecurityPage
	room     *lspages.RoomPage
	consent  *zoom.ConsentPage
}

// Trip is the round trip as flows: Flow is LS.0–LS.6; Again is what a
// person does after an authorization that failed: back to the room and
// Authorize again, then LS.4–LS.6.
type Trip struct {
	Flow  Flow
	Again Flow
}

// NewRoundTrip builds the round trip's flows.
func NewRoundTrip(rt RoundTrip) Trip {
	r := &roundTripRun{}
	c := roundTrip{RoundTrip: rt}
	tail := []Step{
		step(guide.LSConsent, &r.consent, &r.none, c.consent),
		step(guide.LSVerify, &r.none, &r.room, c.verify),
		check(guide.LSUse, &r.room, c.use),
	}
	head := []Step{
		step(guide.LSSignIn, &r.none, &r.security, c.signIn),
		step(guide.LSConfigure, &r.security, &r.security, c.configure),
		step(guide.LSAddRoom, &r.security, &r.room, c.addRoom),
		step(guide.LSAuthorize, &r.room, &r.consent, c.authorize),
	}
	again := []Step{step(guide.LSAuthorize, &r.none, &r.consent, c.authorizeAgain)}
	return Trip{
		Flow:  Flow{Name: "round trip", Steps: append(head, tail...)},
		Again: Flow{Name: "round trip, authorized again", Steps: append(again, tail...)},
	}
}

// RoomDescription is the Description LS.2 gives the room it adds.
const RoomDescription = "Debriefing room on Zoom"

// roundTrip holds the round trip's fixed inputs; its methods are the steps.
type roundTrip struct{ RoundTrip }

// signIn is what comes before LearningSpace's settings, a step of its own
// so that a slow LearningSpace (five pages and more) does not eat the
// settings' deadline: the administrator signs in, and the rooms an earlier
// run left go. It ends on System > Security.
func (c roundTrip) signIn(ctx context.Context, _ struct{}) (*lspages.SecurityPage, error) {
	// The person goes back to their first tab (the Marketplace may have
	// opened in another): a background tab paints nothing and Chromium does
	// not keep its accessibility tree up to date.
	if _, err := c.Tab.Activate(); err != nil {
		return nil, err
	}
	dash, err := lspages.LogIn(ctx, c.LearningSpace, c.Tab, c.Admin.User, c.Admin.Password)
	if err != nil {
		return nil, err
	}
	sec, err := dash.System(ctx)
	if err != nil {
		return nil, err
	}
	// Rooms an earlier run left go first, while LearningSpace still holds
	// the credentials their tokens were issued to: deleting a room revokes
	// its token, which Zoom refuses to another app's credentials.
	return c.removeLeftoverRooms(ctx, sec)
}

// configure checks the Redirect URL LearningSpace names and saves the
// app's credentials.
func (c roundTrip) configure(ctx context.Context, sec *lspages.SecurityPage) (*lspages.SecurityPage, error) {
	shown, err := sec.RedirectURL(ctx)
	if err != nil {
		return nil, err
	}
	if want := c.LearningSpace.URL; shown != want {
		return nil, guide.Fail(guide.LSConfigure, fmt.Sprintf("LearningSpace to name %q as its Redirect URL", want), fmt.Sprintf("%q", shown))
	}
	return sec, sec.Configure(ctx, c.Credentials.ClientID, c.Credentials.ClientSecret)
}

// removeLeftoverRooms deletes, from System > Rooms, the rooms an earlier run
// left (named with RoomPrefix) that hold the round trip's Registration
// email, as a person would before adding the room again. A room the harness
// did not make is never touched: LS.2 then fails with LearningSpace's own
// refusal. It returns to System > Security.
func (c roundTrip) removeLeftoverRooms(ctx context.Context, sec *lspages.SecurityPage) (*lspages.SecurityPage, error) {
	rooms, err := sec.System().Rooms(ctx)
	if err != nil {
		return nil, err
	}
	list, err := rooms.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, row := range list {
		if !strings.EqualFold(row.RegistrationEmail, c.RegistrationEmail) || c.RoomPrefix == "" || !strings.HasPrefix(row.Name, c.RoomPrefix) {
			continue
		}
		c.Hooks.logf("step LS.0: removing room %q, left by an earlier run with Registration email %s", row.Name, c.RegistrationEmail)
		if err := rooms.Delete(ctx, row.Name); err != nil {
			return nil, err
		}
	}
	return rooms.System().Security(ctx)
}

func (c roundTrip) addRoom(ctx context.Context, sec *lspages.SecurityPage) (*lspages.RoomPage, error) {
	rooms, err := sec.System().Rooms(ctx)
	if err != nil {
		return nil, err
	}
	add, err := rooms.AddNewRoom(ctx)
	if err != nil {
		return nil, err
	}
	room, err := add.AddVirtualRoom(ctx, c.Room, RoomDescription, c.RegistrationEmail)
	if err != nil {
		return nil, err
	}
	_, authorized, status, err := room.AuthorizedAs(ctx)
	if err != nil {
		return nil, err
	}
	if authorized {
		return nil, guide.Fail(guide.LSAddRoom, "a new room not yet authorized", fmt.Sprintf("%q", status))
	}
	return room, nil
}

// authorize sends the room's Zoom user to Zoom; a signed-out browser signs
// in first and comes back. Zoom's "Invalid redirect" page means the app's
// Redirect URL or allow list (guide steps 10.2, 10.3) is not
// LearningSpace's URL.
func (c roundTrip) authorize(ctx context.Context, room *lspages.RoomPage) (*zoom.ConsentPage, error) {
	if err := room.Authorize(ctx); err != nil {
		return nil, err
	}
	if zoom.OnSignInPage(c.Tab) {
		if err := SignIn(ctx, zoom.SignInPageOn(c.Zoom, c.Tab), c.ZoomUser, c.Hooks); err != nil {
			return nil, err
		}
	}
	// Zoom skips the consent page for an app the user has allowed before,
	// with the same scopes: the browser is then back on LearningSpace.
	consent := zoom.ConsentPageOn(c.Zoom, c.Tab)
	back := false
	err := ui.In(ctx, c.Tab).WaitUntil("Zoom's consent page, or LearningSpace again", func() (bool, error) {
		if u := ui.URL(c.Tab); u == c.LearningSpace.URL || strings.HasPrefix(u, strings.TrimRight(c.LearningSpace.URL, "/")+"/") {
			back = true
			return true, nil
		}
		return consent.Shown(ctx)
	})
	if err != nil {
		return nil, err
	}
	if back {
		c.Hooks.logf("step LS.3: Zoom did not ask for consent: the user had allowed this app before")
		return nil, nil
	}
	h, invalid, err := consent.InvalidRedirect(ctx)
	if err != nil {
		return nil, err
	}
	if invalid {
		return nil, guide.Fail(guide.RedirectURL,
			fmt.Sprintf("Zoom to accept LearningSpace's URL %s (registered as Redirect URL for OAuth)", c.LearningSpace.URL),
			fmt.Sprintf("Zoom's error page %q", h))
	}
	return consent, nil
}

// authorizeAgain goes back to LS.2's room the way a person does (System,
// Rooms, the room's name) and authorizes again.
func (c roundTrip) authorizeAgain(ctx context.Context, _ struct{}) (*zoom.ConsentPage, error) {
	sec, err := lspages.MainNavOn(c.LearningSpace, c.Tab).System(ctx)
	if err != nil {
		return nil, err
	}
	rooms, err := sec.System().Rooms(ctx)
	if err != nil {
		return nil, err
	}
	room, err := rooms.Open(ctx, c.Room)
	if err != nil {
		return nil, err
	}
	return c.authorize(ctx, room)
}

func (c roundTrip) consent(ctx context.Context, page *zoom.ConsentPage) (struct{}, error) {
	if page == nil { // Zoom remembered the user's consent (LS.3)
		if c.Consent == Decline {
			return struct{}{}, guide.Fail(guide.LSConsent, "a consent page to decline", "none: Zoom remembered the user's consent")
		}
		return struct{}{}, nil
	}
	name, err := page.AppName(ctx)
	if err != nil {
		return struct{}{}, err
	}
	if name != c.App.Name {
		return struct{}{}, guide.Fail(guide.LSConsent, fmt.Sprintf("a consent page for %q", c.App.Name), fmt.Sprintf("%q", name))
	}
	perms, err := page.Permissions(ctx)
	if err != nil {
		return struct{}{}, err
	}
	if want := c.App.Boxes(c.Flow).Descriptions(); !sameSet(perms, want) {
		return struct{}{}, guide.Fail(guide.LSConsent, fmt.Sprintf("the permissions %q", want), fmt.Sprintf("%q", perms))
	}
	if c.Consent == Decline {
		return struct{}{}, page.Decline(ctx)
	}
	if c.BeforeAllow != nil {
		stop, err := c.BeforeAllow(c.Tab)
		if err != nil {
			return struct{}{}, err
		}
		defer stop()
	}
	return struct{}{}, page.Allow(ctx)
}

func (c roundTrip) verify(ctx context.Context, _ struct{}) (*lspages.RoomPage, error) {
	room, err := lspages.BackFromZoom(ctx, c.LearningSpace, c.Tab)
	var failed *lspages.AuthFailed
	if errors.As(err, &failed) {
		return nil, guide.Fail(guide.LSVerify, "the room authorized for "+c.RegistrationEmail, fmt.Sprintf("LearningSpace's error: %q", failed.Message))
	}
	if err != nil {
		return nil, err
	}
	email, _, status, err := room.AuthorizedAs(ctx)
	if err != nil {
		return nil, err
	}
	if email != c.RegistrationEmail {
		return nil, guide.Fail(guide.LSVerify, "the room authorized as "+c.RegistrationEmail, fmt.Sprintf("%q", status))
	}
	granted, err := room.GrantedScopes(ctx)
	if err != nil {
		return nil, err
	}
	if want := c.App.Boxes(c.Flow).Names(); !sameSet(granted, want) {
		return nil, guide.Fail(guide.LSVerify, fmt.Sprintf("granted scopes %q", want), fmt.Sprintf("%q", granted))
	}
	return room, nil
}

// use schedules a meeting and lists recordings with the room's token. A
// refusal for a missing scope names the guide step that ticks it.
func (c roundTrip) use(ctx context.Context, room *lspages.RoomPage) error {
	msg, err := room.ScheduleTestMeeting(ctx)
	if err != nil {
		return c.scopeStepError(err, "a test meeting scheduled")
	}
	n, err := room.CheckRecordings(ctx)
	if err != nil {
		return c.scopeStepError(err, "the room's recordings listed")
	}
	c.Hooks.logf("step LS.6: %s; %d recordings listed", msg, n)
	return nil
}

var missingScopes = regexp.MustCompile(`does not contain scopes:\[([^\]]*)\]`)

// scopeStepError turns Zoom's "does not contain scopes:[x]" (code 4711), as
// LearningSpace shows it, into a failure of the guide step that ticks x.
func (c roundTrip) scopeStepError(err error, expected string) error {
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
		// Named by the guide step that ticks it, even if this App leaves it out.
		if s, ok := guide.ScopeStep(name); ok {
			st, _ := guide.ByNumber(s.Step)
			return guide.Fail(st, fmt.Sprintf("%s: the app's scopes to include %s (%s, %s)", expected, name, describe(s, name), s.Category),
				fmt.Sprintf("Zoom refused: %q", refused.Message))
		}
	}
	return guide.Fail(guide.LSUse, expected, fmt.Sprintf("%q", refused.Message))
}

// describe is the box label of scope name, the classic scope s or one of
// the granular scopes that stand for it, quoted.
func describe(s guide.Scope, name string) string {
	for _, g := range s.Granular {
		if g.Name == name {
			return fmt.Sprintf("%q", g.Description)
		}
	}
	return fmt.Sprintf("%q", s.Description)
}
