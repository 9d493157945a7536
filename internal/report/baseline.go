package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// SlowerBy is how much longer than in the baseline a step must take to be
// marked slower: more than half as long again...
const SlowerBy = 1.5

// ...and at least MinSlower more, so that a 40 ms step taking 70 ms (noise
// on a loaded machine) is not called a regression.
const MinSlower = 250 * time.Millisecond

// Load reads a summary.json.
func Load(path string) (*Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report: baseline: %w", err)
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("report: baseline %s: %w", path, err)
	}
	return &s, nil
}

// NewestGreen finds the newest summary.json of a green run among the runs
// kept under root (root/<run>/report/summary.json, as make e2e and
// go test -artifacts leave them), leaving out the one in skip. "" if none.
func NewestGreen(root, skip string) string {
	paths, _ := filepath.Glob(filepath.Join(root, "*", "report", "summary.json"))
	var best string
	var bestAt time.Time
	for _, p := range paths {
		if filepath.Dir(p) == filepath.Clean(skip) {
			continue
		}
		s, err := Load(p)
		if err != nil || !s.Green || len(s.Flows) == 0 {
			continue
		}
		if s.Finished.After(bestAt) {
			best, bestAt = p, s.Finished
		}
	}
	return best
}

// Compare marks the steps of cur that fail where base passed ("newly
// failing") and those that took more than SlowerBy times as long.
func Compare(cur, base *Summary) {
	type key struct{ test, step string }
	was := map[key]Step{}
	for _, f := range base.Flows {
		for _, s := range f.Steps {
			was[key{f.Test, s.Number}] = s
		}
	}
	for _, f := range cur.Flows {
		for i := range f.Steps {
			s := &f.Steps[i]
			b, ok := was[key{f.Test, s.Number}]
			if !ok {
				continue
			}
			passed := slices.Contains([]Status{Pass, Refused}, b.Status)
			switch {
			case s.Status == Fail && passed:
				s.Change = "newly failing (" + string(b.Status) + " in the baseline)"
			case s.Status == Pass && b.Status == Pass && b.Duration > 0 &&
				float64(s.Duration) > SlowerBy*float64(b.Duration) && s.Duration-b.Duration >= MinSlower:
				s.Change = fmt.Sprintf("slower: %v, was %v", round(s.Duration), round(b.Duration))
			}
		}
	}
}

func round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}
