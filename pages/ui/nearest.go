package ui

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/go-rod/rod"
)

// The nearest candidates of a role query that found nothing: what a person
// looking for the control would try instead. They are said, never used:
// a site that moved fails, and the candidate is the hint for the one-line
// fix.

// maxCandidatesShown bounds the candidates an error names.
const maxCandidatesShown = 3

// nearest are the names of role's nodes (in the query's region) most like
// name, best first, as queries read: `tab "Meetings"`.
func nearest(role, name string, names []string) []string {
	if name == "" {
		return nil
	}
	type cand struct {
		name  string
		score float64
	}
	var cs []cand
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if sc := max(similarity(name, n), wordOverlap(name, n)); sc >= 0.4 || sharesWord(name, n) {
			cs = append(cs, cand{n, sc})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	var out []string
	for i, c := range cs {
		// The best, and those nearly as near: a hint, not a list.
		if i == maxCandidatesShown || c.score < cs[0].score-0.2 {
			break
		}
		out = append(out, fmt.Sprintf("%s %q", role, c.name))
	}
	return out
}

// otherRoles are the elements named as the query is but of another role
// (a button that became a link), in the query's region.
func (r Region) otherRoles(p *rod.Page, q Query) []string {
	nodes, err := r.axNodes(p, "", "")
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range nodes {
		role := axString(n.Role)
		if !element(n) || role == q.role || role == "" || flattened(role) || !SameName(axString(n.Name), q.name) {
			continue
		}
		if c := fmt.Sprintf("%s %q", role, axString(n.Name)); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// similarity is 1 − the edit distance of the names as a person reads them
// over the longer one's length: 1 for the same, 0 for nothing in common.
func similarity(a, b string) float64 {
	x, y := []rune(strings.ToLower(collapse(a))), []rune(strings.ToLower(collapse(b)))
	longest := max(len(x), len(y))
	if longest == 0 {
		return 1
	}
	return 1 - float64(editDistance(x, y))/float64(longest)
}

// wordOverlap is the share of words the names have in common (Jaccard):
// "OAuth Redirect URL" and "Redirect URL for OAuth" are near although
// their letters are in another order.
func wordOverlap(a, b string) float64 {
	wa, wb := map[string]bool{}, map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(a)) {
		wa[stem(w)] = true
	}
	for _, w := range strings.Fields(strings.ToLower(b)) {
		wb[stem(w)] = true
	}
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	if all := len(wa) + len(wb) - common; all > 0 {
		return float64(common) / float64(all)
	}
	return 0
}

// sharesWord: the names have a word of four letters or more in common
// ("Add allow lists", "Allow list URLs"), in the singular or the plural
// ("Avancé", "Paramètres avancés").
func sharesWord(a, b string) bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(a)) {
		if len([]rune(w)) >= 4 {
			words[stem(w)] = true
		}
	}
	for _, w := range strings.Fields(strings.ToLower(b)) {
		if words[stem(w)] {
			return true
		}
	}
	return false
}

// stem is a word less a plural's s (English and French: "lists",
// "avancés"), when four letters are left.
func stem(w string) string {
	if r := []rune(w); len(r) > 4 && r[len(r)-1] == 's' {
		return string(r[:len(r)-1])
	}
	return w
}

// editDistance is Levenshtein's distance between two rune strings.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
