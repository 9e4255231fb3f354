package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"text/template"
)

//go:embed templates
var templateFS embed.FS

var (
	textTemplate = template.Must(template.ParseFS(templateFS, "templates/message.txt"))
	htmlTemplate = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/message.html"))
)

// renderText writes the text part. Nothing is escaped: it is read as text.
func renderText(buf *bytes.Buffer, v *view) error {
	return textTemplate.Execute(buf, v)
}

// renderHTML writes the HTML part; html/template escapes every value for
// where it stands, and refuses links that are not http, https or mailto.
func renderHTML(buf *bytes.Buffer, v *view) error {
	return htmlTemplate.Execute(buf, v)
}
