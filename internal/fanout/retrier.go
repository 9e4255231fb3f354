package fanout

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// errBusy is Retry's answer when another worker holds the delivery: the
// retry should come back later.
var errBusy = herald.Errorf(herald.EUNAVAILABLE, "another worker is sending this delivery")

// Retry makes the attempt at a webhook delivery that r asks for, and
// queues the next one if it fails in a way that may pass. A delivery that
// has had Backoff.Attempts attempts goes to the dead-letter queue instead,
// and is recorded dead. It returns nil when r is done with: the attempt
// was made and its outcome recorded, or r is stale (the delivery was
// sent, given up on, or moved past r's attempt). It returns an
// EUNAVAILABLE error when r should come back later: another worker holds
// the delivery, or the store or a queue failed.
func (f *Fanout) Retry(ctx context.Context, r Retry) error {
	d, err := f.Store.Delivery(ctx, r.DeliveryID)
	if herald.ErrorCode(err) == herald.ENOTFOUND {
		f.logger().WarnContext(ctx, "retry of an unknown delivery", "delivery", r.DeliveryID)
		return nil
	}
	if err != nil {
		return err
	}
	exhausted := d.Attempts >= f.backoff().Attempts
	switch {
	case d.State == herald.DeliverySent || d.State == herald.DeliveryDead:
		return nil
	case d.Leased(f.now()):
		return errBusy
	case exhausted:
		return f.bury(ctx, d)
	case d.State == herald.DeliveryFailed && d.Attempts != r.Attempt-1:
		return nil // a copy of a retry already made, or one overtaken
	}

	now := f.now()
	t := *d
	t.State, t.Attempts, t.UpdatedAt = herald.DeliveryPending, d.Attempts+1, now
	t.LeaseID, t.LeaseUntil = herald.NewID("retry"), now.Add(f.lease())
	if err := f.Store.UpdateDelivery(ctx, &t); herald.IsConflict(err) {
		return errBusy
	} else if err != nil {
		return err
	}
	return f.attempt(ctx, &t)
}

// attempt sends d, held by this worker, and records the outcome.
func (f *Fanout) attempt(ctx context.Context, d *herald.Delivery) error {
	start := time.Now()
	n, gone, err := f.retryNotification(ctx, d)
	if err != nil {
		return err // d's lease runs out, and the retry comes back
	}
	sendErr := gone
	if n != nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.sendTimeout())
		sendErr = f.Senders[herald.Webhook].Send(sctx, n)
		cancel()
	}

	d.LeaseID, d.LeaseUntil, d.UpdatedAt, d.Error = "", time.Time{}, f.now(), reason(sendErr)
	var queueErr error
	switch {
	case sendErr == nil:
		d.State = herald.DeliverySent
	case !retryable(sendErr):
		d.State = herald.DeliveryDead
	default:
		queueErr = f.requeue(ctx, d)
	}
	wctx, cancel := storeCtx(ctx)
	defer cancel()
	err = f.Store.UpdateDelivery(wctx, d)
	f.logger().LogAttrs(ctx, slog.LevelInfo, "webhook retry", slog.String("delivery", d.ID),
		slog.Int("attempt", d.Attempts), slog.String("state", string(d.State)),
		slog.String("error", d.Error), slog.Duration("duration", time.Since(start)))
	if queueErr != nil {
		return queueErr
	}
	return err
}

// bury puts d, which has had all its attempts, in the dead-letter queue,
// then records it dead.
func (f *Fanout) bury(ctx context.Context, d *herald.Delivery) error {
	if err := f.Retries.DeadLetter(ctx, d); err != nil {
		return err
	}
	d.State, d.LeaseID, d.LeaseUntil, d.UpdatedAt = herald.DeliveryDead, "", time.Time{}, f.now()
	if err := f.Store.UpdateDelivery(ctx, d); err != nil && !herald.IsConflict(err) {
		return err
	}
	return nil
}

// retryNotification builds the notification of d from the store. A
// subscriber, incident or update that is no longer there, or no longer
// active, means the notification will never be sent: that is gone's error.
func (f *Fanout) retryNotification(ctx context.Context,
	d *herald.Delivery) (n *herald.Notification, gone, err error) {
	sub, err := f.Store.Subscriber(ctx, d.SubscriberID)
	if herald.ErrorCode(err) == herald.ENOTFOUND || err == nil && sub.State != herald.Active {
		return nil, herald.Errorf(herald.ENOTFOUND, "the subscriber is no longer active"), nil
	}
	if err != nil {
		return nil, nil, err
	}
	inc, err := f.Store.Incident(ctx, d.IncidentID)
	if herald.ErrorCode(err) == herald.ENOTFOUND {
		return nil, herald.Errorf(herald.ENOTFOUND, "the incident no longer exists"), nil
	}
	if err != nil {
		return nil, nil, err
	}
	pub := inc.Public()
	i := slices.IndexFunc(pub.Updates, func(u herald.Update) bool { return u.ID == d.UpdateID })
	if i < 0 || inc.Draft {
		return nil, herald.Errorf(herald.ENOTFOUND, "the update is no longer public"), nil
	}
	comps, err := f.components(ctx, inc)
	if err != nil {
		return nil, nil, err
	}
	return &herald.Notification{ID: d.ID, Page: f.Page, Subscriber: *sub, Incident: pub,
		Update: pub.Updates[i], Components: comps, CreatedAt: f.now()}, nil, nil
}
