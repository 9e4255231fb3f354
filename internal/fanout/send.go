package fanout

import (
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// BatchSender is a herald.Sender that can hand on several notifications of
// one update in one call, as SES's SendBulkEmail does. SendBatch answers
// one error per notification, in order, each meaning what Send's would.
type BatchSender interface {
	SendBatch(ctx context.Context, ns []*herald.Notification) []error
}

// send sends own, the deliveries this run holds, in order, and records
// each outcome as it comes: one at a time, or a batch of one update at a
// time through a BatchSender. When the run stops, or a lease has too
// little time left for another send, the rest are handed back unsent.
func (r *run) send(ctx context.Context, t herald.SubscriberType, own []*herald.Delivery,
	subs map[string]*herald.Subscriber) error {
	sender := r.f.Senders[t]
	batch, _ := sender.(BatchSender)
	for len(own) > 0 {
		n := 1
		for batch != nil && n < len(own) && own[n].UpdateID == own[0].UpdateID {
			n++
		}
		group := own[:n]
		if r.stop.Err() != nil || !r.leaseLasts(group) {
			return r.release(ctx, own, nil)
		}
		own = own[n:]

		errs := r.deliver(ctx, sender, batch, group, subs)
		if err := r.record(ctx, group, errs); err != nil {
			return r.release(ctx, own, err)
		}
	}
	return nil
}

// leaseLasts reports whether every lease of group lasts a send longer.
func (r *run) leaseLasts(group []*herald.Delivery) bool {
	end := r.f.now().Add(r.f.sendTimeout())
	for _, d := range group {
		if !end.Before(d.LeaseUntil) {
			return false
		}
	}
	return true
}

// deliver hands group to the sender and returns its answers. The send
// runs to its own timeout whatever becomes of the run, so that its outcome
// is always known and recorded.
func (r *run) deliver(ctx context.Context, sender herald.Sender, batch BatchSender,
	group []*herald.Delivery, subs map[string]*herald.Subscriber) []error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.f.sendTimeout())
	defer cancel()
	ns := make([]*herald.Notification, len(group))
	for i, d := range group {
		ns[i] = r.notification(d, subs[d.SubscriberID])
	}
	if batch != nil && len(ns) > 1 {
		return batch.SendBatch(sctx, ns)
	}
	errs := make([]error, len(ns))
	for i, n := range ns {
		errs[i] = sender.Send(sctx, n)
	}
	return errs
}

// notification returns what the sender needs for d.
func (r *run) notification(d *herald.Delivery, sub *herald.Subscriber) *herald.Notification {
	n := &herald.Notification{ID: d.ID, Page: r.f.Page, Subscriber: *sub, Incident: r.inc,
		Components: r.comps, CreatedAt: r.f.now()}
	for _, u := range r.updates {
		if u.ID == d.UpdateID {
			n.Update = u
		}
	}
	return n
}

// record writes the outcome of each send of group. A delivery that
// another run took over meanwhile is counted as lost: it may have gone out
// twice. Any other refusal is the store's failure, and stops the run.
func (r *run) record(ctx context.Context, group []*herald.Delivery, errs []error) error {
	for i, d := range group {
		r.outcome(ctx, d, errs[i])
	}
	wctx, cancel := storeCtx(ctx)
	defer cancel()
	var failed error
	for i, err := range r.f.Store.UpdateDeliveries(wctx, group) {
		switch {
		case err == nil:
		case herald.IsConflict(err) || herald.ErrorCode(err) == herald.ENOTFOUND:
			r.counts.lost.Add(1)
			r.f.logger().WarnContext(ctx, "fanout: a delivery was taken over while sent",
				"delivery", group[i].ID)
		case failed == nil:
			failed = err
		}
	}
	return failed
}

// outcome sets d's state from its send's error, and counts it.
func (r *run) outcome(ctx context.Context, d *herald.Delivery, sendErr error) {
	d.LeaseID, d.LeaseUntil, d.UpdatedAt, d.Error = "", time.Time{}, r.f.now(), reason(sendErr)
	switch {
	case sendErr == nil:
		d.State = herald.DeliverySent
		r.counts.sent.Add(1)
	case !retryable(sendErr):
		d.State = herald.DeliveryDead
		r.counts.dead.Add(1)
	case r.f.queues(d.Channel):
		wctx, cancel := storeCtx(ctx)
		defer cancel()
		switch err := r.f.requeue(wctx, d); {
		case err != nil:
			r.counts.left.Add(1)
		case d.State == herald.DeliveryDead:
			r.counts.dead.Add(1)
		default:
			r.counts.queued.Add(1)
		}
	case d.Attempts < MaxAttempts:
		d.State = herald.DeliveryFailed
		r.counts.failed.Add(1)
	default:
		d.State = herald.DeliveryDead
		r.counts.dead.Add(1)
	}
}

// release hands back own, held by this run but not sent: pending with no
// lease, the attempt not counted, for the next run to send. It returns
// cause, or the store's failure to write them.
func (r *run) release(ctx context.Context, own []*herald.Delivery, cause error) error {
	if len(own) == 0 {
		return cause
	}
	r.counts.left.Add(int64(len(own)))
	r.unlease(own)
	wctx, cancel := storeCtx(ctx)
	defer cancel()
	for _, err := range r.f.Store.UpdateDeliveries(wctx, own) {
		if err != nil && cause == nil && !herald.IsConflict(err) {
			cause = err
		}
	}
	return cause
}

// unlease readies own, held by this run, to be handed back unsent:
// pending with no lease, the claim's attempt not counted.
func (r *run) unlease(own []*herald.Delivery) {
	now := r.f.now()
	for _, d := range own {
		d.Attempts--
		d.LeaseID, d.LeaseUntil, d.UpdatedAt = "", time.Time{}, now
	}
}

// retryable reports whether a send that failed with err may pass later.
func retryable(err error) bool { return herald.ErrorCode(err) == herald.EUNAVAILABLE }

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
