package checkin

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// State is what `checkin start` leaves for `checkin ok|error`, another
// process: the check-in id that pairs Sentry's two check-ins, and the start
// time the end's duration is measured from.
type State struct {
	CheckInID string    `json:"check_in_id"`
	Started   time.Time `json:"started"`
	Kind      string    `json:"kind,omitempty"`
}

// WriteState writes s to path (0600, through a temporary file so a reader
// never sees half of it).
func WriteState(path string, s State) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".checkin-*.json")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // no-op once renamed
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ReadState reads what WriteState wrote; an error if the file is missing
// or is not a state with a check-in id and a start time.
func ReadState(path string) (State, error) {
	var s State
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("%s: %w", path, err)
	}
	if s.CheckInID == "" || s.Started.IsZero() {
		return State{}, fmt.Errorf("%s: no check_in_id or start time", path)
	}
	return s, nil
}

// NewCheckInID is a random (version 4) UUID, the form Sentry's check_in_id
// takes.
func NewCheckInID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
