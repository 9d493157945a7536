package zoom

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"

	"lszoom/pages/ui"
)

// Zoom's current build flow, the General App (docs/procedure.md, section 2):
// Build App opens a dialog of app kinds; the app's page has a header (name,
// pencil, Development/Production), side sections, and a Save per section.

var generalLabels = struct {
	kinds, kindsGroup, generalApp, create               string
	header, editName, nameBox, environment              string
	sections, basicInfo, features, scopes, localTest    string
	managed, userManaged, credentials, clientID, secret string
	show, hide, oauthInfo, redirectURL, allowLists, add string
	save, saved                                         string
	addScopes, products, search                         string
	beforeTest, readyToTest, addNow, generate, authURL  string
	generatedPrefix                                     string
}{
	kinds: "Choose your app type", kindsGroup: "App type", generalApp: "General app", create: "Create",
	header: "App header", editName: "Edit app name", nameBox: "App name", environment: "Environment",
	sections: "Build flow", basicInfo: "Basic Information", features: "Features", scopes: "Scopes", localTest: "Local Test",
	managed: "Select how the app is managed", userManaged: "User-managed",
	credentials: "App Credentials", clientID: "Client ID", secret: "Client Secret",
	show: "Show Client Secret", hide: "Hide Client Secret",
	oauthInfo: "OAuth Information", redirectURL: "OAuth Redirect URL", allowLists: "OAuth Allow Lists", add: "Add",
	save: "Save", saved: "Saved",
	addScopes: "Add Scopes", products: "Products", search: "Search scopes",
	beforeTest: "Before you test", readyToTest: "Ready to test", addNow: "Add app now",
	generate: "Generate", authURL: "Authorization URL",
	generatedPrefix: "General app ",
}

// The General App's side sections.
var (
	SectionBasicInformation = generalLabels.basicInfo
	SectionScopes           = generalLabels.scopes
	SectionLocalTest        = generalLabels.localTest
)

// AppKindDialog is the General App flow's "Choose your app type" dialog:
// the app kinds as radio buttons, and Create. On an account's first build
// the API License and Terms of Use dialog may come before it (Build App
// accepts it: BuildAppAny), over it, or after its Create (where the live
// site shows it in this flow is not established): its methods accept it
// wherever it shows, so that guide steps 6 and 7 go through it.
type AppKindDialog struct{ screen }

// in is the dialog, once a license dialog over it has been accepted.
func (d *AppKindDialog) in(ctx context.Context) (ui.Region, error) {
	if _, err := d.acceptLicense(ctx); err != nil {
		return ui.Region{}, err
	}
	return d.r(ctx).Within(ui.Role("dialog", generalLabels.kinds))
}

// acceptLicense accepts the API License dialog if it shows (apptype.go).
func (d *AppKindDialog) acceptLicense(ctx context.Context) (bool, error) {
	return (&AppTypePage{d.screen}).AcceptLicenseIfShown(ctx)
}

// GeneralAppKind is the kind the harness builds in this flow (step 6).
var GeneralAppKind = generalLabels.generalApp

// Kinds lists the app kinds offered.
func (d *AppKindDialog) Kinds(ctx context.Context) ([]string, error) {
	in, err := d.in(ctx)
	if err != nil {
		return nil, err
	}
	group, err := in.Within(ui.Role("radiogroup", generalLabels.kindsGroup))
	if err != nil {
		return nil, err
	}
	return ui.Names(group, "radio")
}

// ChooseGeneralApp selects "General app" (guide step 6 in this flow);
// selecting a radio is idempotent.
func (d *AppKindDialog) ChooseGeneralApp(ctx context.Context) error {
	in, err := d.in(ctx)
	if err != nil {
		return err
	}
	radio := ui.Role("radio", generalLabels.generalApp)
	return in.Ensure(generalLabels.generalApp+" selected", expandPatience,
		func() error { return in.Click(radio) },
		func() (bool, error) { return checked(in, radio) })
}

// Create creates the app (guide step 7 in this flow) and returns its page
// on Basic Information. A license dialog that Create brings up (an
// account's first build) is accepted on the way, after which the site
// creates the app. A create the site failed (it says so) is pressed
// again; nothing else is.
func (d *AppKindDialog) Create(ctx context.Context) (*GeneralAppPage, error) {
	in, err := d.in(ctx)
	if err != nil {
		return nil, err
	}
	err = save(d.r(ctx), in, "the new app's page",
		func() error { return in.Click(ui.Role("button", generalLabels.create)) },
		func() (bool, error) {
			if IsAppURL(d.URL()) {
				return true, nil
			}
			_, err := d.acceptLicense(ctx)
			return false, err
		})
	if err != nil {
		return nil, err
	}
	p := &GeneralAppPage{d.screen}
	return p, p.waitSection(ctx, generalLabels.basicInfo)
}

// GeneralAppPage is a General App's page: the header and the section shown.
type GeneralAppPage struct{ screen }

// OpenGeneralApp opens a General App's page by its Marketplace address, as
// one comes back to an app created earlier, and waits for Basic
// Information, the section it opens on.
func OpenGeneralApp(ctx context.Context, d Driver, p *rod.Page, appURL string) (*GeneralAppPage, error) {
	sc := d.on(p)
	if err := sc.navigate(ctx, appURL); err != nil {
		return nil, err
	}
	g := &GeneralAppPage{sc}
	return g, g.waitSection(ctx, generalLabels.basicInfo)
}

func (p *GeneralAppPage) header(ctx context.Context) (ui.Region, error) {
	return p.r(ctx).Within(ui.Role("banner", generalLabels.header))
}

// Name is the app's name as the header's heading shows it.
func (p *GeneralAppPage) Name(ctx context.Context) (string, error) {
	h, err := p.header(ctx)
	if err != nil {
		return "", err
	}
	return h.Text(ui.Role("heading", ""))
}

// Environment is the header's selected environment ("Development" until
// the app goes to Production).
func (p *GeneralAppPage) Environment(ctx context.Context) (string, error) {
	h, err := p.header(ctx)
	if err != nil {
		return "", err
	}
	group, err := h.Within(ui.Role("radiogroup", generalLabels.environment))
	if err != nil {
		return "", err
	}
	radios, err := group.FindAll(ui.Role("radio", ""))
	if err != nil {
		return "", err
	}
	names, err := ui.Names(group, "radio")
	if err != nil || len(names) != len(radios) {
		return "", fmt.Errorf("reading %s: %v", generalLabels.environment, err)
	}
	for i, el := range radios {
		if on, err := ui.Checked(el); err == nil && on {
			return names[i], nil
		}
	}
	return "", nil
}

// GeneratedName says whether a name is one Zoom gave a new app ("General
// app 081").
func GeneratedName(name string) bool { return strings.HasPrefix(name, generalLabels.generatedPrefix) }

// Rename renames the app with the pencil (guide step 8.1 in this flow):
// the name box, the new name, Enter; a refused name is a *FieldError.
func (p *GeneralAppPage) Rename(ctx context.Context, name string) error {
	h, err := p.header(ctx)
	if err != nil {
		return err
	}
	box := ui.Role("textbox", generalLabels.nameBox)
	err = h.Ensure("the app name box to open", expandPatience,
		func() error { return h.Click(ui.Role("button", generalLabels.editName)) },
		func() (bool, error) { return h.Exists(box) })
	if err != nil {
		return err
	}
	if err := h.Fill(box, name); err != nil {
		return err
	}
	return save(p.r(ctx), h, fmt.Sprintf("the header to show %q", name),
		func() error { return h.Press(box, input.Enter) },
		func() (bool, error) {
			if open, err := h.Exists(box); err != nil || open {
				return false, err
			}
			got, err := p.Name(ctx)
			return got == name, err
		})
}

// OpenSection follows a side section's link and waits for its heading;
// following a link to where one is is harmless, so an ignored click is
// made again.
func (p *GeneralAppPage) OpenSection(ctx context.Context, name string) error {
	r := p.r(ctx)
	nav, err := r.Within(ui.Role("navigation", generalLabels.sections))
	if err != nil {
		return err
	}
	err = r.Ensure(fmt.Sprintf("section %q", name), expandPatience,
		func() error { return nav.Click(ui.Role("link", name)) },
		func() (bool, error) { return p.onSection(r, name) })
	if err != nil {
		return err
	}
	return p.waitSection(ctx, name)
}

// onSection says whether the section's link is the current one.
func (p *GeneralAppPage) onSection(r ui.Region, name string) (bool, error) {
	links, err := r.All(ui.Role("link", name))
	if err != nil || len(links) == 0 {
		return false, err
	}
	for _, l := range links {
		if v, _ := ui.Attr(l, "aria-current"); v == "page" {
			return true, nil
		}
	}
	return false, nil
}

// waitSection waits until the section is current and its heading shows.
func (p *GeneralAppPage) waitSection(ctx context.Context, name string) error {
	if err := p.acceptCookies(ctx); err != nil {
		return err
	}
	r := p.r(ctx)
	return r.WaitUntil(fmt.Sprintf("section %q", name), func() (bool, error) {
		on, err := p.onSection(r, name)
		if err != nil || !on {
			return false, err
		}
		return r.Exists(ui.Role("heading", name))
	})
}

// main is the section's content.
func (p *GeneralAppPage) main(ctx context.Context) (ui.Region, error) {
	return p.r(ctx).Within(ui.Role("main", ""))
}

// Reload reloads the page and waits for the section: what it shows then is
// what was saved.
func (p *GeneralAppPage) Reload(ctx context.Context, section string) error {
	pg := p.Page().Context(ctx)
	if err := pg.Reload(); err != nil {
		return err
	}
	if err := ui.WaitLoad(pg); err != nil {
		return err
	}
	return p.waitSection(ctx, section)
}
