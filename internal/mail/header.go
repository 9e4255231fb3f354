package mail

import (
	"bytes"
	"mime"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/herald-status/herald/internal/herald"
)

// newHeader returns the fields every message starts with: from, to (its
// display name dropped), the subject, the date, a Message-ID of id at the
// sender's domain, and the marks of a message no person typed.
func newHeader(from, to *mail.Address, subject string, date time.Time, id string) *header {
	_, domain, _ := strings.Cut(from.Address, "@")
	h := &header{}
	h.add("From", from.String())
	h.add("To", (&mail.Address{Address: to.Address}).String())
	h.add("Subject", encodeWords(subject))
	h.add("Date", date.Format(time.RFC1123Z))
	h.add("Message-ID", "<"+id+"@"+domain+">")
	h.add("MIME-Version", "1.0")
	h.add("Auto-Submitted", "auto-generated")
	return h
}

// parseSender parses the sender address, which may carry a display name.
func parseSender(from string) (*mail.Address, error) {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the sender address is not valid")
	}
	return a, nil
}

// parseSubscriber parses a subscriber's address, which must be bare.
func parseSubscriber(address string) (*mail.Address, error) {
	a, err := mail.ParseAddress(address)
	if err != nil || a.Name != "" {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the subscriber's address is not valid")
	}
	return a, nil
}

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
