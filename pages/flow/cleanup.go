package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/go-rod/rod"

	"lszoom/pages/learningspace"
	"lszoom/pages/zoom"
)

// What a run leaves behind is removed through the sites' own pages, as a
// person would: Zoom's apps from Manage → Created Apps (the row's menu,
// Delete, confirm), whichever build flow made them, and LearningSpace's
// rooms from System → Rooms. The nightly does it at the end of each test,
// pass or fail; the janitor (cmd/janitor) for runs that were killed.

// RemoveApps deletes the named apps from Created Apps, those it lists; a
// name it does not list is no error (the walk failed before creating it).
// It goes on after a failure and returns every one.
func RemoveApps(ctx context.Context, d zoom.Driver, tab *rod.Page, names []string, hooks Hooks) error {
	if len(names) == 0 {
		return nil
	}
	m, err := openCreatedApps(ctx, d, tab)
	if errors.Is(err, zoom.ErrSignedOut) {
		return fmt.Errorf("remove the apps %q: %w", names, ErrSessionExpired)
	}
	if err != nil {
		return fmt.Errorf("remove the apps %q: %w", names, err)
	}
	listed, err := m.AppNames(ctx)
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

// Sweep deletes from Created Apps every app stale says to, and returns the
// names it deleted (the janitor). stale sees each row; it is not asked
// twice about a name.
func Sweep(ctx context.Context, d zoom.Driver, tab *rod.Page, stale func(zoom.CreatedApp) bool, hooks Hooks) ([]string, error) {
	m, err := openCreatedApps(ctx, d, tab)
	if errors.Is(err, zoom.ErrSignedOut) {
		return nil, ErrSessionExpired
	}
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
		if err := m.DeleteApp(ctx, row.Name); err != nil {
			errs = append(errs, err)
			continue
		}
		hooks.logf("janitor: deleted the app %q (created %s)", row.Name, row.Created)
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
// would not draw the table.
func openCreatedApps(ctx context.Context, d zoom.Driver, tab *rod.Page) (*zoom.ManagePage, error) {
	if _, err := tab.Activate(); err != nil {
		return nil, err
	}
	return zoom.OpenCreatedApps(ctx, d, tab)
}
