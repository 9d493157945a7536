package history

import (
	"bytes"
	"html/template"
	"slices"
	"time"
)

// Shown is how many nights a strip shows.
const Shown = 30

// StepRow is one guide step over the last nights.
type StepRow struct {
	Number, Title string
	Cells         []Cell        // oldest first, one per night shown
	P50, P95      time.Duration // of the nights it passed
	// ScreenSince is the night its screen last changed (its snapshot hash
	// differs from the night before's); zero when it never did in the
	// history, or no snapshot was taken.
	ScreenSince time.Time
}

// Cell is a step on one night.
type Cell struct {
	When   time.Time
	Status string // pass, fail, not run (a night that did not reach it, or had no such step)
	Kind   string
	Took   time.Duration
}

// View is what the page shows.
type View struct {
	Verdict   Verdict
	Nights    int       // in the history
	LastGreen time.Time // zero: none
	Now       time.Time
	Steps     []StepRow
}

// Build is the view of the history's last Shown nights and its verdict.
func Build(nights []Night, v Verdict, now time.Time) View {
	view := View{Verdict: v, Nights: len(nights), Now: now}
	for _, n := range nights {
		if n.Green {
			view.LastGreen = n.When
		}
	}
	shown := nights[max(0, len(nights)-Shown):]
	var order []string
	titles := map[string]string{}
	for _, n := range shown {
		for _, s := range n.Steps {
			if _, ok := titles[s.Number]; !ok {
				order = append(order, s.Number)
			}
			titles[s.Number] = s.Title
		}
	}
	for _, num := range order {
		row := StepRow{Number: num, Title: titles[num]}
		var took []time.Duration
		prevScreen := ""
		for _, n := range nights { // the whole history for the screen's last change
			i := slices.IndexFunc(n.Steps, func(s Step) bool { return s.Number == num })
			if i < 0 || n.Steps[i].Screen == "" || n.Steps[i].Status != "pass" {
				continue
			}
			if prevScreen != "" && n.Steps[i].Screen != prevScreen {
				row.ScreenSince = n.When
			}
			prevScreen = n.Steps[i].Screen
		}
		for _, n := range shown {
			c := Cell{When: n.When, Status: "not run"}
			if i := slices.IndexFunc(n.Steps, func(s Step) bool { return s.Number == num }); i >= 0 {
				s := n.Steps[i]
				c.Status, c.Kind, c.Took = s.Status, s.Kind, s.Duration
				if s.Status == "pass" {
					took = append(took, s.Duration)
				}
			}
			row.Cells = append(row.Cells, c)
		}
		row.P50, row.P95 = quantile(took, 0.50), quantile(took, 0.95)
		view.Steps = append(view.Steps, row)
	}
	return view
}

// quantile is the q-quantile of ds (nearest rank), 0 for none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Page is the history's page.
func Page(v View) ([]byte, error) {
	var b bytes.Buffer
	err := pageTmpl.Execute(&b, v)
	return b.Bytes(), err
}

var pageTmpl = template.Must(template.New("history").Funcs(template.FuncMap{
	"day": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	"ago": func(now, t time.Time) string { return now.Sub(t).Round(time.Minute).String() },
	"ms":  func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	"cls": func(s string) string {
		switch s {
		case "pass", "refused as expected":
			return "pass"
		case "fail":
			return "fail"
		}
		return "notrun"
	},
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nights: {{.Verdict.Line}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 1em 2em; color: #222; }
.verdict { font-size: 120%; font-weight: 700; }
table { border-collapse: collapse; } td, th { padding: .15em .5em; text-align: left; border-bottom: 1px solid #eee; }
.strip span { display: inline-block; width: .8em; height: 1.1em; margin-right: 1px; border-radius: 2px; }
.pass { background: #2da44e; } .fail { background: #cf222e; } .notrun { background: #d0d7de; }
.meta { color: #555; }
</style></head><body>
<p class="verdict" id="verdict">{{.Verdict.Line}}</p>
<p class="meta">{{.Nights}} nights in the history{{if .Steps}}; the last {{len (index .Steps 0).Cells}} shown, oldest first{{end}}.
{{if .LastGreen.IsZero}}No green night yet.{{else}}Last green night {{day .LastGreen}} ({{ago .Now .LastGreen}} ago).{{end}}</p>
<table>
<tr><th>Step</th><th>Nights</th><th>p50</th><th>p95</th><th>Screen last changed</th></tr>
{{range .Steps}}<tr><td>{{.Number}} {{.Title}}</td>
<td class="strip">{{range .Cells}}<span class="{{cls .Status}}" title="{{day .When}}: {{.Status}}{{if .Kind}} ({{.Kind}}){{end}}{{if .Took}}, {{ms .Took}}{{end}}"></span>{{end}}</td>
<td>{{if .P50}}{{ms .P50}}{{end}}</td><td>{{if .P95}}{{ms .P95}}{{end}}</td>
<td>{{if .ScreenSince.IsZero}}—{{else}}{{day .ScreenSince}}{{end}}</td></tr>
{{end}}</table>
</body></html>
`))
