package learningspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"lszoom/pages/ui"
)

var roomsLabels = struct {
	table, colName, colRegistration, deleteRoom, confirmDelete, confirmHeading string
}{
	table:           "Rooms",
	colName:         "Name",
	colRegistration: "Registration email",
	deleteRoom:      "Delete %s", // the row's button, named by its room
	confirmDelete:   "Delete",
	confirmHeading:  "Delete room",
}

// RoomRow is one room of System → Rooms as the table shows it.
type RoomRow struct {
	Name              string
	RegistrationEmail string
}

// List reads the rooms table.
func (p *RoomsPage) List(ctx context.Context) ([]RoomRow, error) {
	table, err := p.r(ctx).Within(ui.Role("table", roomsLabels.table))
	if err != nil {
		return nil, err
	}
	heads, err := ui.Names(table, "columnheader")
	if err != nil {
		return nil, err
	}
	name, email := slices.Index(heads, roomsLabels.colName), slices.Index(heads, roomsLabels.colRegistration)
	if name < 0 || email < 0 {
		return nil, fmt.Errorf("the %s table has no %q or %q column (columns: %q)", roomsLabels.table,
			roomsLabels.colName, roomsLabels.colRegistration, heads)
	}
	rows, err := table.All(ui.Role("row", ""))
	if err != nil {
		return nil, err
	}
	var out []RoomRow
	for _, row := range rows {
		cells, err := ui.Texts(table.WithinElement(row), ui.Role("cell", ""))
		if err != nil {
			return nil, err
		}
		if len(cells) <= max(name, email) {
			continue // the header row, or "No rooms yet"
		}
		out = append(out, RoomRow{Name: cells[name], RegistrationEmail: cells[email]})
	}
	return out, nil
}

// Delete deletes a room from its row: the row's Delete, then the
// confirmation page's Delete. It returns once the rooms table no longer
// lists the room.
func (p *RoomsPage) Delete(ctx context.Context, room string) error {
	r := p.r(ctx)
	if err := p.submit(ctx, r, ui.Role("button", fmt.Sprintf(roomsLabels.deleteRoom, room))); err != nil {
		return err
	}
	if _, err := r.Find(ui.Role("heading", roomsLabels.confirmHeading)); err != nil {
		return err
	}
	if err := p.submit(ctx, r, ui.Role("button", roomsLabels.confirmDelete)); err != nil {
		return err
	}
	if msgs := alertTexts(r); len(msgs) > 0 {
		return &Refused{Message: strings.Join(msgs, "; ")}
	}
	return r.WaitUntil(fmt.Sprintf("room %q to leave the %s table", room, roomsLabels.table), func() (bool, error) {
		rows, err := p.List(ctx)
		if err != nil {
			return false, err
		}
		return !slices.ContainsFunc(rows, func(row RoomRow) bool { return row.Name == room }), nil
	})
}

// System goes back to the System tabs.
func (p *RoomsPage) System() *SystemPage { return &SystemPage{p.screen} }

// Open follows a room's name in the table to its page.
func (p *RoomsPage) Open(ctx context.Context, room string) (*RoomPage, error) {
	table, err := p.r(ctx).Within(ui.Role("table", roomsLabels.table))
	if err != nil {
		return nil, err
	}
	if err := p.submit(ctx, table, ui.Role("link", room)); err != nil {
		return nil, err
	}
	r := &RoomPage{p.screen}
	_, err = r.region(ctx)
	return r, err
}
