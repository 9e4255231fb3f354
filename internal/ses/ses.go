// Package ses sends Herald's e-mail through Amazon SES, API v2. Send
// composes a notification with package mail, exactly as the local outbox
// writes it, and hands it to SendEmail as Raw content addressed to its one
// subscriber: text and HTML parts, the tracking id in the subject, and
// one-click unsubscribe headers (RFC 8058) that carry that subscriber's
// own signed link.
//
// # Bulk sends
//
// SendBatch sends one update to up to 50 subscribers per SendBulkEmail
// call, which takes only templates. The template is still package mail's
// message: composed once for a stand-in subscriber, with the stand-in's
// links turned into the template's only two variables, and every "{{" in
// the text broken with a zero-width space so that nothing typed into an
// incident can open a tag. Each destination then gets its own links as
// template data and its own List-Unsubscribe header (ReplacementHeaders).
// SES fills in Date and Message-ID and builds the MIME itself.
//
// Three limits follow. SES reports a template that fails to render only
// later, as a Rendering Failure event, after the call has succeeded; with
// two variables that are always given and no other tags, there is nothing
// left to fail. SES's sending rate counts recipients, not calls, so bulk
// calls send no faster on AWS; they make 50 times fewer requests, and so
// less Lambda time. And a message whose links a template cannot carry as
// they are goes out through Send instead.
//
// # Rate and errors
//
// A Sender spends one token of its own bucket per message, shared by every
// goroutine that uses it, so that one process never passes the configured
// rate. Throttling, network failures, server errors and account-wide
// refusals (sending paused, account suspended, unverified MAIL FROM domain,
// missing permissions) are herald.EUNAVAILABLE: the message can go once
// they end. Only a refusal of the message itself (MessageRejected,
// BadRequestException) is final. No error carries the recipient's address:
// SES's own error text may repeat it, so only its code and request id are
// kept.
package ses

import (
	"context"
	"math"
	"net/mail"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"golang.org/x/time/rate"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
)

// Sender sends e-mail notifications through SES. It is safe for concurrent
// use, and all its users share its send rate.
type Sender struct {
	client    *sesv2.Client
	from      string
	links     signedlink.LinkFunc
	limiter   *rate.Limiter
	sentinels sentinels // for SendBatch's templates
}

var _ herald.Sender = (*Sender)(nil)

// New returns a sender that sends through client from the address from
// ("Acme Status <status@example.com>", an identity verified in SES), with
// links making each subscriber's signed links. links must not be nil. It
// sends at most perSecond messages a second, one at a time; zero or less
// means no limit of its own. SES counts its rate across the account, so
// perSecond should be the account's rate divided by the number of
// processes that send at once.
func New(client *sesv2.Client, from string, links signedlink.LinkFunc, perSecond float64) *Sender {
	return &Sender{client: client, from: from, links: links,
		limiter: newLimiter(perSecond), sentinels: newSentinels()}
}

// newLimiter returns a bucket of one token filled perSecond times a second.
func newLimiter(perSecond float64) *rate.Limiter {
	if perSecond <= 0 || math.IsInf(perSecond, 1) || math.IsNaN(perSecond) {
		return rate.NewLimiter(rate.Inf, 1)
	}
	return rate.NewLimiter(rate.Limit(perSecond), 1)
}

// Send composes n's message and hands it to SES. It returns nil once SES
// has accepted the message; EUNPROCESSABLE when the message cannot be
// composed or SES refuses it for good; and EUNAVAILABLE when it may go
// later, including when no slot of the send rate opens before ctx ends.
func (s *Sender) Send(ctx context.Context, n *herald.Notification) error {
	if n.Subscriber.Type != herald.Email {
		return herald.Errorf(herald.EUNPROCESSABLE,
			"the SES sender cannot send to a %s subscriber", n.Subscriber.Type)
	}
	msg, err := heraldmail.Compose(n, s.from, s.links(&n.Subscriber))
	if err != nil {
		return err
	}
	to, err := mail.ParseAddress(n.Subscriber.Address)
	if err != nil {
		return herald.Errorf(herald.EUNPROCESSABLE, "the subscriber's address is not valid")
	}

	if err := s.limiter.Wait(ctx); err != nil {
		return herald.Unavailable(err, "the SES send rate")
	}
	_, err = s.client.SendEmail(ctx, &sesv2.SendEmailInput{
		// The envelope names the subscriber alone, whatever the headers say.
		Destination: &types.Destination{ToAddresses: []string{to.Address}},
		Content:     &types.EmailContent{Raw: &types.RawMessage{Data: msg}},
	})
	return classify(err)
}
