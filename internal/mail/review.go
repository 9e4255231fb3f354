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
	"strings"
	"text/template"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

var (
	reviewText = template.Must(template.ParseFS(templateFS, "templates/review.txt"))
	reviewHTML = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/review.html"))
)

// reviewView is what the review templates show.
type reviewView struct {
	PageName    string
	ID          string
	Title       string
	Impact      string
	Components  []componentView
	Integration string
	Started     string
	Original    string
	IncidentURL string
	DraftsURL   string
}

// ReviewSubject is the subject of the mail that asks admins to review r.
func ReviewSubject(r *herald.Review) string {
	return "[Draft to review] " + oneLine(r.Incident.ID) + " " + oneLine(r.Incident.Title)
}

// ComposeReview returns the e-mail that tells the admins' review address
// to of a draft a monitoring tool opened, sent from the address from on
// behalf of the page page. apiURL is where the admin API answers, with no
// trailing slash. The machine text goes in as it came, escaped in HTML. It
// returns an EUNPROCESSABLE error when an address or the incident's id
// cannot go into a message.
func ComposeReview(r *herald.Review, page herald.Page, from, to, apiURL string) ([]byte, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the sender address is not valid")
	}
	toAddr, err := mail.ParseAddress(to)
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the review address is not valid")
	}
	inc := &r.Incident
	if !idPattern.MatchString(inc.ID) {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the incident id cannot name a message")
	}
	_, domain, _ := strings.Cut(fromAddr.Address, "@")

	h := &header{}
	h.add("From", fromAddr.String())
	h.add("To", (&mail.Address{Address: toAddr.Address}).String())
	h.add("Subject", encodeWords(ReviewSubject(r)))
	h.add("Date", inc.CreatedAt.Format(time.RFC1123Z))
	h.add("Message-ID", "<review."+inc.ID+"@"+domain+">")
	h.add("MIME-Version", "1.0")
	h.add("Auto-Submitted", "auto-generated")
	return writeReview(h, newReviewView(r, page, apiURL))
}

func newReviewView(r *herald.Review, page herald.Page, apiURL string) *reviewView {
	inc := &r.Incident
	n := &herald.Notification{Incident: *inc, Components: r.Components}
	return &reviewView{
		PageName: page.Name, ID: inc.ID, Title: inc.Title, Impact: Label(string(inc.Impact)),
		Components:  affected(n),
		Integration: r.Integration.Name + " (" + r.Integration.Source + ")",
		Started:     when(&inc.StartedAt),
		Original:    strings.ReplaceAll(r.Original, "\r", ""),
		IncidentURL: apiURL + "/v1/incidents/" + inc.ID,
		DraftsURL:   apiURL + "/v1/incidents?state=draft",
	}
}

// writeReview writes h and the text and HTML parts of v.
func writeReview(h *header, v *reviewView) ([]byte, error) {
	var text, html bytes.Buffer
	if err := reviewText.Execute(&text, v); err != nil {
		return nil, fmt.Errorf("render review text: %w", err)
	}
	if err := reviewHTML.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("render review html: %w", err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h.add("Content-Type", mime.FormatMediaType("multipart/alternative",
		map[string]string{"boundary": mw.Boundary()}))
	h.writeTo(&buf)
	buf.WriteString("\r\n")
	// Plain text first: a client shows the last part it can.
	for _, p := range [...]struct {
		typ  string
		body []byte
	}{{"text/plain", text.Bytes()}, {"text/html", html.Bytes()}} {
		typ, body := p.typ, p.body
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, fmt.Errorf("create %s part: %w", typ, err)
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write(body); err != nil {
			return nil, fmt.Errorf("write %s part: %w", typ, err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("close %s part: %w", typ, err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("close multipart: %w", err)
	}
	return buf.Bytes(), nil
}
