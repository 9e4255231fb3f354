package mail

import (
	htmltemplate "html/template"
	"net/mail"
	"strings"
	"text/template"

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
	fromAddr, err := parseSender(from)
	if err != nil {
		return nil, err
	}
	toAddr, err := mail.ParseAddress(to)
	if err != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the review address is not valid")
	}
	inc := &r.Incident
	if !idPattern.MatchString(inc.ID) {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the incident id cannot name a message")
	}

	h := newHeader(fromAddr, toAddr, ReviewSubject(r), inc.CreatedAt, "review."+inc.ID)
	return message(h, reviewText, reviewHTML, newReviewView(r, page, apiURL))
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
