package zoom

import (
	"context"
	"fmt"

	"lszoom/pages/ui"
)

var appTypeLabels = struct {
	heading, create, license, licenseAgree, accept string
	createDialog                                   func(appType string) string
}{
	heading:      "Choose your app type",
	create:       "Create",
	license:      "API License and Terms of Use",
	licenseAgree: "I agree to the Zoom API License and Terms of Use",
	accept:       "Accept",
	createDialog: func(t string) string { return "Create an " + t + " app" },
}

// AppTypeOAuth is the card the guide picks (step 6).
const AppTypeOAuth = "OAuth"

// AppTypePage is "Choose your app type": one card per type, each with Create.
type AppTypePage struct{ screen }

// waitReady waits for the page's heading, or for the license dialog, which
// is modal: while it shows, the page behind it is out of the accessibility
// tree, as it is out of reach for a user.
func (p *AppTypePage) waitReady(ctx context.Context) error {
	r := p.r(ctx)
	heading, license := ui.Role("heading", appTypeLabels.heading), ui.Role("dialog", appTypeLabels.license)
	return r.WaitUntil(fmt.Sprintf("%s or %s", heading, license), func() (bool, error) {
		for _, q := range []ui.Query{heading, license} {
			if ok, err := r.Exists(q); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	})
}

// Cards lists the app types offered.
func (p *AppTypePage) Cards(ctx context.Context) ([]string, error) {
	return ui.Names(p.r(ctx), "group")
}

// CreateEnabled says whether a card's Create button can be used (JWT's cannot).
func (p *AppTypePage) CreateEnabled(ctx context.Context, appType string) (bool, error) {
	card, err := p.r(ctx).Within(ui.Role("group", appType))
	if err != nil {
		return false, err
	}
	btn, err := card.Find(ui.Role("button", appTypeLabels.create))
	if err != nil {
		return false, err
	}
	off, err := ui.Disabled(btn)
	return !off, err
}

// AcceptLicenseIfShown accepts the API License and Terms of Use dialog an
// account meets before its first build (docs/procedure.md, section 4). It reports whether
// the dialog was there.
func (p *AppTypePage) AcceptLicenseIfShown(ctx context.Context) (bool, error) {
	r := p.r(ctx)
	dlg := ui.Role("dialog", appTypeLabels.license)
	shown, err := r.Exists(dlg)
	if err != nil || !shown {
		return false, err
	}
	in, err := r.Within(dlg)
	if err != nil {
		return true, err
	}
	box, err := in.Find(ui.Role("checkbox", appTypeLabels.licenseAgree))
	if err != nil {
		return true, err
	}
	if on, err := ui.Checked(box); err != nil {
		return true, err
	} else if !on {
		if err := in.Click(ui.Role("checkbox", appTypeLabels.licenseAgree)); err != nil {
			return true, err
		}
	}
	if err := in.Click(ui.Role("button", appTypeLabels.accept)); err != nil {
		return true, err
	}
	return true, r.WaitGone(dlg)
}

// Create clicks Create on a card (guide step 7) and returns its dialog. The
// license dialog may come up before or after the click (it depends on when
// the account check answers): it is accepted either way.
func (p *AppTypePage) Create(ctx context.Context, appType string) (*CreateDialog, error) {
	r := p.r(ctx)
	if _, err := p.AcceptLicenseIfShown(ctx); err != nil {
		return nil, err
	}
	card, err := r.Within(ui.Role("group", appType))
	if err != nil {
		return nil, err
	}
	if err := card.Click(ui.Role("button", appTypeLabels.create)); err != nil {
		return nil, err
	}
	create := ui.Role("dialog", appTypeLabels.createDialog(appType))
	license := ui.Role("dialog", appTypeLabels.license)
	err = r.WaitUntil(fmt.Sprintf("%s or %s", create, license), func() (bool, error) {
		for _, q := range []ui.Query{create, license} {
			if ok, err := r.Exists(q); err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if accepted, err := p.AcceptLicenseIfShown(ctx); err != nil {
		return nil, err
	} else if accepted {
		if ok, err := r.Exists(create); err != nil {
			return nil, err
		} else if !ok {
			if err := card.Click(ui.Role("button", appTypeLabels.create)); err != nil {
				return nil, err
			}
		}
	}
	if _, err := r.Find(create); err != nil {
		return nil, err
	}
	return &CreateDialog{screen: p.screen, q: create}, nil
}
