package zoom

import (
	"context"

	"lszoom/pages/ui"
)

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
func (a *AppPage) SetDescriptions(ctx context.Context, short, long string) error {
	if err := a.fill(ctx, appLabels.tabInformation, informationLabels.short, short); err != nil {
		return err
	}
	return a.fill(ctx, appLabels.tabInformation, informationLabels.long, long)
}

// SetCompanyName types the Company Name (step 11.2).
func (a *AppPage) SetCompanyName(ctx context.Context, v string) error {
	return a.fill(ctx, appLabels.tabInformation, informationLabels.company, v)
}

// SetDeveloperContact types the developer's name and email (step 11.3).
func (a *AppPage) SetDeveloperContact(ctx context.Context, name, email string) error {
	contact, err := a.contact(ctx)
	if err != nil {
		return err
	}
	if err := contact.Fill(ui.Role("textbox", informationLabels.name), name); err != nil {
		return err
	}
	return contact.Fill(ui.Role("textbox", informationLabels.email), email)
}

func (a *AppPage) contact(ctx context.Context) (ui.Region, error) {
	pan, err := a.panel(ctx, appLabels.tabInformation)
	if err != nil {
		return ui.Region{}, err
	}
	return pan.Within(ui.Role("group", informationLabels.contact))
}

// Information reads the tab's fields as they are shown.
func (a *AppPage) Information(ctx context.Context) (Information, error) {
	var in Information
	pan, err := a.panel(ctx, appLabels.tabInformation)
	if err != nil {
		return in, err
	}
	contact, err := pan.Within(ui.Role("group", informationLabels.contact))
	if err != nil {
		return in, err
	}
	for _, f := range []struct {
		s     ui.Region
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
