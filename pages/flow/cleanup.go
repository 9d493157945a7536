package flow

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/go-rod/rod"

	"lszoom/internal/zoomapi"
	"lszoom/pages/learningspace"
	"lszoom/pages/zoom"
)

// What a run leaves behind is removed: Zoom's apps through Zoom's
// Marketplace API where the run has a maintenance token (by ID, then
// Created Apps must no longer list them), else through the sites' own
// pages, as a person would: Manage → Created Apps (the row's menu, Delete,
// confirm), whichever build flow made them; LearningSpace's rooms from
// System → Rooms. The nightly does it at the end of each test, pass or
// fail; the janitor (cmd/janitor) for runs that were killed.

// Deleter is Zoom's Marketplace API as the clean-up uses it
// (*zoomapi.Client): DELETE /v2/marketplace/apps/{appId}.
type Deleter interface {
	Delete(ctx context.Context, appID string) error
}

// DeleteApps deletes the apps (name → ID) through Zoom's API, then checks
// that Created Apps lists none of them: the labels of a draft app's row
// menu are not known, the API's call is. An app the API no longer knows
// (404) is gone already. It goes on after a failure and returns every one.
func DeleteApps(ctx context.Context, api Deleter, d zoom.Driver, tab *rod.Page, apps map[string]string, hooks Hooks) error {
	if len(apps) == 0 {
		return nil
	}
	names := slices.Sorted(maps.Keys(apps))
	var errs []error
	for _, n := range names {
		err := api.Delete(ctx, apps[n])
		switch {
		case zoomapi.IsNotFound(err):
			hooks.logf("clean-up: the app %q (%s) was gone already from Zoom's Marketplace API", n, apps[n])
		case err != nil:
			errs = append(errs, fmt.Errorf("delete the app %q through Zoom's Marketplace API: %w", n, err))
		default:
			hooks.logf("clean-up: deleted the app %q (%s) through Zoom's Marketplace API", n, apps[n])
		}
	}
	_, listed, err := listCreatedApps(ctx, d, tab)
	if err != nil {
		return errors.Join(append(errs, fmt.Errorf("check that Created Apps no longer lists %q: %w", names, err))...)
	}
	var still []string
	for _, n := range names {
		if slices.Contains(listed, n) {
			still = append(still, n)
		}
	}
	if len(still) > 0 {
		errs = append(errs, fmt.Errorf("Created Apps still lists %q after their deletion through Zoom's Marketplace API", still))
	} else {
		hooks.logf("clean-up: Created Apps no longer lists %q", names)
	}
	return errors.Join(errs...)
}

// RemoveApps deletes the named apps from Created Apps, those it lists; a
// name it does not list is no error (the walk failed before creating it).
// It goes on after a failure and returns every one.
func RemoveApps(ctx context.Context, d zoom.Driver, tab *rod.Page, names []string, hooks Hooks) error {
	if len(names) == 0 {
		return nil
	}
	m, listed, err := listCreatedApps(ctx, d, tab)
	if err != nil {
		return fmt.Errorf("remove the apps %q: %w", names, err)
	}
	var errs []error
	for _, n := range names {
		if !slices.Contains(listed, n) {
			continue
		}
		if err := m.DeleteApp(ctx, n); err != nil {
			errs = append(errs, err)
			continue
		}
		hooks.logf("clean-up: deleted the app %q from Created Apps", n)
	}
	return errors.Join(errs...)
}

// Sweep deletes every app of Created Apps that stale says to, and returns
// the names it deleted (the janitor): through Zoom's API by the ID the row
// links to when api is set (Created Apps is then only read), else from the
// row's menu. stale sees each row; it is not asked twice about a name.
func Sweep(ctx context.Context, api Deleter, d zoom.Driver, tab *rod.Page, stale func(zoom.CreatedApp) bool, hooks Hooks) ([]string, error) {
	m, err := openCreatedApps(ctx, d, tab)
	if err != nil {
		return nil, err
	}
	rows, err := m.CreatedApps(ctx)
	if err != nil {
		return nil, err
	}
	var deleted []string
	var errs []error
	for _, row := range rows {
		if slices.Contains(deleted, row.Name) || !stale(row) {
			continue
		}
		how := "from Created Apps"
		switch {
		case api != nil && row.ID == "":
			errs = append(errs, fmt.Errorf("the row of %q links to no app page: no ID to delete it by", row.Name))
			continue
		case api != nil:
			how = "through Zoom's Marketplace API (" + row.ID + ")"
			err = api.Delete(ctx, row.ID)
			if zoomapi.IsNotFound(err) {
				err = nil // gone since the table was read
			}
		default:
			err = m.DeleteApp(ctx, row.Name)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("delete %q %s: %w", row.Name, how, err))
			continue
		}
		hooks.logf("janitor: deleted the app %q (created %s) %s", row.Name, row.Created, how)
		deleted = append(deleted, row.Name)
	}
	return deleted, errors.Join(errs...)
}

// RemoveRooms deletes the named rooms from LearningSpace's System → Rooms,
// those it lists, logging in as admin if the browser is not logged in.
func RemoveRooms(ctx context.Context, d learningspace.Driver, tab *rod.Page, admin Login, rooms []string, hooks Hooks) error {
	if len(rooms) == 0 {
		return nil
	}
	if _, err := tab.Activate(); err != nil {
		return fmt.Errorf("remove the rooms %q: %w", rooms, err)
	}
	dash, err := learningspace.Enter(ctx, d, tab, admin.User, admin.Password)
	if err != nil {
		return fmt.Errorf("remove the rooms %q: %w", rooms, err)
	}
	sec, err := dash.System(ctx)
	if err != nil {
		return fmt.Errorf("remove the rooms %q: %w", rooms, err)
	}
	page, err := sec.System().Rooms(ctx)
	if err != nil {
		return fmt.Errorf("remove the rooms %q: %w", rooms, err)
	}
	list, err := page.List(ctx)
	if err != nil {
		return fmt.Errorf("remove the rooms %q: %w", rooms, err)
	}
	var errs []error
	for _, row := range list {
		if !slices.Contains(rooms, row.Name) {
			continue
		}
		if err := page.Delete(ctx, row.Name); err != nil {
			errs = append(errs, err)
			continue
		}
		hooks.logf("clean-up: deleted the LearningSpace room %q", row.Name)
	}
	return errors.Join(errs...)
}

// openCreatedApps brings the tab to the front first: the walk may have left
// another tab there (the Marketplace opens in a new one), and a page in a
// background tab gets no animation frames, so the Marketplace's script
// would not draw the table. A sign-in page instead is ErrSessionExpired:
// the clean-up has no way through it.
func openCreatedApps(ctx context.Context, d zoom.Driver, tab *rod.Page) (*zoom.ManagePage, error) {
	if _, err := tab.Activate(); err != nil {
		return nil, err
	}
	m, err := zoom.OpenCreatedApps(ctx, d, tab)
	if errors.Is(err, zoom.ErrSignedOut) {
		return nil, ErrSessionExpired
	}
	return m, err
}

// listCreatedApps opens Created Apps and reads the names it lists.
func listCreatedApps(ctx context.Context, d zoom.Driver, tab *rod.Page) (*zoom.ManagePage, []string, error) {
	m, err := openCreatedApps(ctx, d, tab)
	if err != nil {
		return nil, nil, err
	}
	names, err := m.AppNames(ctx)
	return m, names, err
}
