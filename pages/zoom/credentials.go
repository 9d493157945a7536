package zoom

import (
	"fmt"
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
func (a *AppPage) ClientID() (string, error) {
	var v string
	err := a.s.WaitUntil("a Client ID", func() (bool, error) {
		var err error
		v, err = a.value(appLabels.tabCredentials, credentialsLabels.clientID)
		return strings.TrimSpace(v) != "", err
	})
	return strings.TrimSpace(v), err
}

// ClientSecret reveals the Client Secret, reads it and masks it again, so
// that no screenshot taken later shows it (guide step 10.1). The caller must
// treat the value as a secret: never log it.
func (a *AppPage) ClientSecret() (string, error) {
	pan, err := a.panel(appLabels.tabCredentials)
	if err != nil {
		return "", err
	}
	masked, err := pan.Value(ui.Role("textbox", credentialsLabels.clientSecret))
	if err != nil {
		return "", err
	}
	if err := pan.Click(ui.Role("button", credentialsLabels.show)); err != nil {
		return "", err
	}
	var secret string
	err = pan.WaitUntil("the Client Secret to be revealed", func() (bool, error) {
		v, err := pan.Value(ui.Role("textbox", credentialsLabels.clientSecret))
		secret = strings.TrimSpace(v)
		return secret != "" && secret != masked && !strings.Contains(secret, "•"), err
	})
	if err != nil {
		return "", err
	}
	if err := pan.Click(ui.Role("button", credentialsLabels.hide)); err != nil {
		return "", fmt.Errorf("mask the secret again: %w", err)
	}
	if _, err := pan.Find(ui.Role("button", credentialsLabels.show)); err != nil {
		return "", fmt.Errorf("mask the secret again: %w", err)
	}
	return secret, nil
}

// SetRedirectURL types the Redirect URL for OAuth (guide step 10.2); the
// tab's Continue saves it.
func (a *AppPage) SetRedirectURL(u string) error {
	return a.fill(appLabels.tabCredentials, credentialsLabels.redirectURL, u)
}

// RedirectURL reads the Redirect URL for OAuth box.
func (a *AppPage) RedirectURL() (string, error) {
	return a.value(appLabels.tabCredentials, credentialsLabels.redirectURL)
}

// AddAllowList adds a URL to the OAuth allow list (guide step 10.3) and waits
// until the list shows it; the site saves it at once.
func (a *AppPage) AddAllowList(u string) error {
	pan, err := a.panel(appLabels.tabCredentials)
	if err != nil {
		return err
	}
	if err := pan.Fill(ui.Role("textbox", credentialsLabels.addAllowLists), u); err != nil {
		return err
	}
	if err := pan.Click(ui.Role("button", credentialsLabels.add)); err != nil {
		return err
	}
	var msgs []string
	err = pan.WaitUntil(fmt.Sprintf("%q in the allow list", u), func() (bool, error) {
		list, err := a.AllowList()
		if err != nil {
			return false, nil
		}
		for _, v := range list {
			if v == u {
				return true, nil
			}
		}
		msgs, err = alerts(pan)
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

// AllowList reads the URLs on the OAuth allow list: each entry is named by
// its Remove button ("Remove <url>").
func (a *AppPage) AllowList() ([]string, error) {
	pan, err := a.panel(appLabels.tabCredentials)
	if err != nil {
		return nil, err
	}
	list, err := pan.Within(ui.Role("list", credentialsLabels.allowList))
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
