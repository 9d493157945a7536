package aria

import (
	"encoding/json"
	"fmt"
	"strings"
)

// YAML is the tree as Playwright prints an ARIA snapshot: one line per node
// below the root, "- " then the role, the name quoted as JSON when there is
// one, each state in brackets, then ": " and the value when there is one,
// or ":" when children follow, indented two more spaces. Every line ends
// with a newline; a root without children is "".
//
// A node with both a value and children (which the capturing code never
// makes) prints its value as a first child "- text: value", so that nothing
// is lost; Parse gives it back as that child.
func (n *Node) YAML() string {
	var b strings.Builder
	for _, c := range n.Children {
		c.write(&b, 0)
	}
	return b.String()
}

func (n *Node) write(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString("- ")
	kids := n.Children
	switch {
	case n.Value != "" && len(kids) > 0:
		b.WriteString(n.head())
		kids = append([]*Node{{Role: "text", Value: n.Value}}, kids...)
	default:
		b.WriteString(n.line())
	}
	if len(kids) > 0 {
		b.WriteByte(':')
	}
	b.WriteByte('\n')
	for _, c := range kids {
		c.write(b, depth+1)
	}
}

// Parse reads what YAML writes back into a tree under an empty root. It
// also takes what Playwright writes that YAML does not (single-quoted
// values, no final newline, CRLF, blank lines, a role such as "/url" for a
// link's property), but not its templates' regular expressions.
func Parse(s string) (*Node, error) {
	root := &Node{}
	stack := []*Node{root} // stack[d] is the parent of the nodes at depth d
	inline := false        // the last node's line had a value after its colon
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		fail := func(format string, a ...any) (*Node, error) {
			return nil, fmt.Errorf("aria: line %d: %s: %q", i+1, fmt.Sprintf(format, a...), line)
		}
		rest := strings.TrimLeft(line, " ")
		indent := len(line) - len(rest)
		depth := indent / 2
		switch {
		case indent%2 != 0:
			return fail("indented by an odd number of spaces")
		case depth > len(stack)-1:
			return fail("indented deeper than its parent's children")
		case depth == len(stack)-1 && inline:
			return fail("children under a line with a value")
		case !strings.HasPrefix(rest, "- "):
			return fail(`not a "- " line`)
		}
		n, err := parseLine(rest[2:])
		if err != nil {
			return fail("%v", err)
		}
		parent := stack[depth]
		parent.Children = append(parent.Children, n)
		stack = append(stack[:depth+1], n)
		inline = n.Value != ""
	}
	return root, nil
}

// parseLine reads one line after its "- ": role, name, states, value.
func parseLine(s string) (*Node, error) {
	n := &Node{}
	end := strings.IndexAny(s, " :")
	if end < 0 {
		end = len(s)
	}
	n.Role, s = s[:end], s[end:]
	if n.Role == "" {
		return nil, fmt.Errorf("no role")
	}
	if strings.HasPrefix(s, ` "`) {
		end := jsonEnd(s[1:])
		if end < 0 {
			return nil, fmt.Errorf("name not closed")
		}
		if err := json.Unmarshal([]byte(s[1:1+end]), &n.Name); err != nil {
			return nil, fmt.Errorf("name: %v", err)
		}
		s = s[1+end:]
	}
	for strings.HasPrefix(s, " [") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return nil, fmt.Errorf("state not closed")
		}
		n.Attrs = append(n.Attrs, s[2:end])
		s = s[end+1:]
	}
	switch {
	case s == "" || strings.TrimRight(s, " ") == ":": // no value; children may follow
	case strings.HasPrefix(s, ": "):
		v, err := parseScalar(strings.TrimRight(s[2:], " "))
		if err != nil {
			return nil, err
		}
		n.Value = v
	default:
		return nil, fmt.Errorf("unexpected %q", s)
	}
	return n, nil
}

// jsonEnd is the length of the JSON string s begins with, or -1.
func jsonEnd(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// parseScalar reads a value: JSON-quoted (as YAML writes what a plain
// scalar cannot hold), single-quoted (as other YAML writers do), or plain.
func parseScalar(s string) (string, error) {
	switch {
	case strings.HasPrefix(s, `"`):
		var v string
		if jsonEnd(s) != len(s) {
			return "", fmt.Errorf("value: not one quoted string")
		}
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return "", fmt.Errorf("value: %v", err)
		}
		return v, nil
	case strings.HasPrefix(s, "'"):
		if len(s) < 2 || !strings.HasSuffix(s, "'") {
			return "", fmt.Errorf("value: quote not closed")
		}
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	}
	return s, nil
}
