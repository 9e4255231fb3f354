package fanout

import (
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// storeTimeout bounds each store call made for a chunk under way. Those
// calls go on after the run's context ends, so that nothing claimed is
// left unrecorded by a stop.
const storeTimeout = 10 * time.Second

// takeovers bounds the conditional writes of one delivery that keep losing
// to other workers; past it the delivery is left to them.
const takeovers = 3

// unknownOutcome is the reason a delivery is given up on when its
// claimer stopped in the middle of sending it.
const unknownOutcome = "the run sending this stopped before it recorded whether the " +
	"message went out; not sent again, so as never to send it twice"

// chunk claims, sends and records the notifications of subs, every update
// of the run to each. It returns only store failures.
func (r *run) chunk(ctx context.Context, t herald.SubscriberType, subs []*herald.Subscriber) error {
	n := int64(len(subs) * len(r.updates))
	if r.stop.Err() != nil {
		r.counts.left.Add(n)
		return nil
	}

	ds := r.deliveries(subs)
	wctx, cancel := storeCtx(ctx)
	held, err := r.f.Store.ClaimDeliveries(wctx, ds)
	cancel()
	if err != nil {
		r.counts.left.Add(n)
		return r.unclaim(ctx, ds, err)
	}
	own := make([]*herald.Delivery, 0, len(ds))
	for i, d := range ds {
		if held[i] != nil {
			if d, err = r.settle(ctx, held[i]); err != nil {
				return r.abandon(ctx, own, ds[i:], held[i:], err)
			}
		}
		if d != nil {
			own = append(own, d)
		}
	}
	if t == herald.Webhook && r.f.queues(t) && r.f.QueueWebhooks {
		return r.handOn(ctx, own)
	}
	// The rate is spent on sends only, so a change processed again skips
	// what was sent at the store's pace. The lease covers the wait, which
	// chunks sized by the rate keep short (see run.chunkSize).
	if r.f.wait(r.stop, t, len(own)) != nil {
		return r.release(ctx, own, nil)
	}
	bySub := make(map[string]*herald.Subscriber, len(subs))
	for _, s := range subs {
		bySub[s.ID] = s
	}
	return r.send(ctx, t, own, bySub)
}

// abandon gives up a chunk on a store failure, cause: it hands back own,
// the deliveries taken, and those of rest this run claimed, and counts
// the others of rest as left.
func (r *run) abandon(ctx context.Context, own, rest, held []*herald.Delivery,
	cause error) error {
	for i, d := range rest {
		if held[i] == nil {
			own = append(own, d)
		} else {
			r.counts.left.Add(1)
		}
	}
	return r.release(ctx, own, cause)
}

// unclaim hands back whatever of ds this run holds after a claim that
// failed part way: the store may have claimed some, and only their lease
// id tells which. It returns cause. A delivery it cannot read stays held
// until its lease runs out.
func (r *run) unclaim(ctx context.Context, ds []*herald.Delivery, cause error) error {
	var mine []*herald.Delivery
	for _, d := range ds {
		stored, err := r.read(ctx, d.ID)
		if err == nil && stored.State == herald.DeliveryPending && stored.LeaseID == r.lease {
			mine = append(mine, stored)
		}
	}
	r.counts.left.Add(-int64(len(mine))) // release counts them again
	return r.release(ctx, mine, cause)
}

// deliveries returns the deliveries of the run's updates to subs, claimed
// by this run: update by update, so that each subscriber hears of them in
// order.
func (r *run) deliveries(subs []*herald.Subscriber) []*herald.Delivery {
	now := r.f.now()
	ds := make([]*herald.Delivery, 0, len(subs)*len(r.updates))
	for _, u := range r.updates {
		for _, s := range subs {
			ds = append(ds, &herald.Delivery{
				ID:         herald.DeliveryID(u.ID, s.ID, s.Type),
				IncidentID: r.inc.ID, UpdateID: u.ID, SubscriberID: s.ID, Channel: s.Type,
				State: herald.DeliveryPending, Attempts: 1, CreatedAt: now, UpdatedAt: now,
				LeaseID: r.lease, LeaseUntil: now.Add(r.f.lease()),
			})
		}
	}
	return ds
}

// settle decides what this run does with a delivery that was stored
// already. It returns the delivery taken over for this run to send; or nil
// when it is sent, dead, queued for a retry, or held by a run still at
// work on it; or nil after giving it up, when its claimer stopped in the
// middle of sending an SMS.
func (r *run) settle(ctx context.Context, d *herald.Delivery) (*herald.Delivery, error) {
	for range takeovers {
		now := r.f.now()
		var next herald.Delivery
		switch {
		case d.State == herald.DeliverySent || d.State == herald.DeliveryDead ||
			d.State == herald.DeliveryFailed && r.f.queues(d.Channel):
			r.counts.skipped.Add(1)
			return nil, nil
		case d.Leased(now):
			var err error
			if d, err = r.await(ctx, d); d == nil || err != nil {
				return nil, err
			}
			continue
		case d.State == herald.DeliveryPending && !d.LeaseUntil.IsZero() && atMostOnce(d.Channel):
			next = r.giveUp(*d, now, unknownOutcome)
		case d.State == herald.DeliveryFailed && d.Attempts >= MaxAttempts:
			next = r.giveUp(*d, now, d.Error)
		case r.f.queues(d.Channel) && d.Attempts >= r.f.backoff().Attempts:
			return nil, r.bury(ctx, d) // owed, but out of attempts
		default: // failed, owed, or left by a run that stopped mid-send
			next = r.take(*d, now)
		}

		wctx, cancel := storeCtx(ctx)
		err := r.f.Store.UpdateDelivery(wctx, &next)
		cancel()
		switch {
		case err == nil && next.State == herald.DeliveryPending:
			return &next, nil
		case err == nil:
			r.counts.dead.Add(1)
			return nil, nil
		case !herald.IsConflict(err):
			return nil, err
		}
		if d, err = r.read(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	r.counts.left.Add(1) // others keep writing it: they have it
	return nil, nil
}

// bury hands d, a webhook delivery owed but out of attempts, to the retry
// queue, which puts it in the dead-letter queue.
func (r *run) bury(ctx context.Context, d *herald.Delivery) error {
	next := *d
	wctx, cancel := storeCtx(ctx)
	defer cancel()
	if err := r.f.requeue(wctx, &next); err != nil {
		r.counts.left.Add(1)
		return nil
	}
	r.counts.queued.Add(1)
	if err := r.f.Store.UpdateDelivery(wctx, &next); err != nil && !herald.IsConflict(err) {
		return err
	}
	return nil
}

// take returns d held by this run for one more attempt.
func (r *run) take(d herald.Delivery, now time.Time) herald.Delivery {
	d.State, d.Attempts, d.UpdatedAt = herald.DeliveryPending, d.Attempts+1, now
	d.LeaseID, d.LeaseUntil = r.lease, now.Add(r.f.lease())
	return d
}

// giveUp returns d dead, for the reason given.
func (r *run) giveUp(d herald.Delivery, now time.Time, reason string) herald.Delivery {
	d.State, d.Error, d.UpdatedAt = herald.DeliveryDead, reason, now
	d.LeaseID, d.LeaseUntil = "", time.Time{}
	return d
}

// await reads d again until no run holds it. It returns nil when the run
// stops first, counting d as left for the next run.
func (r *run) await(ctx context.Context, d *herald.Delivery) (*herald.Delivery, error) {
	pause := 20 * time.Millisecond
	for d.Leased(r.f.now()) {
		wait := min(pause, d.LeaseUntil.Sub(r.f.now())+time.Millisecond)
		select {
		case <-r.stop.Done():
			r.counts.left.Add(1)
			return nil, nil
		case <-time.After(wait):
		}
		pause = min(2*pause, 2*time.Second)
		var err error
		if d, err = r.read(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// read returns the stored delivery with the given id.
func (r *run) read(ctx context.Context, id string) (*herald.Delivery, error) {
	wctx, cancel := storeCtx(ctx)
	defer cancel()
	return r.f.Store.Delivery(wctx, id)
}

// storeCtx returns the context of a store call for a chunk under way: ctx's
// values, not its end, and a timeout of its own.
func storeCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
}

// atMostOnce reports whether a notification on channel t whose send may
// or may not have happened is given up rather than sent again: SMS, which
// a receiver cannot tell apart from the one before and which costs money.
func atMostOnce(t herald.SubscriberType) bool { return t == herald.SMS }
