package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"text/template"
)

//go:embed templates
var templateFS embed.FS

var (
	textTemplate = template.Must(template.ParseFS(templateFS, "templates/message.txt"))
	htmlTemplate = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/message.html"))
)

// message returns h followed by a multipart/alternative body of v
// rendered by text and by html, each part quoted-printable. Plain text
// comes first: a client shows the last part it can. Nothing is escaped in
// the text part, which is read as text; html/template escapes every value
// for where it stands, and refuses links that are not http, https or
// mailto.
func message(h *header, text *template.Template, html *htmltemplate.Template,
	v any) ([]byte, error) {
	var textBody, htmlBody bytes.Buffer
	if err := text.Execute(&textBody, v); err != nil {
		return nil, fmt.Errorf("render %s: %w", text.Name(), err)
	}
	if err := html.Execute(&htmlBody, v); err != nil {
		return nil, fmt.Errorf("render %s: %w", html.Name(), err)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h.add("Content-Type", mime.FormatMediaType("multipart/alternative",
		map[string]string{"boundary": mw.Boundary()}))
	h.writeTo(&buf)
	buf.WriteString("\r\n")
	if err := writePart(mw, "text/plain", textBody.Bytes()); err != nil {
		return nil, err
	}
	if err := writePart(mw, "text/html", htmlBody.Bytes()); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("close multipart: %w", err)
	}
	return buf.Bytes(), nil
}

// writePart writes one quoted-printable part of the given type.
func writePart(mw *multipart.Writer, typ string, body []byte) error {
	pw, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {typ + "; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return fmt.Errorf("create %s part: %w", typ, err)
	}
	qp := quotedprintable.NewWriter(pw)
	if _, err := qp.Write(body); err != nil {
		return fmt.Errorf("write %s part: %w", typ, err)
	}
	if err := qp.Close(); err != nil {
		return fmt.Errorf("close %s part: %w", typ, err)
	}
	return nil
}
