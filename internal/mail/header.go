package mail

import (
	"bytes"
	"mime"
	"net/url"
	"strings"
	"unicode"

	"github.com/herald-status/herald/internal/herald"
)

// header is a message header that keeps the order fields were added in.
type header struct {
	fields [][2]string
}

func (h *header) add(name, value string) {
	h.fields = append(h.fields, [2]string{name, value})
}

// writeTo writes the fields, each folded to lines of at most 78 characters
// where it has spaces to fold at.
func (h *header) writeTo(buf *bytes.Buffer) {
	for _, f := range h.fields {
		buf.WriteString(fold(f[0] + ": " + f[1]))
		buf.WriteString("\r\n")
	}
}

// fold breaks a header line at spaces so that no line passes 78
// characters, as RFC 5322 asks; a word longer than that stays whole.
func fold(line string) string {
	const max = 78
	var b strings.Builder
	n := 0
	for i, w := range strings.Split(line, " ") {
		switch {
		case i == 0:
		case n+1+len(w) > max:
			b.WriteString("\r\n")
			n = 0
			fallthrough
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// encodeWords returns s as RFC 2047 encoded words when it is not plain
// ASCII, and unchanged otherwise. The encoder keeps each word short enough
// for fold to put on a line of its own.
func encodeWords(s string) string {
	return mime.QEncoding.Encode("utf-8", s)
}

// oneLine returns s with every control character and line or paragraph
// separator turned into a space and runs of spaces collapsed, so that text
// from outside can go into a header without starting another one.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// checkLink returns link in the form that goes between angle brackets in
// List-Unsubscribe: an absolute http or https URL with nothing in it that
// could end the field. RFC 8058 asks for https; plain http is accepted for
// a status page run on a developer's machine.
func checkLink(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", herald.Errorf(herald.EUNPROCESSABLE,
			"the unsubscribe link must be an absolute http or https URL")
	}
	s := u.String()
	if strings.ContainsAny(s, "<> \t\r\n") {
		return "", herald.Errorf(herald.EUNPROCESSABLE, "the unsubscribe link is not a clean URL")
	}
	return s, nil
}
