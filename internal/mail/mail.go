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
	"regexp"

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
	return message(h, textTemplate, htmlTemplate, newView(n, links))
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

// headers returns the message headers, in order, checking every value that
// came from outside.
func headers(n *herald.Notification, from string, links signedlink.Links) (*header, error) {
	fromAddr, err := parseSender(from)
	if err != nil {
		return nil, err
	}
	to, err := parseSubscriber(n.Subscriber.Address)
	if err != nil {
		return nil, err
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

	h := newHeader(fromAddr, to, Subject(n), date, n.ID)
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
