// Package sns sends Herald's SMS through Amazon SNS: one Publish straight
// to the subscriber's phone number, no topic, with the text of package
// mail's SMSText (one or two segments, tracking id and link kept whole)
// and marked Transactional, so that SNS routes it for reliable delivery
// rather than the lowest price.
//
// A Sender spends one token of its own bucket per message, shared by every
// goroutine that uses it. Throttling, network failures, server errors and
// account-wide refusals (permissions, KMS) are herald.EUNAVAILABLE; only a
// refusal of the number or message itself (InvalidParameter,
// ParameterValueInvalid, OptedOut) is final. No error carries the phone
// number: SNS's own error text often repeats it, so only its code and
// request id are kept.
package sns

import (
	"context"
	"math"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"golang.org/x/time/rate"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
)

// Sender sends SMS notifications through SNS. It is safe for concurrent
// use, and all its users share its send rate.
type Sender struct {
	// SenderID, when set, is the alphanumeric sender id (1 to 11 letters
	// and digits, at least one letter) shown where a country allows one.
	// Set it before the first Send.
	SenderID string

	client  *awssns.Client
	limiter *rate.Limiter
}

var _ herald.Sender = (*Sender)(nil)

// New returns a sender that publishes through client, at most perSecond
// messages a second, one at a time; zero or less means no limit of its
// own. SNS limits SMS per account, so perSecond should be the account's
// rate divided by the number of processes that send at once.
func New(client *awssns.Client, perSecond float64) *Sender {
	limit := rate.Inf
	if perSecond > 0 && !math.IsInf(perSecond, 1) {
		limit = rate.Limit(perSecond)
	}
	return &Sender{client: client, limiter: rate.NewLimiter(limit, 1)}
}

// isNumber reports whether sub is an SMS subscriber with a number in the
// E.164 form herald accepts.
func isNumber(sub *herald.Subscriber) bool {
	return sub.Type == herald.SMS && herald.ValidateAddress(herald.SMS, sub.Address) == nil
}

// Send publishes n's SMS. It returns nil once SNS has accepted it;
// EUNPROCESSABLE when the subscriber has no valid phone number or SNS
// refuses the message for good; and EUNAVAILABLE when it may go later,
// including when no slot of the send rate opens before ctx ends.
func (s *Sender) Send(ctx context.Context, n *herald.Notification) error {
	if !isNumber(&n.Subscriber) {
		return herald.Errorf(herald.EUNPROCESSABLE,
			"the SNS sender needs an SMS subscriber with an E.164 phone number")
	}
	if err := s.limiter.Wait(ctx); err != nil {
		return herald.Unavailable(err, "the SMS send rate")
	}
	_, err := s.client.Publish(ctx, &awssns.PublishInput{
		PhoneNumber:       aws.String(n.Subscriber.Address),
		Message:           aws.String(mail.SMSText(n)),
		MessageAttributes: s.attributes(),
	})
	return classify(err)
}

// attributes returns the SMS attributes of every message.
func (s *Sender) attributes() map[string]types.MessageAttributeValue {
	attrs := map[string]types.MessageAttributeValue{
		"AWS.SNS.SMS.SMSType": stringValue("Transactional"),
	}
	if s.SenderID != "" {
		attrs["AWS.SNS.SMS.SenderID"] = stringValue(s.SenderID)
	}
	return attrs
}

func stringValue(v string) types.MessageAttributeValue {
	return types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
}
