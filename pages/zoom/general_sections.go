package zoom

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lszoom/pages/ui"
)

// The General App's sections: Basic Information (management, credentials,
// OAuth information, Save), Scopes and Local Test.

// SelectUserManaged picks "User-managed" (guide step 8.2 in this flow).
func (p *GeneralAppPage) SelectUserManaged(ctx context.Context) error {
	m, err := p.main(ctx)
	if err != nil {
		return err
	}
	group, err := m.Within(ui.Role("radiogroup", generalLabels.managed))
	if err != nil {
		return err
	}
	radio := ui.Role("radio", generalLabels.userManaged)
	return group.Ensure(generalLabels.userManaged+" selected", expandPatience,
		func() error { return group.Click(radio) },
		func() (bool, error) { return checked(group, radio) })
}

// UserManaged reads whether "User-managed" is selected.
func (p *GeneralAppPage) UserManaged(ctx context.Context) (bool, error) {
	m, err := p.main(ctx)
	if err != nil {
		return false, err
	}
	return checked(m, ui.Role("radio", generalLabels.userManaged))
}

func (p *GeneralAppPage) group(ctx context.Context, name string) (ui.Region, error) {
	m, err := p.main(ctx)
	if err != nil {
		return m, err
	}
	return m.Within(ui.Role("group", name))
}

// ClientID reads the Development Client ID (guide step 10.1).
func (p *GeneralAppPage) ClientID(ctx context.Context) (string, error) {
	g, err := p.group(ctx, generalLabels.credentials)
	if err != nil {
		return "", err
	}
	var v string
	err = g.WaitUntil("a Client ID", func() (bool, error) {
		var err error
		v, err = g.Value(ui.Role("textbox", generalLabels.clientID))
		return strings.TrimSpace(v) != "", err
	})
	return strings.TrimSpace(v), err
}

// ClientSecret reveals the Development Client Secret, reads it and masks it
// again, so that no screenshot taken later shows it. The caller must treat
// the value as a secret: never log it.
func (p *GeneralAppPage) ClientSecret(ctx context.Context) (string, error) {
	g, err := p.group(ctx, generalLabels.credentials)
	if err != nil {
		return "", err
	}
	return revealSecret(g, generalLabels.secret, generalLabels.show, generalLabels.hide)
}

// SetRedirectURL types the OAuth Redirect URL (guide step 10.2); Save
// keeps it.
func (p *GeneralAppPage) SetRedirectURL(ctx context.Context, u string) error {
	g, err := p.group(ctx, generalLabels.oauthInfo)
	if err != nil {
		return err
	}
	return g.Fill(ui.Role("textbox", generalLabels.redirectURL), u)
}

// RedirectURL reads the OAuth Redirect URL box.
func (p *GeneralAppPage) RedirectURL(ctx context.Context) (string, error) {
	g, err := p.group(ctx, generalLabels.oauthInfo)
	if err != nil {
		return "", err
	}
	return g.Value(ui.Role("textbox", generalLabels.redirectURL))
}

// AllowList reads the URLs on the OAuth Allow Lists: each entry is named
// by its Remove button ("Remove <url>").
func (p *GeneralAppPage) AllowList(ctx context.Context) ([]string, error) {
	g, err := p.group(ctx, generalLabels.oauthInfo)
	if err != nil {
		return nil, err
	}
	return allowListIn(g, generalLabels.allowLists)
}

// AddAllowList adds a URL to the OAuth Allow Lists (guide step 10.3) and
// waits until the list shows it; Save keeps it.
func (p *GeneralAppPage) AddAllowList(ctx context.Context, u string) error {
	if list, err := p.AllowList(ctx); err != nil {
		return err
	} else if slices.Contains(list, u) {
		return nil
	}
	g, err := p.group(ctx, generalLabels.oauthInfo)
	if err != nil {
		return err
	}
	if err := g.Fill(ui.Role("textbox", generalLabels.allowLists), u); err != nil {
		return err
	}
	if err := g.Click(ui.Role("button", generalLabels.add)); err != nil {
		return err
	}
	var msgs []string
	err = g.WaitUntil(fmt.Sprintf("%q on the allow list", u), func() (bool, error) {
		list, err := p.AllowList(ctx)
		if err == nil && slices.Contains(list, u) {
			msgs = nil
			return true, nil
		}
		msgs, err = alerts(g)
		return len(msgs) > 0, err
	})
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		return &FieldError{Messages: msgs}
	}
	return nil
}

// Save presses Basic Information's Save and waits for "Saved"; the page's
// messages come back as *FieldError. A save the site failed (it says so)
// is pressed again; nothing else is.
func (p *GeneralAppPage) Save(ctx context.Context) error {
	m, err := p.main(ctx)
	if err != nil {
		return err
	}
	return save(p.r(ctx), m, "Basic Information saved",
		func() error { return m.Click(ui.Role("button", generalLabels.save)) },
		func() (bool, error) {
			said, err := ui.Texts(m, ui.Role("status", ""))
			return err == nil && slices.Contains(said, generalLabels.saved), err
		})
}

// OpenAddScopes opens the Scopes section's Add Scopes pop-up (guide step
// 13 in this flow): products as tabs.
func (p *GeneralAppPage) OpenAddScopes(ctx context.Context) (*ScopesDialog, error) {
	r := p.r(ctx)
	m, err := p.main(ctx)
	if err != nil {
		return nil, err
	}
	dlg := ui.Role("dialog", scopesLabels.dialog)
	err = r.Ensure("the Add scopes pop-up to open", expandPatience,
		func() error { return m.Click(ui.Role("button", generalLabels.addScopes)) },
		func() (bool, error) { return r.Exists(dlg) })
	if err != nil {
		return nil, err
	}
	d := &ScopesDialog{sc: p.screen, tabs: generalLabels.products, search: generalLabels.search}
	in, err := d.in(ctx)
	if err != nil {
		return nil, err
	}
	_, err = in.Find(ui.Role("tablist", d.tabs))
	return d, err
}

// AddedScopes reads the Scopes section's list (what Done saved).
func (p *GeneralAppPage) AddedScopes(ctx context.Context) ([]AddedScope, error) {
	m, err := p.main(ctx)
	if err != nil {
		return nil, err
	}
	return addedScopes(m)
}

// MissingBeforeTest reads Local Test's checklist of what is still missing
// (empty when it says it is ready to test).
func (p *GeneralAppPage) MissingBeforeTest(ctx context.Context) ([]string, error) {
	m, err := p.main(ctx)
	if err != nil {
		return nil, err
	}
	var missing []string
	err = m.WaitUntil("Local Test's checklist, or ready to test", func() (bool, error) {
		if ok, err := m.Exists(ui.Role("list", generalLabels.beforeTest)); err != nil || ok {
			if err != nil {
				return false, err
			}
			list, err := m.Within(ui.Role("list", generalLabels.beforeTest))
			if err != nil {
				return false, err
			}
			missing, err = ui.Texts(list, ui.Role("listitem", ""))
			return err == nil, err
		}
		said, err := ui.Texts(m, ui.Role("status", ""))
		missing = nil
		return slices.Contains(said, generalLabels.readyToTest), err
	})
	return missing, err
}

// AddNowEnabled reads whether Local Test's "Add app now" is active (guide
// step 17 in this flow). It never clicks it.
func (p *GeneralAppPage) AddNowEnabled(ctx context.Context) (bool, error) {
	m, err := p.main(ctx)
	if err != nil {
		return false, err
	}
	btn, err := m.Find(ui.Role("button", generalLabels.addNow))
	if err != nil {
		return false, err
	}
	off, err := ui.Disabled(btn)
	return !off, err
}

// GenerateAuthorizationURL presses Generate and reads the authorization URL
// it shows.
func (p *GeneralAppPage) GenerateAuthorizationURL(ctx context.Context) (string, error) {
	m, err := p.main(ctx)
	if err != nil {
		return "", err
	}
	box := ui.Role("textbox", generalLabels.authURL)
	var u string
	err = m.Ensure("an authorization URL", expandPatience,
		func() error { return m.Click(ui.Role("button", generalLabels.generate)) },
		func() (bool, error) {
			if ok, err := m.Exists(box); err != nil || !ok {
				return false, err
			}
			v, err := m.Value(box)
			u = v
			return v != "", err
		})
	return u, err
}
