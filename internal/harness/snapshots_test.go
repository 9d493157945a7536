package harness

import "testing"

func TestPlaceholders(t *testing.T) {
	w := &World{RunID: "e2e r1208-024438-dccd", Email: "qa@example.com"}
	w.Site.WebURL = "http://127.0.0.1:4100"
	ph := w.placeholders()
	for in, want := range map[string]string{
		// Client IDs as the stand-in and Zoom make them, one without a digit.
		`textbox "Client ID": oEawzwBfKcvQn-PoMtDO`:           `textbox "Client ID": <id>`,
		`textbox "Client ID": s4Lmt02NOON7lgaJYBBx`:           `textbox "Client ID": <id>`,
		"app id 8273645192":                                   "app id <id>",
		`link "CAE LearningSpace e2e r1208-024438-dccd 0b10"`: `link "CAE LearningSpace <run>"`,
		"Created Dec 8, 2026 by qa@example.com":               "Created <date> by <email>",
		"General app 357":                                     "General app <number>",
		"http://127.0.0.1:4100/profile":                       "<zoom>/profile",
		// Words of the sites stay as they are.
		"CAE LearningSpace":                        "CAE LearningSpace",
		"grant_type authorization_code":            "grant_type authorization_code",
		"Account-level app, Intent-to-publish app": "Account-level app, Intent-to-publish app",
	} {
		if got := ph(in); got != want {
			t.Errorf("placeholders(%q) = %q, want %q", in, got, want)
		}
	}
}
