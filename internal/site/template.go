package site

import (
	"bytes"
	"embed"
	"html/template"
	"time"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var funcs = template.FuncMap{
	"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"utc":   func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") },
	"label": label,
}

// The pages, each the layout with its own "main".
var (
	indexTmpl    = page("index.html.tmpl")
	incidentTmpl = page("incident.html.tmpl")
)

func page(name string) *template.Template {
	return template.Must(template.New(name).Funcs(funcs).
		ParseFS(templateFS, "templates/layout.html.tmpl", "templates/"+name))
}

// tmpl is a parsed page.
type tmpl = *template.Template

// execute renders the layout of t with data.
func execute(t tmpl, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
