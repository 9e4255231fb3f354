package ses

import (
	"context"
	"net/mail"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

// Confirmer sends the e-mails that ask new subscribers to confirm. It
// shares its Sender's client, sender address and send rate, and maps
// SES's errors as Send does. It is safe for concurrent use.
type Confirmer struct {
	sender     *Sender
	confirmURL signedlink.ConfirmURLFunc
}

var _ herald.Confirmer = (*Confirmer)(nil)

// Confirmer returns a confirmer that sends through s, linking to
// confirmURL's pages. confirmURL must not be nil.
func (s *Sender) Confirmer(confirmURL signedlink.ConfirmURLFunc) *Confirmer {
	return &Confirmer{sender: s, confirmURL: confirmURL}
}

// SendConfirmation composes c's e-mail with package mail and hands it to
// SES as Raw content addressed to c's subscriber alone. It returns nil
// once SES has accepted the message; EUNPROCESSABLE when the message
// cannot be composed or SES refuses it for good; and EUNAVAILABLE when it
// may go later, including when no slot of the send rate opens before ctx
// ends.
func (c *Confirmer) SendConfirmation(ctx context.Context, conf *herald.Confirmation) error {
	if conf.Subscriber.Type != herald.Email {
		return herald.Errorf(herald.EUNPROCESSABLE,
			"the SES confirmer cannot confirm a %s subscriber", conf.Subscriber.Type)
	}
	link := c.confirmURL(conf.Subscriber.ID, conf.ExpiresAt)
	msg, err := heraldmail.ComposeConfirmation(conf, c.sender.from, link)
	if err != nil {
		return err
	}
	// ComposeConfirmation has parsed the address: a bare one, no name.
	to, err := mail.ParseAddress(conf.Subscriber.Address)
	if err != nil {
		return herald.Errorf(herald.EUNPROCESSABLE, "the subscriber's address is not valid")
	}

	s := c.sender
	if err := s.limiter.Wait(ctx); err != nil {
		return herald.Unavailable(err, "the SES send rate")
	}
	_, err = s.client.SendEmail(ctx, &sesv2.SendEmailInput{
		Destination: &types.Destination{ToAddresses: []string{to.Address}},
		Content:     &types.EmailContent{Raw: &types.RawMessage{Data: msg}},
	})
	return classify(err)
}
