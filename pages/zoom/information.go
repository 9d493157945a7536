package zoom

import "lszoom/pages/ui"

var informationLabels = struct {
	short, long, company, contact, name, email string
}{
	short:   "Short description",
	long:    "Long description",
	company: "Company Name",
	contact: "Developer Contact Information",
	name:    "Name",
	email:   "Email",
}

// Information is what the Information tab holds (guide step 11).
type Information struct {
	ShortDescription, LongDescription string // 11.1
	CompanyName                       string // 11.2
	DeveloperName, DeveloperEmail     string // 11.3
}

// SetDescriptions types the short and long descriptions (step 11.1).
func (a *AppPage) SetDescriptions(short, long string) error {
	if err := a.fill(appLabels.tabInformation, informationLabels.short, short); err != nil {
		return err
	}
	return a.fill(appLabels.tabInformation, informationLabels.long, long)
}

// SetCompanyName types the Company Name (step 11.2).
func (a *AppPage) SetCompanyName(v string) error {
	return a.fill(appLabels.tabInformation, informationLabels.company, v)
}

// SetDeveloperContact types the developer's name and email (step 11.3).
func (a *AppPage) SetDeveloperContact(name, email string) error {
	contact, err := a.contact()
	if err != nil {
		return err
	}
	if err := contact.Fill(ui.Role("textbox", informationLabels.name), name); err != nil {
		return err
	}
	return contact.Fill(ui.Role("textbox", informationLabels.email), email)
}

func (a *AppPage) contact() (ui.Scope, error) {
	pan, err := a.panel(appLabels.tabInformation)
	if err != nil {
		return ui.Scope{}, err
	}
	return pan.Within(ui.Role("group", informationLabels.contact))
}

// Information reads the tab's fields as they are shown.
func (a *AppPage) Information() (Information, error) {
	var in Information
	pan, err := a.panel(appLabels.tabInformation)
	if err != nil {
		return in, err
	}
	contact, err := pan.Within(ui.Role("group", informationLabels.contact))
	if err != nil {
		return in, err
	}
	for _, f := range []struct {
		s     ui.Scope
		label string
		v     *string
	}{
		{pan, informationLabels.short, &in.ShortDescription},
		{pan, informationLabels.long, &in.LongDescription},
		{pan, informationLabels.company, &in.CompanyName},
		{contact, informationLabels.name, &in.DeveloperName},
		{contact, informationLabels.email, &in.DeveloperEmail},
	} {
		if *f.v, err = f.s.Value(ui.Role("textbox", f.label)); err != nil {
			return in, err
		}
	}
	return in, nil
}
