package zoom

import (
	"fmt"
	"strings"

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
	in ui.Scope
	q  ui.Query
}

// SetName types the App Name (step 8.1).
func (d *CreateDialog) SetName(name string) error {
	return d.in.Fill(ui.Role("textbox", createLabels.appName), name)
}

// SelectUserManaged picks "User-managed app" (step 8.2).
func (d *CreateDialog) SelectUserManaged() error {
	if err := d.in.Click(ui.Role("radio", createLabels.userManaged)); err != nil {
		return err
	}
	return d.in.WaitUntil(createLabels.userManaged+" selected", func() (bool, error) {
		return d.UserManaged()
	})
}

// UserManaged reads whether "User-managed app" is selected.
func (d *CreateDialog) UserManaged() (bool, error) {
	el, err := d.in.Find(ui.Role("radio", createLabels.userManaged))
	if err != nil {
		return false, err
	}
	return ui.Checked(el)
}

// Publish reads the publish switch.
func (d *CreateDialog) Publish() (bool, error) {
	el, err := d.in.Find(ui.Role("switch", createLabels.publish))
	if err != nil {
		return false, err
	}
	return ui.Checked(el)
}

// SetPublish turns the publish switch on or off (step 8.3: off) and waits
// until it shows that state.
func (d *CreateDialog) SetPublish(on bool) error {
	cur, err := d.Publish()
	if err != nil {
		return err
	}
	if cur != on {
		if err := d.in.Click(ui.Role("switch", createLabels.publish)); err != nil {
			return err
		}
	}
	return d.in.WaitUntil(fmt.Sprintf("the publish switch %s", onOff(on)), func() (bool, error) {
		v, err := d.Publish()
		return v == on, err
	})
}

// Create clicks the dialog's Create (step 9) and returns the new app's page
// on its App Credentials tab; a refused name comes back as *FieldError.
func (d *CreateDialog) Create() (*AppPage, error) {
	if err := d.in.Click(ui.Role("button", createLabels.create)); err != nil {
		return nil, err
	}
	var msgs []string
	err := d.s.WaitUntil("the new app's page, or a message in the dialog", func() (bool, error) {
		if strings.Contains(d.URL(), "/develop/apps/") {
			return true, nil
		}
		m, err := alerts(d.in)
		msgs = m
		return len(m) > 0, err
	})
	if err != nil {
		return nil, err
	}
	if len(msgs) > 0 {
		return nil, &FieldError{Messages: msgs}
	}
	app := &AppPage{d.screen}
	return app, app.waitTab(appLabels.tabCredentials)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
