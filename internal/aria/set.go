package aria

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A set is one walk's snapshots: a directory holding IndexFile and one
// file per guide step, the screen the step left (a failed step's: the
// screen at the failure).

// IndexFile is a set's index, in its directory.
const IndexFile = "index.json"

// The statuses of a step in a set.
const (
	Pass = "pass"
	Fail = "fail"
)

// Entry is one step of a set.
type Entry struct {
	Number string `json:"number"` // guide step number: "1", "10.3", "13.x"... "LS.6"; one entry per number
	Title  string `json:"title"`
	Status string `json:"status"` // Pass or Fail (a failed step's snapshot is the screen at the failure)
	File   string `json:"file"`   // e.g. "10.3.yml": a file name in the set's directory, no path
	// At is, for a failed step, the later step the walk was in when it
	// found the failure (a read-back: step 12 reloads the app and finds
	// 11.2's Company Name empty); "" when the step failed as it ran.
	At string `json:"at,omitempty"`
	// Acted says, for a failed step, that the step the walk was in had
	// acted (clicked, typed, pressed) before the failure: its screen is
	// no longer the one it started on.
	Acted bool `json:"acted,omitempty"`
}

// where is the step the walk was in when e ended.
func (e Entry) where() string {
	if e.At != "" {
		return e.At
	}
	return e.Number
}

// Index is a set's index.json.
type Index struct {
	Flow  string  `json:"flow"`  // "classic", "general", "round trip", ...
	Steps []Entry `json:"steps"` // in walk order
}

// Set is a set as read from its directory.
type Set struct {
	Dir string
	Index
	Trees []*Node // Trees[i] is Steps[i]'s snapshot
}

// ReadSet reads the set in dir: its index and every step's snapshot.
func ReadSet(dir string) (*Set, error) {
	data, err := os.ReadFile(filepath.Join(dir, IndexFile))
	if err != nil {
		return nil, fmt.Errorf("aria: %w", err)
	}
	s := &Set{Dir: dir}
	if err := json.Unmarshal(data, &s.Index); err != nil {
		return nil, fmt.Errorf("aria: %s: %w", filepath.Join(dir, IndexFile), err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("aria: %s: %w", filepath.Join(dir, IndexFile), err)
	}
	for _, e := range s.Steps {
		p := filepath.Join(dir, e.File)
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("aria: step %s: %w", e.Number, err)
		}
		n, err := Parse(string(data))
		if err != nil {
			return nil, fmt.Errorf("aria: %s: %w", p, err)
		}
		s.Trees = append(s.Trees, n)
	}
	return s, nil
}

// WriteStep writes step e's snapshot n to e.File in dir (made if missing),
// atomically. The caller writes the index (WriteIndex) once per step or at
// the end.
func WriteStep(dir string, e Entry, n *Node) error {
	if err := checkFile(e.File); err != nil {
		return fmt.Errorf("aria: step %s: %w", e.Number, err)
	}
	return writeFile(filepath.Join(dir, e.File), []byte(n.YAML()))
}

// WriteIndex writes ix as dir's index.json (dir made if missing),
// atomically: a reader, or a walk killed while writing, never sees half an
// index.
func WriteIndex(dir string, ix Index) error {
	if err := ix.check(); err != nil {
		return fmt.Errorf("aria: %s: %w", filepath.Join(dir, IndexFile), err)
	}
	data, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return fmt.Errorf("aria: %w", err)
	}
	return writeFile(filepath.Join(dir, IndexFile), append(data, '\n'))
}

// check says what is wrong with an index: Compare matches steps by number,
// and cmd/fidelity -update copies and deletes files by their names.
func (ix Index) check() error {
	seen := map[string]bool{}
	for _, e := range ix.Steps {
		switch {
		case e.Number == "":
			return errors.New("a step without a number")
		case seen[e.Number]:
			return fmt.Errorf("step %s twice", e.Number)
		case e.Status != Pass && e.Status != Fail:
			return fmt.Errorf("step %s: status %q: %q or %q", e.Number, e.Status, Pass, Fail)
		}
		if err := checkFile(e.File); err != nil {
			return fmt.Errorf("step %s: %w", e.Number, err)
		}
		seen[e.Number] = true
	}
	return nil
}

// checkFile says what is wrong with a step's file name: it must name a
// file in the set's directory, and not the index.
func checkFile(name string) error {
	if name == "" || name == "." || name == ".." || name == IndexFile || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("file %q: a file name in the set's directory", name)
	}
	return nil
}

// writeFile writes data to path through a temporary file beside it and a
// rename.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("aria: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("aria: %w", err)
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Chmod(0o644), f.Close()) // as os.WriteFile would make it, not CreateTemp's 0600
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("aria: %s: %w", path, err)
	}
	return nil
}
