package zoom

import (
	"context"
	"errors"
	"fmt"
	"time"

	"lszoom/pages/ui"
)

var createLabels = struct {
	appName, userManaged, accountLevel, publish, create string
}{
	appName:      "App Name",
	userManaged:  "User-managed app",
	accountLevel: "Account-level app",
	// Older wording: "Intend to publish this app on Zoom Marketplace".
	publish: "Would you like to publish this app on Zoom Marketplace?",
	create:  "Create",
}

// CreateDialog is the dialog that names a new app (guide steps 8–9).
type CreateDialog struct {
	screen
	q ui.Query // the dialog
}

// in is the dialog as a region, found again for each call: the site may
// render it anew (after a validation message, say).
func (d *CreateDialog) in(ctx context.Context) (ui.Region, error) {
	return d.r(ctx).Within(d.q)
}

// SetName types the App Name (step 8.1).
func (d *CreateDialog) SetName(ctx context.Context, name string) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	return in.Fill(ui.Role("textbox", createLabels.appName), name)
}

// SelectUserManaged picks "User-managed app" (step 8.2); selecting a radio
// is idempotent, so a click the page ignored is made again.
func (d *CreateDialog) SelectUserManaged(ctx context.Context) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	radio := ui.Role("radio", createLabels.userManaged)
	return in.Ensure(createLabels.userManaged+" selected", expandPatience,
		func() error { return in.Click(radio) },
		func() (bool, error) { return checked(in, radio) })
}

// checked reads a checkbox, radio or switch of the region.
func checked(r ui.Region, q ui.Query) (bool, error) {
	el, err := r.Find(q)
	if err != nil {
		return false, err
	}
	return ui.Checked(el)
}

// UserManaged reads whether "User-managed app" is selected.
func (d *CreateDialog) UserManaged(ctx context.Context) (bool, error) {
	in, err := d.in(ctx)
	if err != nil {
		return false, err
	}
	return checked(in, ui.Role("radio", createLabels.userManaged))
}

// Publish reads the publish switch.
func (d *CreateDialog) Publish(ctx context.Context) (bool, error) {
	in, err := d.in(ctx)
	if err != nil {
		return false, err
	}
	return checked(in, ui.Role("switch", createLabels.publish))
}

// SetPublish turns the publish switch on or off (step 8.3: off) and waits
// until it shows that state. A switch toggles: it is clicked once, never
// again blindly.
func (d *CreateDialog) SetPublish(ctx context.Context, on bool) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	sw := ui.Role("switch", createLabels.publish)
	cur, err := checked(in, sw)
	if err != nil {
		return err
	}
	if cur != on {
		if err := in.Click(sw); err != nil {
			return err
		}
	}
	// The switch must keep the state for switchSettle: a dialog that puts
	// it back by itself (it "will not stay off") must not pass.
	var since time.Time
	return in.WaitUntil(fmt.Sprintf("the publish switch %s", onOff(on)), func() (bool, error) {
		v, err := checked(in, sw)
		switch {
		case err != nil:
			return false, err
		case v != on && !since.IsZero():
			return false, ui.Stop(ErrSwitchFlippedBack)
		case v != on:
			return false, nil
		case since.IsZero():
			since = time.Now()
		}
		return time.Since(since) >= switchSettle, nil
	})
}

// switchSettle is how long a switch must keep the state it was set to.
const switchSettle = 350 * time.Millisecond

// ErrSwitchFlippedBack: a switch the harness set went back by itself.
var ErrSwitchFlippedBack = errors.New("the switch went back by itself after it showed the state it was set to")

// Create clicks the dialog's Create (step 9) and returns the new app's page
// on its App Credentials tab; a refused name comes back as *FieldError. A
// create the site failed (it says so) is pressed again; nothing else is.
func (d *CreateDialog) Create(ctx context.Context) (*AppPage, error) {
	in, err := d.in(ctx)
	if err != nil {
		return nil, err
	}
	err = save(d.r(ctx), in, "the new app's page",
		func() error { return in.Click(ui.Role("button", createLabels.create)) },
		func() (bool, error) { return IsAppURL(d.URL()), nil })
	if err != nil {
		return nil, err
	}
	app := &AppPage{d.screen}
	return app, app.waitTab(ctx, appLabels.tabCredentials)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
