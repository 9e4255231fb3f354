package herald

import "context"

// A webhook subscriber confirms by answering a signed test delivery with a
// 2xx status: the delivery proves that whoever signed up controls the
// receiver, as a click on a link does for an e-mail address.

// refusedTooOften is the refusal of a test delivery past the limit.
const refusedTooOften = "this URL has had its fill of test deliveries this hour; try again later"

// testWebhook sends the pending webhook sub its test delivery and makes it
// active if the receiver accepts it, recording the outcome in res.
func (s *Subscriptions) testWebhook(ctx context.Context, sub *Subscriber, res *SignupResult) {
	if !s.tryWebhook(ctx, sub, res) {
		return
	}
	err := s.update(ctx, sub.ID, func(cur *Subscriber) bool {
		if cur.State != Pending || cur.Secret != sub.Secret {
			return false // signed up again since: that test decides
		}
		cur.State, cur.PendingUntil = Active, nil
		return true
	})
	if err != nil {
		res.Accepted, res.Refusal = false, ErrorMessage(err)
	}
}

// rotateWebhook sends the active webhook old a test delivery signed with
// cand's secret, and gives old that secret and cand's choices if the
// receiver accepts it.
func (s *Subscriptions) rotateWebhook(ctx context.Context, old, cand *Subscriber,
	res *SignupResult) {
	trial := *old
	trial.Secret, trial.Components, trial.Format = cand.Secret, cand.Components, cand.Format
	if !s.tryWebhook(ctx, &trial, res) {
		return
	}
	err := s.update(ctx, old.ID, func(cur *Subscriber) bool {
		cur.Secret, cur.Components, cur.Format = cand.Secret, cand.Components, cand.Format
		return true
	})
	if err != nil {
		res.Accepted, res.Refusal = false, ErrorMessage(err)
	}
}

// tryWebhook sends sub's test delivery and reports whether the receiver
// accepted it, recording a refusal in res.
func (s *Subscriptions) tryWebhook(ctx context.Context, sub *Subscriber, res *SignupResult) bool {
	sent, err := s.sendConfirmation(ctx, sub)
	switch {
	case err != nil:
		res.Refusal = "the test delivery failed: " + ErrorMessage(err)
		return false
	case !sent:
		res.Refusal = refusedTooOften
		return false
	}
	res.Accepted = true
	return true
}

// update reads subscriber id, lets change edit it, and writes it back
// unless change says there is nothing to write, retrying lost races. It
// returns ENOTFOUND if the subscriber is gone.
func (s *Subscriptions) update(ctx context.Context, id string,
	change func(cur *Subscriber) bool) error {
	return retry(ctx, func() error {
		cur, err := s.store().Subscriber(ctx, id)
		if err != nil {
			return err
		}
		if !change(cur) {
			return nil
		}
		cur.UpdatedAt = s.now()
		return s.store().UpdateSubscriber(ctx, cur)
	})
}
