package aria

import (
	"fmt"
	"slices"
	"strings"
)

// StepResult is one step both sets have, compared.
type StepResult struct {
	Number, Title string
	// Changes are the step's differences not already reported at an
	// earlier step, in document order.
	Changes []Change
	// AlsoAt[i] are the later steps where Changes[i] is seen again (a
	// renamed side-menu item shows on every page): reported once.
	AlsoAt [][]string
	// Note says how the step was compared when it failed in one set and
	// not in the other, e.g. "B failed at this step: compared with the
	// screen A's step 10.2 left (where the step starts)"; else "".
	Note string
}

// Result is two sets compared, A (the reference) and B.
type Result struct {
	Steps []StepResult // the steps both sets have, in walk order
	// Only are the steps one set has and the other does not, where the
	// other did not stop before them: "step 11 only in A".
	Only []string
	// NotCompared are the steps one set has after the step the other
	// stopped at, failed: "B stopped at step 10.3 (failed): steps
	// 11.1–LS.6 not compared". They do not make the result unclean: the
	// failure is the walk's to report.
	NotCompared []string
}

// Clean says the two sets showed the same screens: no change, no step in
// one set only.
func (r Result) Clean() bool { return r.changes() == 0 && len(r.Only) == 0 }

func (r Result) changes() int {
	n := 0
	for _, s := range r.Steps {
		n += len(s.Changes)
	}
	return n
}

// Compare holds set b to set a, step by step (matched by number): see
// Result. A step that failed in one set only is compared with the other
// set's screen where the failure was met (see compareStep).
func Compare(a, b *Set) Result {
	order := walkOrder(a, b)
	at := map[string]int{} // where each number is in order
	for i, num := range order {
		at[num] = i
	}
	ia, ib := positions(a), positions(b)
	var r Result
	type place struct{ step, change int }
	first := map[Change]place{}
	stoppedA, stoppedB := stop(a), stop(b)
	var notByA, notByB []string // steps not compared because A, B stopped
	for _, num := range order {
		i, inA := ia[num]
		j, inB := ib[num]
		switch {
		case inA && inB:
			sr := compareStep(a, i, b, j)
			kept := StepResult{Number: sr.Number, Title: sr.Title, Note: sr.Note}
			for _, c := range sr.Changes {
				if p, ok := first[c]; ok { // seen at an earlier step

					also := &r.Steps[p.step].AlsoAt[p.change]
					if n := len(*also); n == 0 || (*also)[n-1] != num {
						*also = append(*also, num)
					}
					continue
				}
				kept.Changes = append(kept.Changes, c)
				kept.AlsoAt = append(kept.AlsoAt, nil)
			}
			for ci, c := range kept.Changes {
				if _, ok := first[c]; !ok {
					first[c] = place{len(r.Steps), ci}
				}
			}
			r.Steps = append(r.Steps, kept)
		case inA && stoppedB != "" && at[num] >= at[stoppedB]:
			notByB = append(notByB, num)
		case inB && stoppedA != "" && at[num] >= at[stoppedA]:
			notByA = append(notByA, num)
		case inA:
			r.Only = append(r.Only, fmt.Sprintf("step %s only in A", num))
		default:
			r.Only = append(r.Only, fmt.Sprintf("step %s only in B", num))
		}
	}
	for _, x := range []struct {
		set, stopped string
		steps        []string
	}{{"A", stoppedA, notByA}, {"B", stoppedB, notByB}} {
		if len(x.steps) > 0 {
			r.NotCompared = append(r.NotCompared, fmt.Sprintf("%s stopped at step %s (failed): %s not compared", x.set, x.stopped, span(x.steps)))
		}
	}
	return r
}

// compareStep compares step a.Steps[i] with b.Steps[j] (the same number).
// A step that failed in one set only is compared with the screen of the
// other set that stands where the failure was met:
//   - failed as it ran, before acting: the screen the other set's previous
//     step left (where the step starts; its effect never came);
//   - failed as it ran, after acting: the other set's same step;
//   - found failed by a later step's read-back (Entry.At): the other set's
//     screen before that step or after it, whichever shows fewer changes
//     (a tie goes to before: a read-back reads what earlier steps left).
func compareStep(a *Set, i int, b *Set, j int) StepResult {
	ea, eb := a.Steps[i], b.Steps[j]
	sr := StepResult{Number: ea.Number, Title: ea.Title}
	if sr.Title == "" {
		sr.Title = eb.Title
	}
	failed, other, ef, own := "", a, eb, b.Trees[j]
	switch {
	case eb.Status == Fail && ea.Status == Pass:
		failed = "B"
	case ea.Status == Fail && eb.Status == Pass:
		failed, other, ef, own = "A", b, ea, a.Trees[i]
	default:
		sr.Changes = Diff(a.Trees[i], b.Trees[j])
		return sr
	}
	// diff holds the failed set's screen to the other's k-th.
	diff := func(k int) []Change {
		if failed == "B" {
			return Diff(other.Trees[k], own)
		}
		return Diff(own, other.Trees[k])
	}
	name := map[string]string{"A": "B", "B": "A"}[failed]
	same := positions(other)[ef.Number]
	sr.Note = failed + " failed at this step"
	left := func(k int) string {
		return fmt.Sprintf("compared with the screen %s's step %s left", name, other.Steps[k].Number)
	}
	if ef.At != "" && ef.At != ef.Number {
		sr.Note = fmt.Sprintf("%s found this step failed at step %s", failed, ef.At)
		k, ok := positions(other)[ef.At]
		if !ok {
			sr.Changes = diff(same)
			return sr
		}
		before, after := diff(k-1), diff(k)
		if k > 0 && len(before) <= len(after) {
			sr.Changes, sr.Note = before, sr.Note+": "+left(k-1)+" (where that step starts)"
		} else {
			sr.Changes, sr.Note = after, sr.Note+": "+left(k)
		}
		return sr
	}
	if ef.Acted || same == 0 {
		sr.Changes = diff(same)
		return sr
	}
	sr.Changes = diff(same - 1)
	sr.Note += ", before acting: " + left(same-1) + " (where the step starts)"
	return sr
}

// walkOrder is every step number of a and b: a's in its order, each of
// b's own after the step that comes before it in b.
func walkOrder(a, b *Set) []string {
	var order []string
	for _, e := range a.Steps {
		order = append(order, e.Number)
	}
	ia := positions(a)
	after := -1 // where in order b's previous step is
	for _, e := range b.Steps {
		if _, ok := ia[e.Number]; ok {
			after = slices.Index(order, e.Number)
			continue
		}
		after++
		order = slices.Insert(order, after, e.Number)
	}
	return order
}

func positions(s *Set) map[string]int {
	m := make(map[string]int, len(s.Steps))
	for i, e := range s.Steps {
		m[e.Number] = i
	}
	return m
}

// stop is the number of the step s stopped at, failed, or "": its last
// step if that failed, or the step where it found an earlier one failed
// (Entry.At).
func stop(s *Set) string {
	for k := len(s.Steps) - 1; k >= 0; k-- {
		if e := s.Steps[k]; e.Status == Fail && (k == len(s.Steps)-1 || e.At != "") {
			return e.where()
		}
	}
	return ""
}

// span names steps for a person: "step 11", "steps 11.1–LS.6".
func span(steps []string) string {
	if len(steps) == 1 {
		return "step " + steps[0]
	}
	return "steps " + steps[0] + "–" + steps[len(steps)-1]
}

// Text is the result for a person, by guide step, and a last line that
// sums it up ("no difference: 30 steps compared" when clean).
func (r Result) Text() string {
	var b strings.Builder
	steps := 0
	for _, s := range r.Steps {
		if len(s.Changes) == 0 {
			continue
		}
		steps++
		fmt.Fprintf(&b, "%s\n", strings.TrimSpace("step "+s.Number+" "+s.Title))
		if s.Note != "" {
			fmt.Fprintf(&b, "  (%s)\n", s.Note)
		}
		for i, c := range s.Changes {
			b.WriteString("  " + c.String())
			if len(s.AlsoAt[i]) > 0 {
				b.WriteString("  (also at " + strings.Join(s.AlsoAt[i], ", ") + ")")
			}
			b.WriteByte('\n')
		}
	}
	for _, o := range r.Only {
		b.WriteString(o + "\n")
	}
	var sum string
	switch n := r.changes(); {
	case n == 0 && len(r.Only) == 0:
		sum = "no difference: " + count(len(r.Steps), "step") + " compared"
	case n == 0:
		sum = fmt.Sprintf("no screen difference, %s only in one set (%s compared)", count(len(r.Only), "step"), count(len(r.Steps), "step"))
	default:
		sum = fmt.Sprintf("%s in %s", count(n, "difference"), count(steps, "step"))
		if len(r.Only) > 0 {
			sum += fmt.Sprintf(", %s only in one set", count(len(r.Only), "step"))
		}
		sum += fmt.Sprintf(" (%s compared)", count(len(r.Steps), "step"))
	}
	for _, nc := range r.NotCompared {
		sum += "; " + nc
	}
	b.WriteString(sum + "\n")
	return b.String()
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
