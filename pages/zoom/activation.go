package zoom

import (
	"context"

	"lszoom/pages/ui"
)

var activationLabels = struct{ add, missing string }{
	add:     "Add", // older: "Install"
	missing: "Missing requirements",
}

// AddEnabled reads whether Activation's Add button is active (guide step 17).
// It never clicks it: the guide says not to install the app.
func (a *AppPage) AddEnabled(ctx context.Context) (bool, error) {
	pan, err := a.panel(ctx, appLabels.tabActivation)
	if err != nil {
		return false, err
	}
	btn, err := pan.Find(ui.Role("button", activationLabels.add))
	if err != nil {
		return false, err
	}
	off, err := ui.Disabled(btn)
	return !off, err
}

// MissingRequirements reads what Activation says is still missing (empty
// when nothing is).
func (a *AppPage) MissingRequirements(ctx context.Context) ([]string, error) {
	pan, err := a.panel(ctx, appLabels.tabActivation)
	if err != nil {
		return nil, err
	}
	if ok, err := pan.Exists(ui.Role("list", activationLabels.missing)); err != nil || !ok {
		return nil, err
	}
	list, err := pan.Within(ui.Role("list", activationLabels.missing))
	if err != nil {
		return nil, err
	}
	return ui.Texts(list, ui.Role("listitem", ""))
}
