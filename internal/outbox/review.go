package outbox

import (
	"context"
	"path/filepath"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
)

// ReviewSender writes the mail that asks admins to review a draft to the
// e-mail outbox, as review.<incident id>.eml: a review sent twice is
// written once.
type ReviewSender struct {
	dir, from, to, apiURL string
	page                  herald.Page
}

var _ herald.ReviewSender = (*ReviewSender)(nil)

// NewReviewSender returns a sender that writes to dir/outbox/email/ mail
// from from to the admins' review address to, pointing them at the admin
// API at apiURL.
func NewReviewSender(dir string, page herald.Page, from, to, apiURL string) *ReviewSender {
	return &ReviewSender{dir: filepath.Join(dir, "outbox", "email"), from: from, to: to, apiURL: apiURL, page: page}
}

// SendReview writes r's mail. It returns EUNPROCESSABLE when the mail
// cannot be composed and EUNAVAILABLE when the file cannot be written.
func (s *ReviewSender) SendReview(ctx context.Context, r *herald.Review) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the e-mail outbox")
	}
	msg, err := mail.ComposeReview(r, s.page, s.from, s.to, s.apiURL)
	if err != nil {
		return err // ComposeReview checks the incident id, so it is safe as a file name
	}
	if err := writeOnce(s.dir, "review."+r.Incident.ID+".eml", msg); err != nil {
		return herald.Unavailable(err, "the e-mail outbox")
	}
	return nil
}
