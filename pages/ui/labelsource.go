package ui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Where a label is defined. Each page package keeps its screens' labels in
// one place per screen, a `var <screen>Labels = struct{…}{…}` (so that a
// change on the real site is a one-line fix), and registers its source
// files here (embedded: a binary built elsewhere still knows). A failure
// that a label is no longer on the page names the file and line to change:
// pages/zoom/credentials.go:20.

var labelSources struct {
	mu    sync.Mutex
	srcs  []labelSource
	index map[string][]string // label → "dir/file.go:line", made at the first lookup
}

type labelSource struct {
	dir  string // as the repository names it: "pages/zoom"
	fsys fs.FS
	also []string // tables and constants indexed besides the *Labels tables
}

// RegisterLabels makes the label tables in the Go files of fsys, the
// package at dir of the repository, known to LabelAt, with the variables
// and constants named also (texts a screen shows that live elsewhere: the
// guide's scope table, a card's name). Page packages call it from init.
func RegisterLabels(dir string, fsys fs.FS, also ...string) {
	labelSources.mu.Lock()
	defer labelSources.mu.Unlock()
	labelSources.srcs = append(labelSources.srcs, labelSource{dir, fsys, also})
	labelSources.index = nil
}

// LabelAt lists where label is written in a label table of the page
// packages ("pages/zoom/scopes.go:16"), or in a table registered with
// them (the guide's scopes), sorted; none for a text that is not a label
// (a value the run made: an app's name).
func LabelAt(label string) []string {
	labelSources.mu.Lock()
	defer labelSources.mu.Unlock()
	if labelSources.index == nil {
		labelSources.index = map[string][]string{}
		for _, src := range labelSources.srcs {
			indexLabels(src, labelSources.index)
		}
	}
	return labelSources.index[label]
}

// indexLabels adds the string literals of src's label tables to index.
func indexLabels(src labelSource, index map[string][]string) {
	files, _ := fs.Glob(src.fsys, "*.go") // the pattern is valid
	sort.Strings(files)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := fs.ReadFile(src.fsys, name)
		if err != nil {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || (gd.Tok != token.VAR && gd.Tok != token.CONST) {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					table := gd.Tok == token.VAR && strings.HasSuffix(id.Name, "Labels")
					if (!table && !slices.Contains(src.also, id.Name)) || i >= len(vs.Values) {
						continue
					}
					ast.Inspect(vs.Values[i], func(n ast.Node) bool {
						lit, ok := n.(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							return true
						}
						if v, err := strconv.Unquote(lit.Value); err == nil && v != "" {
							at := fmt.Sprintf("%s:%d", path.Join(src.dir, name), fset.Position(lit.Pos()).Line)
							index[v] = append(index[v], at)
						}
						return false
					})
				}
			}
		}
	}
}
