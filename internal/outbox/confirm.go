package outbox

import (
	"context"
	"encoding/json"
	"path/filepath"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

// EmailConfirmer writes confirmation e-mails to the outbox, each to its
// own file beside the notifications. It is safe for concurrent use.
type EmailConfirmer struct {
	dir        string
	from       string
	confirmURL signedlink.ConfirmURLFunc
}

var _ herald.Confirmer = (*EmailConfirmer)(nil)

// NewEmailConfirmer returns a confirmer that writes to dir/outbox/email/,
// from the address from, linking to confirmURL's pages.
func NewEmailConfirmer(dir, from string, confirmURL signedlink.ConfirmURLFunc) *EmailConfirmer {
	return &EmailConfirmer{dir: filepath.Join(dir, "outbox", "email"), from: from,
		confirmURL: confirmURL}
}

// SendConfirmation writes c's e-mail to <c.ID>.eml, once. It returns
// EUNPROCESSABLE for a message that cannot be composed and EUNAVAILABLE
// when the file cannot be written.
func (e *EmailConfirmer) SendConfirmation(ctx context.Context, c *herald.Confirmation) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the e-mail outbox")
	}
	link := e.confirmURL(c.Subscriber.ID, c.ExpiresAt)
	msg, err := mail.ComposeConfirmation(c, e.from, link)
	if err != nil {
		return err // Compose checks c.ID, so it is safe as a file name
	}
	if err := writeOnce(e.dir, c.ID+".eml", msg); err != nil {
		return herald.Unavailable(err, "the e-mail outbox")
	}
	return nil
}

// SMSConfirmer appends confirmation texts to the SMS outbox, through the
// SMSSender that owns the file.
type SMSConfirmer struct {
	sms        *SMSSender
	confirmURL signedlink.ConfirmURLFunc
}

var _ herald.Confirmer = (*SMSConfirmer)(nil)

// NewSMSConfirmer returns a confirmer that writes through sms.
func NewSMSConfirmer(sms *SMSSender, confirmURL signedlink.ConfirmURLFunc) *SMSConfirmer {
	return &SMSConfirmer{sms: sms, confirmURL: confirmURL}
}

// SendConfirmation appends one line with c's code and link. It returns
// EUNPROCESSABLE for a subscriber without a phone number or a
// confirmation without a code, and EUNAVAILABLE when the file cannot be
// written.
func (s *SMSConfirmer) SendConfirmation(ctx context.Context, c *herald.Confirmation) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the SMS outbox")
	}
	if c.Subscriber.Type != herald.SMS || c.Subscriber.Address == "" || c.Code == "" {
		return herald.Errorf(herald.EUNPROCESSABLE, "an SMS confirmation needs a number and a code")
	}
	line, err := json.Marshal(SMS{
		ID:        c.ID,
		To:        c.Subscriber.Address,
		Body:      mail.ConfirmationSMS(c, s.confirmURL(c.Subscriber.ID, c.ExpiresAt)),
		CreatedAt: c.CreatedAt.UTC(),
	})
	if err != nil {
		return herald.Unavailable(err, "the SMS outbox")
	}
	if err := s.sms.append(append(line, '\n')); err != nil {
		return herald.Unavailable(err, "the SMS outbox")
	}
	return nil
}
