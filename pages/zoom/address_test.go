package zoom

import "testing"

// Both shapes of an app's address, the live site's and the stand-in's, with
// and without a query, a fragment or a section.
func TestAppIDFromURL(t *testing.T) {
	for _, c := range []struct{ url, id string }{
		// The General App, as the live site has it.
		{"https://marketplace.zoom.us/develop/applications/AbC-12_x/basic-information?mode=dev", "AbC-12_x"},
		{"https://marketplace.zoom.us/develop/applications/AbC-12_x/scopes?mode=prod", "AbC-12_x"},
		{"https://marketplace.zoom.us/develop/applications/AbC-12_x/local-test?mode=dev#top", "AbC-12_x"},
		{"https://marketplace.zoom.us/develop/applications/AbC-12_x", "AbC-12_x"},
		// The stand-in's, under /marketplace.
		{"http://127.0.0.1:8085/marketplace/develop/applications/k9Zq/basic-information?mode=dev", "k9Zq"},
		// Classic and Server-to-Server apps.
		{"https://marketplace.zoom.us/develop/apps/Xy7/credentials", "Xy7"},
		{"http://127.0.0.1:8085/marketplace/develop/apps/Xy7/scopes", "Xy7"},
		{"http://127.0.0.1:8085/marketplace/develop/apps/Xy7", "Xy7"},
		{"/marketplace/develop/apps/Xy7/information?x=1", "Xy7"},
		// Percent-encoded IDs come back decoded.
		{"/marketplace/develop/apps/a%20b/credentials", "a b"},
		// No app's address.
		{"https://marketplace.zoom.us/develop/create", ""},
		{"https://marketplace.zoom.us/develop/apps/", ""},
		{"https://marketplace.zoom.us/develop/applications/?mode=dev", ""},
		{"https://marketplace.zoom.us/user/build", ""},
		{"https://marketplace.zoom.us/", ""},
		{"http://127.0.0.1:8085/signin?continue=%2Fmarketplace%2Fdevelop%2Fapps%2FXy7%2Fscopes", ""},
		{"https://marketplace.zoom.us/docs/develop/applications", ""},
		{"", ""},
	} {
		if got := AppIDFromURL(c.url); got != c.id {
			t.Errorf("AppIDFromURL(%q) = %q, want %q", c.url, got, c.id)
		}
		if got := IsAppURL(c.url); got != (c.id != "") {
			t.Errorf("IsAppURL(%q) = %v", c.url, got)
		}
	}
}

// Where the sign-in page sends a browser back: its continue parameter, made
// absolute against the sign-in page's address.
func TestSignInReturn(t *testing.T) {
	for _, c := range []struct{ at, back string }{
		{"http://127.0.0.1:8085/signin?continue=%2Fmarketplace%2Fdevelop%2Fapplications%2Fk9%2Fscopes%3Fmode%3Ddev",
			"http://127.0.0.1:8085/marketplace/develop/applications/k9/scopes?mode=dev"},
		{"https://zoom.us/signin?continue=https%3A%2F%2Fmarketplace.zoom.us%2Fdevelop%2Fapps%2FXy7%2Fcredentials",
			"https://marketplace.zoom.us/develop/apps/Xy7/credentials"},
		{"http://127.0.0.1:8085/signin", ""},
		{"http://127.0.0.1:8085/profile?continue=%2Fmarketplace%2F", ""},
		{"", ""},
	} {
		if got := SignInReturn(c.at); got != c.back {
			t.Errorf("SignInReturn(%q) = %q, want %q", c.at, got, c.back)
		}
	}
	d := Driver{Site: Site{WebURL: "http://127.0.0.1:8085", MarketplaceURL: "http://127.0.0.1:8085/marketplace"}}
	for u, want := range map[string]bool{
		"http://127.0.0.1:8085/marketplace":                 true,
		"http://127.0.0.1:8085/marketplace/develop/create":  true,
		"http://127.0.0.1:8085/marketplacex/":               false,
		"http://127.0.0.1:8085/profile":                     false,
		"http://127.0.0.1:8085/oauth/authorize?client_id=x": false,
	} {
		if got := d.inMarketplace(u); got != want {
			t.Errorf("inMarketplace(%q) = %v", u, got)
		}
	}
}
