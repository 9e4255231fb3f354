package fanout

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
)

// handOn gives own, webhook deliveries this run holds, to the retry queue
// for their first attempt instead of sending them here. The retry worker
// makes them, several at once and apart from the stream, so a receiver
// that is slow or down holds up no change after this one, and no other
// channel. Each goes back to pending with no lease, which Retry takes; a
// delivery the queue did not take stays owed, and the change is processed
// again. It returns the store's or the queue's failure.
func (r *run) handOn(ctx context.Context, own []*herald.Delivery) error {
	r.unlease(own)
	now := r.f.now()
	wctx, cancel := storeCtx(ctx)
	defer cancel()
	var failed error
	for i, err := range r.f.Store.UpdateDeliveries(wctx, own) {
		d := own[i]
		switch {
		case herald.IsConflict(err) || herald.ErrorCode(err) == herald.ENOTFOUND:
			r.counts.left.Add(1) // another run has it
			continue
		case err != nil:
			r.counts.left.Add(1)
			failed = err
			continue
		}
		retry := Retry{DeliveryID: d.ID, Attempt: d.Attempts + 1, Due: now}
		if err := r.f.Retries.Schedule(wctx, retry); err != nil {
			r.counts.left.Add(1)
			failed = err
			continue
		}
		r.counts.queued.Add(1)
	}
	return failed
}
