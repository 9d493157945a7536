// Package history keeps the nights: one small record per run, appended to
// a file that CI keeps between nights, and what a person reading the night
// in the morning asks of them: is this failure new or the third night
// running, did it recover, which step has been getting slower, since when
// has the site shown this screen. Judge gives the night's verdict in one
// line; Page draws the steps' strips.
package history

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"lszoom/internal/report"
)

// File is the history's file in its directory: JSON Lines, one night a
// line, oldest first, so that appending never rewrites what is there.
const File = "history.jsonl"

// Night is one run.
type Night struct {
	When     time.Time     `json:"when"`
	Target   string        `json:"target"` // "sandbox", "sim"
	Flow     string        `json:"flow"`   // the build flow the site offered
	Green    bool          `json:"green"`
	Duration time.Duration `json:"duration_ns"`
	Steps    []Step        `json:"steps"`
}

// Step is one guide step of a night.
type Step struct {
	Number   string        `json:"number"`
	Title    string        `json:"title"`
	Status   string        `json:"status"`         // pass, fail, not run, refused as expected
	Kind     string        `json:"kind,omitempty"` // site moved, set-up broken (a failed step)
	Duration time.Duration `json:"duration_ns"`
	// Screen is the hash of the step's accessibility snapshot (its
	// placeholders make two runs of an unchanged site hash the same);
	// "" when the run took none.
	Screen string `json:"screen,omitempty"`
}

// FromReport is the night a run's report (its summary.json in dir) says:
// its steps in walk order, the first flow's first (a step walked by two
// flows is the first one's).
func FromReport(dir, target string) (Night, error) {
	s, err := report.Load(filepath.Join(dir, "summary.json"))
	if err != nil {
		return Night{}, err
	}
	n := Night{When: s.Started, Target: target, Green: s.Green, Duration: s.Finished.Sub(s.Started)}
	seen := map[string]bool{}
	for _, f := range s.Flows {
		if n.Flow == "" && f.Name != "round trip" {
			n.Flow = f.Name
		}
		for _, st := range f.Steps {
			if seen[st.Number] {
				continue
			}
			seen[st.Number] = true
			n.Steps = append(n.Steps, Step{Number: st.Number, Title: st.Title, Status: string(st.Status),
				Kind: st.Kind, Duration: st.Duration, Screen: hashOf(filepath.Join(dir, filepath.FromSlash(st.Snapshot)), st.Snapshot)})
		}
	}
	return n, nil
}

func hashOf(path, rel string) string {
	if rel == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// Append adds a night to the history in dir (made if need be).
func Append(dir string, n Night) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	line, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, File), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		_ = f.Close()
		return fmt.Errorf("history: %w", err)
	}
	return f.Close()
}

// Load reads the history in dir, oldest first; none is no error. A line
// that does not read (a night cut short while writing) is skipped and
// said in the error returned with the rest.
func Load(dir string) ([]Night, error) {
	b, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var out []Night
	var bad int
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var n Night
		if json.Unmarshal(sc.Bytes(), &n) != nil {
			bad++
			continue
		}
		out = append(out, n)
	}
	if bad > 0 {
		return out, fmt.Errorf("history: %d lines of %s unreadable, skipped", bad, filepath.Join(dir, File))
	}
	return out, nil
}

// failedStep is a night's first failed step, or nil.
func (n Night) failedStep() *Step {
	for i := range n.Steps {
		if n.Steps[i].Status == string(report.Fail) {
			return &n.Steps[i]
		}
	}
	return nil
}
