package mail

import (
	htmltemplate "html/template"
	"strconv"
	"text/template"

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
	fromAddr, err := parseSender(from)
	if err != nil {
		return nil, err
	}
	to, err := parseSubscriber(c.Subscriber.Address)
	if err != nil {
		return nil, err
	}
	if !idPattern.MatchString(c.ID) {
		return nil, herald.Errorf(herald.EUNPROCESSABLE, "the confirmation id cannot name a message")
	}
	link, err := checkLink(confirmURL)
	if err != nil {
		return nil, err
	}
	v := &confirmView{PageName: c.Page.Name, Address: to.Address, Scope: scope(c),
		Confirm: link, Expires: when(&c.ExpiresAt)}

	h := newHeader(fromAddr, to, ConfirmationSubject(c), c.CreatedAt, c.ID)
	return message(h, confirmText, confirmHTML, v)
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
