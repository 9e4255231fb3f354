package local

import (
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
)

// defaultSettleEvery is how often the runner settles alert groups whose
// flap window has passed or whose review mail failed.
const defaultSettleEvery = 15 * time.Second

// wireReview sends the mail of each draft a monitoring tool opens to the
// admins' review address, into the outbox, when one is configured.
func (r *Runner) wireReview(page herald.Page) {
	if r.cfg.ReviewEmail == "" {
		return
	}
	r.service.Review = outbox.NewReviewSender(r.cfg.DataDir, page, r.cfg.EmailFrom,
		r.cfg.ReviewEmail, page.URL)
}

// settle calls SettleAlerts now and then until ctx is done, as a schedule
// calls it in AWS.
func (r *Runner) settle(ctx context.Context) {
	every := r.cfg.SettleEvery
	if every <= 0 {
		every = defaultSettleEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := r.service.SettleAlerts(ctx); err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "settle alert groups", "groups", n, "err", err)
		}
	}
}
