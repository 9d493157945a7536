package learningspace

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

// SecurityPage is System → Security: the Zoom OAuth meeting provider.
type SecurityPage struct{ screen }

// RedirectURL is the URL LearningSpace says to register in Zoom.
func (p *SecurityPage) RedirectURL(ctx context.Context) (string, error) {
	return p.r(ctx).Value(ui.Role("textbox", labels.redirectURL))
}

// Configure saves the app's Client ID and Client Secret and waits for
// "Settings saved"; a refused form returns the page's messages.
func (p *SecurityPage) Configure(ctx context.Context, clientID, clientSecret string) error {
	r := p.r(ctx)
	if err := r.Fill(ui.Role("textbox", labels.clientID), clientID); err != nil {
		return err
	}
	// A password box: Chromium names it by its label like a textbox.
	if err := r.Fill(ui.Role("textbox", labels.clientSecret), clientSecret); err != nil {
		return err
	}
	if err := p.submit(ctx, r, ui.Role("button", labels.save)); err != nil {
		return err
	}
	if msgs := alertTexts(r); len(msgs) > 0 {
		return &Refused{Message: strings.Join(msgs, "; ")}
	}
	txt, err := r.Text(ui.Role("status", ""))
	if err != nil {
		return err
	}
	if txt != labels.settingsSaved {
		return fmt.Errorf("expected %q, the page says %q", labels.settingsSaved, txt)
	}
	return nil
}

// System goes back to the System tabs.
func (p *SecurityPage) System() *SystemPage { return &SystemPage{p.screen} }

// RoomsPage is System → Rooms.
type RoomsPage struct{ screen }

// AddNewRoom opens Add New Room.
func (p *RoomsPage) AddNewRoom(ctx context.Context) (*AddRoomPage, error) {
	if err := p.submit(ctx, p.r(ctx), ui.Role("link", labels.addNewRoom)); err != nil {
		return nil, err
	}
	return &AddRoomPage{p.screen}, nil
}

// AddRoomPage is Add New Room.
type AddRoomPage struct{ screen }

// AddVirtualRoom fills a virtual room (name, description, Virtual Room
// ticked, the Registration email of its Zoom user) and adds it.
func (p *AddRoomPage) AddVirtualRoom(ctx context.Context, name, description, registrationEmail string) (*RoomPage, error) {
	r := p.r(ctx)
	if err := r.Fill(ui.Role("textbox", labels.name), name); err != nil {
		return nil, err
	}
	if err := r.Fill(ui.Role("textbox", labels.description), description); err != nil {
		return nil, err
	}
	box, err := r.Find(ui.Role("checkbox", labels.virtualRoom))
	if err != nil {
		return nil, err
	}
	if on, err := ui.Checked(box); err != nil {
		return nil, err
	} else if !on {
		if err := r.Click(ui.Role("checkbox", labels.virtualRoom)); err != nil {
			return nil, err
		}
	}
	// The Registration email box appears once Virtual Room is ticked.
	if err := r.Fill(ui.Role("textbox", labels.regEmail), registrationEmail); err != nil {
		return nil, err
	}
	if err := p.submit(ctx, r, ui.Role("button", labels.add)); err != nil {
		return nil, err
	}
	if msgs := alertTexts(r); len(msgs) > 0 {
		return nil, &Refused{Message: strings.Join(msgs, "; ")}
	}
	room := &RoomPage{p.screen}
	_, err = room.region(ctx)
	return room, err
}

// RoomPage is a virtual room: its Zoom authorization and what it allows.
type RoomPage struct{ screen }

// RoomPageOn wraps the tab Zoom sent back to LearningSpace.
func RoomPageOn(d Driver, p *rod.Page) *RoomPage { return &RoomPage{d.on(p)} }

func (r *RoomPage) region(ctx context.Context) (ui.Region, error) {
	return r.r(ctx).Within(ui.Role("region", labels.virtualHeading))
}

// ZoomStatus is "Not authorized" or "Authorized as <email>".
func (r *RoomPage) ZoomStatus(ctx context.Context) (string, error) {
	in, err := r.region(ctx)
	if err != nil {
		return "", err
	}
	return in.Text(ui.Role("status", ""))
}

// GrantedScopes lists the scopes the room's token was granted.
func (r *RoomPage) GrantedScopes(ctx context.Context) ([]string, error) {
	in, err := r.region(ctx)
	if err != nil {
		return nil, err
	}
	list, err := in.Within(ui.Role("list", labels.grantedScopes))
	if err != nil {
		return nil, err
	}
	return ui.Texts(list, ui.Role("listitem", ""))
}

// Authorize clicks "Authorize LearningSpace in Zoom": the browser goes to
// Zoom (a sign-in page, the consent page or Zoom's error page).
func (r *RoomPage) Authorize(ctx context.Context) error {
	in, err := r.region(ctx)
	if err != nil {
		return err
	}
	return r.submit(ctx, in, ui.Role("button", labels.authorize))
}

// AuthorizedAs reads the room's Zoom status: the email of the Zoom user
// whose token the room holds, or ok=false with the status as shown.
func (r *RoomPage) AuthorizedAs(ctx context.Context) (email string, ok bool, status string, err error) {
	status, err = r.ZoomStatus(ctx)
	if err != nil {
		return "", false, "", err
	}
	email, ok = strings.CutPrefix(status, labels.authorizedAs)
	return email, ok && status != labels.notAuthorized, status, nil
}

// ScheduleTestMeeting asks LearningSpace to create a meeting with the
// room's token. It returns the page's status when it says the meeting was
// scheduled, an error quoting it otherwise, or *Refused with the alert.
func (r *RoomPage) ScheduleTestMeeting(ctx context.Context) (string, error) {
	msg, err := r.act(ctx, labels.scheduleMeeting)
	if err == nil && !strings.HasPrefix(msg, labels.meetingScheduled) {
		err = fmt.Errorf("expected %q…, the page says %q", labels.meetingScheduled, msg)
	}
	return msg, err
}

// CheckRecordings asks LearningSpace to list the room's recordings and
// returns how many it found (or *Refused with the alert).
func (r *RoomPage) CheckRecordings(ctx context.Context) (int, error) {
	msg, err := r.act(ctx, labels.checkRecordings)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSuffix(msg, labels.recordingsFound))
	if err != nil || !strings.HasSuffix(msg, labels.recordingsFound) {
		return 0, fmt.Errorf("expected \"<n>%s\", the page says %q", labels.recordingsFound, msg)
	}
	return n, nil
}

func (r *RoomPage) act(ctx context.Context, button string) (string, error) {
	in, err := r.region(ctx)
	if err != nil {
		return "", err
	}
	if err := r.submit(ctx, in, ui.Role("button", button)); err != nil {
		return "", err
	}
	page := r.r(ctx)
	if msgs := alertTexts(page); len(msgs) > 0 {
		return "", &Refused{Message: strings.Join(msgs, "; ")}
	}
	// The page's own status (the room's) is inside the region; the
	// action's result is the other one.
	all, err := page.All(ui.Role("status", ""))
	if err != nil {
		return "", err
	}
	for _, el := range all {
		if id, _ := ui.Attr(el, "id"); id == "zoom-status" {
			continue
		}
		t, err := ui.TextOf(el.Context(ctx))
		if err == nil {
			return strings.TrimSpace(t), nil
		}
	}
	return "", errors.New("no result shown after " + button)
}

// Refused is a message LearningSpace showed instead of doing what was asked.
type Refused struct{ Message string }

func (e *Refused) Error() string { return "LearningSpace says: " + e.Message }

// AuthFailed is LearningSpace's "Zoom authorization failed" screen.
type AuthFailed struct{ Message string }

func (e *AuthFailed) Error() string { return "LearningSpace: Zoom authorization failed: " + e.Message }

// BackFromZoom waits until the browser is back on LearningSpace after Zoom
// and returns the room page, or *AuthFailed with the error screen's message.
func BackFromZoom(ctx context.Context, d Driver, p *rod.Page) (*RoomPage, error) {
	sc := d.on(p)
	r := sc.r(ctx)
	base := strings.TrimRight(d.URL, "/")
	var failed, ok bool
	err := r.WaitUntil("to be back on LearningSpace", func() (bool, error) {
		if !strings.HasPrefix(sc.url(), base) {
			return false, nil
		}
		var err error
		if failed, err = r.Exists(ui.Role("heading", labels.authFailed)); err != nil || failed {
			return failed, err
		}
		ok, err = r.Exists(ui.Role("region", labels.virtualHeading))
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	if failed {
		return nil, &AuthFailed{Message: strings.Join(alertTexts(r), "; ")}
	}
	return &RoomPage{sc}, nil
}

func alertTexts(s ui.Region) []string {
	out, _ := ui.Texts(s, ui.Role("alert", ""))
	return out
}
