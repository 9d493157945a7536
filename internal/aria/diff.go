package aria

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is what became of a node between two snapshots.
type Kind string

const (
	Renamed      Kind = "renamed"       // same role and place, another name (or, for a text node, another text)
	Added        Kind = "added"         // in b only: reported once, at the root of the added subtree
	Removed      Kind = "removed"       // in a only: reported once, at the root of the removed subtree
	Moved        Kind = "moved"         // same role and name, another place (another parent, or another order among its siblings)
	StateChanged Kind = "state changed" // same role, name and place; other attrs or value
)

// Change is one difference between two snapshots.
type Change struct {
	Kind Kind
	// Path is where, from the top: the ancestors' roles and names joined by
	// " > ", e.g. `main > dialog "Add scopes"`; "" at the top level. For
	// Added it is the path in b; otherwise in a.
	Path string
	// Old and New are the node's line as YAML shows it, without "- " and
	// without children (`checkbox "X" [checked]`, `textbox "Company": CAE`);
	// Old is "" for Added, New is "" for Removed.
	Old, New string
	// To is, for Moved, the path in b (Path is a's); else "".
	To string
}

// String is the change for a person: `renamed: button "A" → button "B"
// (in main)`, `moved: button "A" (from main to dialog "D")`.
func (c Change) String() string {
	in := func(p string) string {
		if p == "" {
			return "at the top level"
		}
		return "in " + p
	}
	switch c.Kind {
	case Added:
		return fmt.Sprintf("added: %s (%s)", c.New, in(c.Path))
	case Removed:
		return fmt.Sprintf("removed: %s (%s)", c.Old, in(c.Path))
	case Moved:
		what := c.Old
		if c.New != c.Old { // moved, and its states changed on the way
			what += " → " + c.New
		}
		if c.To == c.Path {
			return fmt.Sprintf("moved: %s (another order among its siblings, %s)", what, in(c.Path))
		}
		from, to := c.Path, c.To
		if from == "" {
			from = "the top level"
		}
		if to == "" {
			to = "the top level"
		}
		return fmt.Sprintf("moved: %s (from %s to %s)", what, from, to)
	}
	return fmt.Sprintf("%s: %s → %s (%s)", c.Kind, c.Old, c.New, in(c.Path))
}

// Diff is every difference between a and b, compared strictly: every node,
// its order, role, name, states and value (no subset matching as
// toMatchAriaSnapshot's templates do). The changes come in document order
// (of a, and of b for additions), the same for the same trees.
//
// Sibling lists are aligned on (role, name) (text nodes: their text), the
// longest common subsequence, preferring pairs that are equal on the whole.
// Paired nodes whose states or values differ are StateChanged; their
// children are aligned in turn. Of what is left, a node removed and one
// added with the same role and name anywhere in the tree are Moved (first
// come first served, in document order; their subtrees are compared too);
// then, between the same two aligned neighbours, a removed and an added
// node of the same role are Renamed, in order. Moves are looked for first:
// the same role and name is stronger evidence than the same role and place.
func Diff(a, b *Node) []Change {
	d := &differ{}
	d.align(a, b, nil, nil, nil)
	for {
		for d.moves() {
		}
		if !d.renames() {
			break
		}
	}
	for _, g := range d.gaps {
		for _, r := range g.removed {
			if !r.paired {
				d.add(r.order, Change{Kind: Removed, Path: join(r.path), Old: r.n.line()})
			}
		}
		for _, x := range g.added {
			if !x.paired {
				d.add(x.order, Change{Kind: Added, Path: join(x.path), New: x.n.line()})
			}
		}
	}
	slices.SortStableFunc(d.found, func(x, y found) int { return slices.Compare(x.order, y.order) })
	out := make([]Change, len(d.found))
	for i, f := range d.found {
		out[i] = f.c
	}
	return out
}

// An item is a node left unpaired by the alignment of its siblings.
type item struct {
	n      *Node
	path   []string // its ancestors' labels
	order  []int    // where it is in the merged document order
	paired bool
}

// A gap is what lies between two aligned neighbours (or an end) of one
// sibling list: a's nodes there, b's nodes there.
type gap struct{ removed, added []*item }

type found struct {
	order []int
	c     Change
}

type differ struct {
	gaps  []*gap
	found []found
}

func (d *differ) add(order []int, c Change) { d.found = append(d.found, found{order, c}) }

// align aligns the children of the paired nodes a and b (at paths ap in
// a and bp in b, at order), records its gaps and compares its pairs.
func (d *differ) align(a, b *Node, ap, bp []string, order []int) {
	ac, bc := a.Children, b.Children
	k := 0
	next := func() []int { k++; return append(slices.Clip(order), k-1) }
	i, j := 0, 0
	for _, p := range append(lcs(ac, bc), [2]int{len(ac), len(bc)}) {
		g := &gap{}
		for ; i < p[0]; i++ {
			g.removed = append(g.removed, &item{n: ac[i], path: ap, order: next()})
		}
		for ; j < p[1]; j++ {
			g.added = append(g.added, &item{n: bc[j], path: bp, order: next()})
		}
		if len(g.removed)+len(g.added) > 0 {
			d.gaps = append(d.gaps, g)
		}
		if i == len(ac) { // the end, not a pair
			break
		}
		x, y, o := ac[i], bc[j], next()
		if x.line() != y.line() {
			d.add(o, Change{Kind: StateChanged, Path: join(ap), Old: x.line(), New: y.line()})
		}
		d.align(x, y, with(ap, x), with(bp, y), o)
		i, j = i+1, j+1
	}
}

// moves pairs the unpaired nodes of the same key anywhere in the tree,
// each removed one (in document order) with the first added one, and says
// whether it paired any: their subtrees' gaps may hold more.
func (d *differ) moves() bool {
	var removed, added []*item
	for _, g := range d.gaps {
		for _, r := range g.removed {
			if !r.paired {
				removed = append(removed, r)
			}
		}
		for _, x := range g.added {
			if !x.paired {
				added = append(added, x)
			}
		}
	}
	byOrder := func(x, y *item) int { return slices.Compare(x.order, y.order) }
	slices.SortStableFunc(removed, byOrder)
	slices.SortStableFunc(added, byOrder)
	paired := false
	for _, r := range removed {
		for _, x := range added {
			if !x.paired && keyOf(r.n) == keyOf(x.n) {
				r.paired, x.paired, paired = true, true, true
				d.add(r.order, Change{Kind: Moved, Path: join(r.path), To: join(x.path), Old: r.n.line(), New: x.n.line()})
				d.align(r.n, x.n, with(r.path, r.n), with(x.path, x.n), r.order)
				break
			}
		}
	}
	return paired
}

// renames pairs, in each gap, the unpaired nodes of the same role, in
// order, and says whether it paired any.
func (d *differ) renames() bool {
	paired := false
	for _, g := range slices.Clone(d.gaps) { // align appends new gaps: moves first
		last := -1 // pairs keep their order: no crossing
		for _, r := range g.removed {
			if r.paired {
				continue
			}
			for xi := last + 1; xi < len(g.added); xi++ {
				if x := g.added[xi]; !x.paired && x.n.Role == r.n.Role {
					r.paired, x.paired, paired, last = true, true, true, xi
					d.add(r.order, Change{Kind: Renamed, Path: join(r.path), Old: r.n.line(), New: x.n.line()})
					d.align(r.n, x.n, with(r.path, r.n), with(x.path, x.n), r.order)
					break
				}
			}
		}
	}
	return paired
}

// key is what aligns two nodes: role and name, and a text node's text.
type key struct{ role, name, text string }

func keyOf(n *Node) key {
	k := key{role: n.Role, name: n.Name}
	if n.Role == "text" {
		k.text = n.Value
	}
	return k
}

// lcs is the longest common subsequence of a and b on their keys, as pairs
// of indexes. Among the longest, it takes the one with the most pairs
// equal in their line, then in their whole subtree: in a list of nameless
// list items, the item that went is the one whose text is gone, not the
// last.
func lcs(a, b []*Node) [][2]int {
	n, m := len(a), len(b)
	la, lb, fa, fb := lines(a), lines(b), prints(a), prints(b)
	w := 2*min(n, m) + 1 // one more pair outweighs any bonus
	score := func(i, j int) int {
		s := w
		if la[i] == lb[j] {
			s++
			if fa[i] == fb[j] {
				s++
			}
		}
		return s
	}
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			if keyOf(a[i]) == keyOf(b[j]) {
				dp[i][j] = max(dp[i][j], score(i, j)+dp[i+1][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case keyOf(a[i]) == keyOf(b[j]) && dp[i][j] == score(i, j)+dp[i+1][j+1]:
			out = append(out, [2]int{i, j})
			i, j = i+1, j+1
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

func lines(ns []*Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.line()
	}
	return out
}

// prints are the nodes' whole subtrees as YAML, to tell equal subtrees.
func prints(ns []*Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = (&Node{Children: []*Node{n}}).YAML()
	}
	return out
}

func with(path []string, n *Node) []string { return append(slices.Clip(path), n.label()) }

func join(path []string) string { return strings.Join(path, " > ") }
