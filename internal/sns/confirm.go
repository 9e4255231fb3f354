package sns

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

// Confirmer sends the SMS that ask new subscribers to confirm, with the
// code to type and the link to tap. It shares its Sender's client, sender
// id and send rate, and maps SNS's errors as Send does. It is safe for
// concurrent use.
type Confirmer struct {
	sender     *Sender
	confirmURL signedlink.ConfirmURLFunc
}

var _ herald.Confirmer = (*Confirmer)(nil)

// Confirmer returns a confirmer that publishes through s, linking to
// confirmURL's pages. confirmURL must not be nil.
func (s *Sender) Confirmer(confirmURL signedlink.ConfirmURLFunc) *Confirmer {
	return &Confirmer{sender: s, confirmURL: confirmURL}
}

// SendConfirmation publishes c's SMS, made by mail.ConfirmationSMS. It
// returns nil once SNS has accepted it; EUNPROCESSABLE when the subscriber
// has no valid phone number, c has no code, or SNS refuses the message for
// good; and EUNAVAILABLE when it may go later, including when no slot of
// the send rate opens before ctx ends.
func (c *Confirmer) SendConfirmation(ctx context.Context, conf *herald.Confirmation) error {
	sub := &conf.Subscriber
	if !isNumber(sub) || conf.Code == "" {
		return herald.Errorf(herald.EUNPROCESSABLE,
			"an SMS confirmation needs an E.164 phone number and a code")
	}
	body := mail.ConfirmationSMS(conf, c.confirmURL(sub.ID, conf.ExpiresAt))

	s := c.sender
	if err := s.limiter.Wait(ctx); err != nil {
		return herald.Unavailable(err, "the SMS send rate")
	}
	_, err := s.client.Publish(ctx, &awssns.PublishInput{
		PhoneNumber:       aws.String(sub.Address),
		Message:           aws.String(body),
		MessageAttributes: s.attributes(),
	})
	return classify(err)
}
