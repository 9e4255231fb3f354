package fanout

import (
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// recordTimeout bounds the write of a delivery's outcome, which goes on
// after the run's context ends so that a send is never left unrecorded.
const recordTimeout = 5 * time.Second

// deliver claims, sends and records one notification. It returns only
// store errors; a failed send is recorded and counted.
func (r *run) deliver(ctx context.Context, sub *herald.Subscriber, u herald.Update) error {
	d, err := r.claim(ctx, sub, u)
	if err != nil || d == nil {
		return err
	}
	n := &herald.Notification{
		ID:         d.ID,
		Page:       r.f.Page,
		Subscriber: *sub,
		Incident:   r.inc,
		Update:     u,
		Components: r.comps,
		CreatedAt:  r.f.now(),
	}
	return r.record(ctx, d, r.f.Senders[sub.Type].Send(ctx, n))
}

// claim returns the delivery of u to sub if this run is to send it: newly
// claimed, or taken over from a failed attempt. It returns nil when the
// notification was sent, is being sent, or was given up on.
func (r *run) claim(ctx context.Context, sub *herald.Subscriber,
	u herald.Update) (*herald.Delivery, error) {
	now := r.f.now()
	d := &herald.Delivery{
		ID:           herald.DeliveryID(u.ID, sub.ID, sub.Type),
		IncidentID:   r.inc.ID,
		UpdateID:     u.ID,
		SubscriberID: sub.ID,
		Channel:      sub.Type,
		State:        herald.DeliveryPending,
		Attempts:     1,
		CreatedAt:    now,
		UpdatedAt:    now,
	}
	won, err := r.f.Store.ClaimDelivery(ctx, d)
	if err != nil {
		return nil, err
	}
	if won {
		return d, nil
	}

	prev, err := r.previous(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	if prev == nil || prev.State != herald.DeliveryFailed || prev.Attempts >= MaxAttempts {
		r.counts.skipped.Add(1)
		return nil, nil
	}
	prev.State, prev.Attempts, prev.UpdatedAt = herald.DeliveryPending, prev.Attempts+1, now
	if err := r.f.Store.UpdateDelivery(ctx, prev); err != nil {
		return nil, err
	}
	return prev, nil
}

// previous returns the stored delivery with the given id, nil if there
// is none.
func (r *run) previous(ctx context.Context, id string) (*herald.Delivery, error) {
	d, err := r.f.Store.Delivery(ctx, id)
	if herald.ErrorCode(err) == herald.ENOTFOUND {
		return nil, nil
	}
	return d, err
}

// record stores the outcome of a send, and counts it.
func (r *run) record(ctx context.Context, d *herald.Delivery, sendErr error) error {
	switch {
	case sendErr == nil:
		d.State = herald.DeliverySent
		r.counts.sent.Add(1)
	case herald.ErrorCode(sendErr) == herald.EUNAVAILABLE && d.Attempts < MaxAttempts:
		d.State = herald.DeliveryFailed
		r.counts.failed.Add(1)
	default:
		d.State = herald.DeliveryDead
		r.counts.dead.Add(1)
	}
	d.Error = reason(sendErr)
	d.UpdatedAt = r.f.now()

	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	return r.f.Store.UpdateDelivery(ctx, d)
}

// reason is the short, address-free account of a failed send kept on its
// delivery: the error's code and its caller-safe message.
func reason(err error) string {
	if err == nil {
		return ""
	}
	s := herald.ErrorCode(err) + ": " + herald.ErrorMessage(err)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}
