package zoom

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lszoom/pages/ui"
)

var credentialsLabels = struct {
	clientID, clientSecret, show, hide, redirectURL, addAllowLists, add, allowList, remove string
}{
	clientID:      "Client ID",
	clientSecret:  "Client Secret",
	show:          "Show Client Secret",
	hide:          "Hide Client Secret",
	redirectURL:   "Redirect URL for OAuth",
	addAllowLists: "Add allow lists", // older: "Add Whitelist URLs"
	add:           "Add",
	allowList:     "OAuth allow list", // older: "Whitelist URL"
	remove:        "Remove ",
}

// ClientID reads the App Credentials tab's Client ID (guide step 10.1).
func (a *AppPage) ClientID(ctx context.Context) (string, error) {
	var v string
	err := a.r(ctx).WaitUntil("a Client ID", func() (bool, error) {
		var err error
		v, err = a.value(ctx, appLabels.tabCredentials, credentialsLabels.clientID)
		return strings.TrimSpace(v) != "", err
	})
	return strings.TrimSpace(v), err
}

// ClientSecret reveals the Client Secret, reads it and masks it again, so
// that no screenshot taken later shows it (guide step 10.1). The caller must
// treat the value as a secret: never log it.
func (a *AppPage) ClientSecret(ctx context.Context) (string, error) {
	pan, err := a.panel(ctx, appLabels.tabCredentials)
	if err != nil {
		return "", err
	}
	return revealSecret(pan, credentialsLabels.clientSecret, credentialsLabels.show, credentialsLabels.hide)
}

// revealSecret presses show, reads the secret box once it holds more than
// the mask, and presses hide, so that no later screenshot shows it.
func revealSecret(r ui.Region, secretBox, show, hide string) (string, error) {
	box := ui.Role("textbox", secretBox)
	masked, err := r.Value(box)
	if err != nil {
		return "", err
	}
	if err := r.Click(ui.Role("button", show)); err != nil {
		return "", err
	}
	var secret string
	err = r.WaitUntil("the "+secretBox+" to be revealed", func() (bool, error) {
		v, err := r.Value(box)
		secret = strings.TrimSpace(v)
		return secret != "" && secret != masked && !strings.Contains(secret, "•"), err
	})
	if err != nil {
		return "", err
	}
	if err := r.Click(ui.Role("button", hide)); err != nil {
		return "", fmt.Errorf("mask the secret again: %w", err)
	}
	if _, err := r.Find(ui.Role("button", show)); err != nil {
		return "", fmt.Errorf("mask the secret again: %w", err)
	}
	return secret, nil
}

// SetRedirectURL types the Redirect URL for OAuth (guide step 10.2); the
// tab's Continue saves it.
func (a *AppPage) SetRedirectURL(ctx context.Context, u string) error {
	return a.fill(ctx, appLabels.tabCredentials, credentialsLabels.redirectURL, u)
}

// RedirectURL reads the Redirect URL for OAuth box.
func (a *AppPage) RedirectURL(ctx context.Context) (string, error) {
	return a.value(ctx, appLabels.tabCredentials, credentialsLabels.redirectURL)
}

// AddAllowList adds a URL to the OAuth allow list (guide step 10.3) and waits
// until the list shows it; the site saves it at once.
func (a *AppPage) AddAllowList(ctx context.Context, u string) error {
	pan, err := a.panel(ctx, appLabels.tabCredentials)
	if err != nil {
		return err
	}
	if list, err := a.AllowList(ctx); err != nil {
		return err
	} else if slices.Contains(list, u) {
		return nil // saved already (a walk that went back to step 10.2)
	}
	if err := pan.Fill(ui.Role("textbox", credentialsLabels.addAllowLists), u); err != nil {
		return err
	}
	return save(pan, pan, fmt.Sprintf("%q in the allow list", u),
		func() error { return pan.Click(ui.Role("button", credentialsLabels.add)) },
		func() (bool, error) {
			list, err := a.AllowList(ctx)
			return err == nil && slices.Contains(list, u), nil
		})
}

// AllowList reads the URLs on the OAuth allow list: each entry is named by
// its Remove button ("Remove <url>").
func (a *AppPage) AllowList(ctx context.Context) ([]string, error) {
	pan, err := a.panel(ctx, appLabels.tabCredentials)
	if err != nil {
		return nil, err
	}
	return allowListIn(pan, credentialsLabels.allowList)
}

// allowListIn reads the allow list of the region named list: each entry is
// named by its Remove button ("Remove <url>"), in both build flows.
func allowListIn(r ui.Region, name string) ([]string, error) {
	list, err := r.Within(ui.Role("list", name))
	if err != nil {
		return nil, err
	}
	names, err := ui.Names(list, "button")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if u, ok := strings.CutPrefix(n, credentialsLabels.remove); ok {
			out = append(out, u)
		}
	}
	return out, nil
}
