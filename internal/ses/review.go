package ses

import (
	"context"
	"fmt"
	"net/mail"

	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/herald-status/herald/internal/herald"
	heraldmail "github.com/herald-status/herald/internal/mail"
)

// Reviewer sends the e-mail that asks the admins' review address to
// review a draft a monitoring tool opened. It is safe for concurrent use.
//
// SES gives every message a Message-ID of its own, so a review mail that
// herald.Service sends again after a failure arrives twice; package mail's
// Message-ID, which would let a mail client drop the second, does not
// survive. Review mails are rare enough that no rate of its own is kept:
// SES's throttling is EUNAVAILABLE, and SettleAlerts sends the mail later.
type Reviewer struct {
	client *sesv2.Client
	page   herald.Page
	from   string // as configured, display name and all
	to     string // the bare review address
	apiURL string
}

var _ herald.ReviewSender = (*Reviewer)(nil)

// NewReviewer returns a reviewer that sends through client from the
// address from (an identity verified in SES) to the review address to, on
// behalf of page, pointing the admins at the admin API at apiURL (with no
// trailing slash). It fails when from or to is not an e-mail address or
// apiURL is empty, so that a function configured wrongly does not start.
func NewReviewer(client *sesv2.Client, page herald.Page, from, to, apiURL string) (*Reviewer, error) {
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("the sender address %q is not an e-mail address", from)
	}
	addr, err := mail.ParseAddress(to)
	if err != nil {
		// Not repeated: the review address is configuration, but an address.
		return nil, fmt.Errorf("the review address is not an e-mail address")
	}
	if apiURL == "" {
		return nil, fmt.Errorf("the review mail needs the API's address to link to")
	}
	return &Reviewer{client: client, page: page, from: from, to: addr.Address, apiURL: apiURL}, nil
}

// SendReview composes r's mail with package mail and hands it to SES as
// Raw content addressed to the review address alone. It returns nil once
// SES has accepted the message; EUNPROCESSABLE when the message cannot be
// composed or SES refuses it for good; and EUNAVAILABLE when it may go
// later.
func (v *Reviewer) SendReview(ctx context.Context, r *herald.Review) error {
	msg, err := heraldmail.ComposeReview(r, v.page, v.from, v.to, v.apiURL)
	if err != nil {
		return err
	}
	_, err = v.client.SendEmail(ctx, &sesv2.SendEmailInput{
		Destination: &types.Destination{ToAddresses: []string{v.to}},
		Content:     &types.EmailContent{Raw: &types.RawMessage{Data: msg}},
	})
	return classify(err)
}
