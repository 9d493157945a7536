package zoom

import (
	"context"
	"strings"

	"github.com/go-rod/rod"

	"lszoom/pages/ui"
)

// The web portal (sign-in, profile, side menu) speaks the account's
// language; the App Marketplace is English in every language. The harness
// reads the portal's language from the page itself (<html lang>), never
// from its configuration, and uses that language's labels. French: Zoom's
// help pages give Profil, Paramètres, Avancé and SE DÉCONNECTER; the other
// French labels below are plausible and unverified (docs/standins.md). A
// language the harness has no labels for finds the sign-in form by what
// does not depend on language (the username and password fields'
// autocomplete, the form's submit button) and the side menu in English,
// and fails there, naming the language.

// profileWords are the profile page's labels in one language.
type profileWords struct{ sideMenu, advanced, appMarketplace, accountNo string }

// signInWords are the sign-in page's labels in one language.
type signInWords struct{ email, next, password, signIn, code, verify string }

// frProfileLabels are the French portal's profile page and side menu.
var frProfileLabels = profileWords{
	sideMenu:       "Menu latéral", // an aria-label: unverified
	advanced:       "Avancé",
	appMarketplace: "App Marketplace", // not translated, in every language
	accountNo:      "N° de compte",    // unverified
}

// frSignInLabels are the French sign-in page's (all unverified: no public
// source shows it).
var frSignInLabels = signInWords{
	email: "Adresse e-mail", next: "Suivant", password: "Mot de passe", signIn: "Se connecter",
	code: "Code de vérification", verify: "Vérifier",
}

// Language is the page's language as it says (<html lang>: "en-US",
// "fr-FR"), "" when it says none or ctx ended first.
func Language(ctx context.Context, p *rod.Page) string {
	res, err := p.Context(ctx).Eval(`() => document.documentElement.lang || ""`)
	if err != nil {
		return ""
	}
	return res.Value.Str()
}

// LanguageName says a page language and which labels the harness reads it
// with: "fr-FR (French labels)", "de-DE (no labels: English ones)".
func LanguageName(lang string) string {
	switch {
	case lang == "":
		return "not said (English labels)"
	case french(lang):
		return lang + " (French labels)"
	case known(lang):
		return lang + " (English labels)"
	}
	return lang + " (no labels known: the sign-in form by its fields, the side menu in English)"
}

// french says whether a page language is French ("fr", "fr-FR", "fr-CA").
func french(lang string) bool {
	return strings.EqualFold(lang, "fr") || strings.HasPrefix(strings.ToLower(lang), "fr-")
}

// known says whether the harness has the portal's labels in lang.
func known(lang string) bool {
	l := strings.ToLower(lang)
	return l == "" || l == "en" || strings.HasPrefix(l, "en-") || french(lang)
}

// profileWordsIn are the profile's labels in the page's language.
func profileWordsIn(lang string) profileWords {
	if french(lang) {
		return frProfileLabels
	}
	return profileWords{profileLabels.sideMenu, profileLabels.advanced, profileLabels.appMarketplace, profileLabels.accountNo}
}

// signInForm is the sign-in page's controls for a page language.
type signInForm struct{ email, next, password, signIn, code, verify ui.Query }

func signInFormIn(lang string) signInForm {
	w := signInWords{signInLabels.email, signInLabels.next, signInLabels.password, signInLabels.signIn, signInLabels.code, signInLabels.verify}
	if french(lang) {
		w = frSignInLabels
	}
	f := signInForm{
		email: ui.Role("textbox", w.email), next: ui.Role("button", w.next),
		password: ui.Role("textbox", w.password), signIn: ui.Role("button", w.signIn),
		code: ui.Role("textbox", w.code), verify: ui.Role("button", w.verify),
	}
	if !known(lang) {
		submit := ui.CSS("form button[type=submit]")
		f.email, f.next = ui.CSS("input[autocomplete=username]"), submit
		f.password, f.signIn = ui.CSS("input[autocomplete=current-password]:not([aria-hidden=true])"), submit
		f.code, f.verify = ui.CSS("input[autocomplete=one-time-code]"), submit
	}
	return f
}

// language is this screen's page language, read within the step's deadline.
func (sc screen) language(ctx context.Context) string { return Language(ctx, sc.page) }
