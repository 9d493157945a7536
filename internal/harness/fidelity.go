package harness

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"lszoom/internal/aria"
	"lszoom/internal/report"
)

// A run's screens are held to the last green run's (the baseline), flow by
// flow, or, where the baseline has none of a flow, to the live site's
// reference of its build flow (fixtures/zoomsim/live/<flow>/): the report's
// fidelity section, and each failed step's differences, so that a person
// sees what moved on the screen the step failed on.

// LiveReferenceDir is where the repository keeps the live site's reference
// of a build flow, found from the working directory up to the module's
// root; "" outside the repository.
func LiveReferenceDir(flow string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module lszoom\n") {
			return filepath.Join(dir, "fixtures", "zoomsim", "live", flow)
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// buildFlow is the build flow of a recorded flow's name ("general, round
// trip" → "general").
func buildFlow(name string) string {
	first, _, _ := strings.Cut(name, ",")
	return strings.TrimSpace(first)
}

// compareScreens is the report's amend: each flow with snapshots compared
// with the baseline's same test, else with the reference of its flow.
func (h *Harness) compareScreens(baseline string) func(*report.Summary) {
	return func(s *report.Summary) {
		for _, f := range s.Flows {
			cur, err := aria.ReadSet(filepath.Join(h.Report.FlowDir(f.Test), "aria"))
			if err != nil {
				continue // a flow that walked no step
			}
			ref, against := h.referenceOf(f, baseline)
			if ref == nil {
				continue
			}
			res := aria.Compare(ref, cur)
			f.Fidelity = &report.Fidelity{Against: against, Clean: res.Clean(),
				Lines: strings.Split(strings.TrimRight(res.Text(), "\n"), "\n")}
			for i := range f.Steps {
				if st := &f.Steps[i]; st.Status == report.Fail || st.Status == report.Refused {
					st.Differences, st.Against = changesAt(res, st.Number), against
				}
			}
		}
	}
}

// referenceOf is the set f's screens are held to, and what it is.
func (h *Harness) referenceOf(f *report.Flow, baseline string) (*aria.Set, string) {
	if baseline != "" {
		dir := filepath.Join(filepath.Dir(baseline), "flows", filepath.Base(h.Report.FlowDir(f.Test)), "aria")
		if set, err := aria.ReadSet(dir); err == nil {
			return set, "the last green run"
		}
	}
	if dir := LiveReferenceDir(buildFlow(f.Name)); dir != "" {
		if set, err := aria.ReadSet(dir); err == nil {
			return set, "the live site's reference (" + buildFlow(f.Name) + ")"
		}
	}
	return nil, ""
}

// changesAt are the changes a result shows on step number's screen: its
// own, and those first seen at an earlier step and seen again there.
func changesAt(res aria.Result, number string) []string {
	var out []string
	for _, s := range res.Steps {
		for i, c := range s.Changes {
			if s.Number == number || (i < len(s.AlsoAt) && slices.Contains(s.AlsoAt[i], number)) {
				out = append(out, c.String())
			}
		}
	}
	return out
}

// HoldToReference compares a walk's step snapshots (setDir) with the
// reference in refDir: recorded is false when there is none yet (no
// index.json), which is no difference but must be said.
func HoldToReference(refDir, setDir string) (res aria.Result, recorded bool, err error) {
	if _, err := os.Stat(filepath.Join(refDir, aria.IndexFile)); err != nil {
		return aria.Result{}, false, nil
	}
	ref, err := aria.ReadSet(refDir)
	if err != nil {
		return aria.Result{}, true, err
	}
	cur, err := aria.ReadSet(setDir)
	if err != nil {
		return aria.Result{}, true, err
	}
	return aria.Compare(ref, cur), true, nil
}
