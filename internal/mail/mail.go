// Package mail writes the messages Herald's subscribers read: e-mail as an
// RFC 5322 message with text and HTML parts and one-click unsubscribe
// (RFC 8058), and the short text of an SMS. Every sender renders through
// it, the local outbox as much as SES and SNS, so that a subscriber reads
// the same words whichever way a message travels.
//
// Everything a person or tool typed is untrusted here: titles and messages
// are escaped in HTML, stripped of line breaks in headers, and encoded
// (RFC 2047, quoted-printable) wherever they are not plain ASCII.
package mail

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// Compose returns the RFC 5322 message that tells n's subscriber about n's
// update, sent from the address from ("Acme Status <status@example.com>").
// The links are the subscriber's signed unsubscribe and manage links. It
// returns an EUNPROCESSABLE error when an address, the notification id or
// a link cannot go into a message.
func Compose(n *herald.Notification, from string, links signedlink.Links) ([]byte, error) {
	h, err := headers(n, from, links)
	if err != nil {
		return nil, err
	}
	v := newView(n, links)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h.add("Content-Type", mime.FormatMediaType("multipart/alternative",
		map[string]string{"boundary": mw.Boundary()}))
	h.writeTo(&buf)
	buf.WriteString("\r\n")
	if err := writePart(mw, "text/plain", v, renderText); err != nil {
		return nil, err
	}
	if err := writePart(mw, "text/html", v, renderHTML); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("close multipart: %w", err)
	}
	return buf.Bytes(), nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

// headers returns the message headers, in order, checking every value that
// came from outside.
func headers(n *herald.Notification, from string, links signedlink.Links) (*header, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the sender address is not valid")
	}
	to, err := mail.ParseAddress(n.Subscriber.Address)
	if err != nil || to.Name != "" {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the subscriber's address is not valid")
	}
	if !idPattern.MatchString(n.ID) {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the notification id cannot name a message")
	}
	unsub, err := checkLink(links.Unsubscribe)
	if err != nil {
		return nil, err
	}
	date := n.CreatedAt
	if date.IsZero() {
		date = n.Update.CreatedAt
	}
	_, domain, _ := strings.Cut(fromAddr.Address, "@")

	h := &header{}
	h.add("From", fromAddr.String())
	h.add("To", (&mail.Address{Address: to.Address}).String())
	h.add("Subject", encodeWords(Subject(n)))
	h.add("Date", date.Format(time.RFC1123Z))
	h.add("Message-ID", "<"+n.ID+"@"+domain+">")
	h.add("MIME-Version", "1.0")
	h.add("Auto-Submitted", "auto-generated")
	h.add("List-Unsubscribe", "<"+unsub+">")
	h.add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	return h, nil
}

// Subject returns the subject line of n's message, such as
// "[INC-0042] Database latency — Investigating", free of line breaks.
func Subject(n *herald.Notification) string {
	return "[" + oneLine(n.Incident.ID) + "] " + oneLine(n.Incident.Title) +
		" — " + Label(string(n.Update.Status))
}

// writePart writes one quoted-printable part of the given type.
func writePart(mw *multipart.Writer, typ string, v *view,
	render func(*bytes.Buffer, *view) error) error {
	var body bytes.Buffer
	if err := render(&body, v); err != nil {
		return fmt.Errorf("render %s: %w", typ, err)
	}
	pw, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {typ + "; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return fmt.Errorf("create %s part: %w", typ, err)
	}
	qp := quotedprintable.NewWriter(pw)
	if _, err := qp.Write(body.Bytes()); err != nil {
		return fmt.Errorf("write %s part: %w", typ, err)
	}
	return qp.Close()
}
