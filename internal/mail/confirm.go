package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

var (
	confirmText = template.Must(template.ParseFS(templateFS, "templates/confirm.txt"))
	confirmHTML = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/confirm.html"))
)

// confirmView is what the confirmation templates show.
type confirmView struct {
	PageName string
	Address  string
	Scope    string // "every component" or "3 components"
	Confirm  string
	Expires  string
}

// ConfirmationSubject is the subject of every confirmation e-mail.
func ConfirmationSubject(c *herald.Confirmation) string {
	return "Confirm your subscription to " + oneLine(c.Page.Name)
}

// ComposeConfirmation returns the e-mail that asks c's subscriber to
// confirm, sent from the address from. confirmURL is the signed link to
// the confirm page, where a button confirms: following the link alone,
// as mail scanners do, confirms nothing. The message carries no
// List-Unsubscribe, as its reader is on no list yet. It returns an
// EUNPROCESSABLE error when an address, the id or the link cannot go into
// a message.
func ComposeConfirmation(c *herald.Confirmation, from, confirmURL string) ([]byte, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the sender address is not valid")
	}
	to, err := mail.ParseAddress(c.Subscriber.Address)
	if err != nil || to.Name != "" {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the subscriber's address is not valid")
	}
	if !idPattern.MatchString(c.ID) {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the confirmation id cannot name a message")
	}
	link, err := checkLink(confirmURL)
	if err != nil {
		return nil, err
	}
	_, domain, _ := strings.Cut(fromAddr.Address, "@")
	v := &confirmView{PageName: c.Page.Name, Address: to.Address, Scope: scope(c),
		Confirm: link, Expires: when(&c.ExpiresAt)}

	h := &header{}
	h.add("From", fromAddr.String())
	h.add("To", (&mail.Address{Address: to.Address}).String())
	h.add("Subject", encodeWords(ConfirmationSubject(c)))
	h.add("Date", c.CreatedAt.Format(time.RFC1123Z))
	h.add("Message-ID", "<"+c.ID+"@"+domain+">")
	h.add("MIME-Version", "1.0")
	h.add("Auto-Submitted", "auto-generated")
	return multipartMessage(h, v)
}

// scope names what the subscriber chose, in words.
func scope(c *herald.Confirmation) string {
	switch n := len(c.Subscriber.Components); n {
	case 0:
		return "every component"
	case 1:
		return "1 component"
	default:
		return strconv.Itoa(n) + " components"
	}
}

// multipartMessage writes h and the text and HTML parts of v.
func multipartMessage(h *header, v *confirmView) ([]byte, error) {
	var text, html bytes.Buffer
	if err := confirmText.Execute(&text, v); err != nil {
		return nil, fmt.Errorf("render confirmation text: %w", err)
	}
	if err := confirmHTML.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("render confirmation html: %w", err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h.add("Content-Type", mime.FormatMediaType("multipart/alternative",
		map[string]string{"boundary": mw.Boundary()}))
	h.writeTo(&buf)
	buf.WriteString("\r\n")
	for _, p := range []struct {
		typ  string
		body []byte
	}{{"text/plain", text.Bytes()}, {"text/html", html.Bytes()}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("create %s part: %w", p.typ, err)
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write(p.body); err != nil {
			return nil, fmt.Errorf("write %s part: %w", p.typ, err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("close %s part: %w", p.typ, err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("close multipart: %w", err)
	}
	return buf.Bytes(), nil
}

// ConfirmationSMS returns the text of the SMS that confirms c's
// subscriber: the code to type on the sign-up page, and the link to the
// confirm page for those who would rather tap.
func ConfirmationSMS(c *herald.Confirmation, confirmURL string) string {
	name := oneLine(c.Page.Name)
	if len(name) > 30 {
		name = "Status updates"
	}
	return toGSM(name + ": your code is " + c.Code + ". Or confirm at " + confirmURL +
		" - not you? Ignore this.")
}
