package ses

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/url"
	"reflect"
	"strings"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

// The names of the two variables of a bulk template: a subscriber's own
// unsubscribe and manage links.
const (
	unsubscribeVar = "{{unsubscribe}}"
	manageVar      = "{{manage}}"
)

// bulkTemplate is one update's message as an SES inline template: the
// words package mail wrote, with the subscriber's links left as variables.
type bulkTemplate struct {
	from                string // as a header would have it
	subject, text, html string
}

// sentinels are stand-in links and a stand-in subscriber that no real
// message contains: a random part per Sender makes them unguessable, so
// text typed into an incident cannot be taken for them.
type sentinels struct {
	links   signedlink.Links
	address string
	id      string
}

func newSentinels() sentinels {
	b := make([]byte, 12)
	rand.Read(b) // never fails
	nonce := hex.EncodeToString(b)
	return sentinels{
		links: signedlink.Links{
			Unsubscribe: "https://herald.invalid/unsubscribe-" + nonce,
			Manage:      "https://herald.invalid/manage-" + nonce,
		},
		address: "subscriber-" + nonce + "@herald.invalid",
		id:      "subscriber-" + nonce,
	}
}

// render composes n's message for a stand-in subscriber and turns it into
// a template. It fails when the message names its subscriber anywhere but
// in the links, since the one template goes to every subscriber.
func (sn sentinels) render(n *herald.Notification, from string) (*bulkTemplate, error) {
	m := *n
	m.Subscriber = herald.Subscriber{ID: sn.id, Type: herald.Email, Address: sn.address}
	raw, err := heraldmail.Compose(&m, from, sn.links)
	if err != nil {
		return nil, err
	}
	t, err := parseParts(raw)
	if err != nil {
		return nil, err
	}
	addr, err := mail.ParseAddress(from) // Compose has checked it
	if err != nil {
		return nil, err
	}
	t.from = addr.String()
	for _, part := range []string{t.subject, t.text, t.html} {
		if strings.Contains(part, sn.address) || strings.Contains(part, sn.id) {
			return nil, fmt.Errorf("the message names its subscriber")
		}
	}

	// No text from outside may open a tag of SES's template language.
	t.subject, t.text, t.html = inert(t.subject), inert(t.text), inert(t.html)
	links := strings.NewReplacer(sn.links.Unsubscribe, unsubscribeVar, sn.links.Manage, manageVar)
	t.text, t.html = links.Replace(t.text), links.Replace(t.html)
	return t, nil
}

// parseParts reads the subject and the text and HTML parts back out of a
// message composed by package mail.
func parseParts(raw []byte) (*bulkTemplate, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	t := &bulkTemplate{}
	if t.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, err
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(part) // undoes quoted-printable
		if err != nil {
			return nil, err
		}
		switch typ, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type")); typ {
		case "text/plain":
			t.text = string(body)
		case "text/html":
			t.html = string(body)
		}
	}
	if t.subject == "" || t.text == "" || t.html == "" {
		return nil, fmt.Errorf("the message lacks a subject or a part")
	}
	return t, nil
}

// inert breaks every "{{" with a zero-width space, so that SES shows it
// as written instead of reading a tag.
func inert(s string) string {
	for strings.Contains(s, "{{") {
		s = strings.ReplaceAll(s, "{{", "{\u200b{")
	}
	return s
}

// sameMessage reports whether a and b make the same message apart from
// their subscribers, so that one template serves both.
func sameMessage(a, b *herald.Notification) bool {
	return reflect.DeepEqual(a.Page, b.Page) && reflect.DeepEqual(a.Incident, b.Incident) &&
		reflect.DeepEqual(a.Update, b.Update) && reflect.DeepEqual(a.Components, b.Components)
}

// bulkLink reports whether link can go into a template variable and a
// List-Unsubscribe header as it is: an absolute http or https URL of
// printable ASCII, with nothing that HTML or a header would escape.
func bulkLink(link string) bool {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(link) > 800 {
		return false
	}
	for _, r := range link {
		if r <= ' ' || r > '~' || strings.ContainsRune(`"'<>&\`+"`", r) {
			return false
		}
	}
	return true
}
