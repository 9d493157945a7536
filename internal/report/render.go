package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"path"
	"strings"
	"time"
)

//go:embed page.html
var pageFS embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"dur":   func(d time.Duration) string { return round(d).String() },
	"class": statusClass,
	"base":  path.Base,
	"changed": func(steps []Step) int {
		n := 0
		for _, s := range steps {
			if s.Change != "" {
				n++
			}
		}
		return n
	},
	"anchor": func(test, step string) string {
		return unsafe.ReplaceAllString(test, "_") + "--" + unsafe.ReplaceAllString(step, "_")
	},
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
}).ParseFS(pageFS, "page.html"))

func statusClass(s Status) string {
	switch s {
	case Pass:
		return "pass"
	case Refused:
		return "refused"
	case Fail:
		return "fail"
	default:
		return "notrun"
	}
}

// view is what the page shows on top.
type view struct {
	Summary
	Took                    time.Duration
	Passed, Failed, Refusal int
	Changes                 int
}

func render(w io.Writer, s Summary) error {
	v := view{Summary: s, Took: s.Finished.Sub(s.Started)}
	for _, f := range s.Flows {
		switch {
		case f.Status == Fail:
			v.Failed++
		case f.ExpectRefusalAt != "":
			v.Refusal++
		default:
			v.Passed++
		}
		for _, st := range f.Steps {
			if st.Change != "" {
				v.Changes++
			}
		}
	}
	return page.Execute(w, v)
}

// HTML is the page of s, as Write writes it (without the baseline
// comparison): for a test that checks what a person would see.
func HTML(s Summary) (string, error) {
	var b strings.Builder
	err := render(&b, s)
	return b.String(), err
}
