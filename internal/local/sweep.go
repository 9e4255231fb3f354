package local

import (
	"context"
	"time"
)

// defaultSweepEvery is how often the runner deletes expired pending
// subscribers from the embedded store.
const defaultSweepEvery = time.Hour

// expirer is a store that deletes its expired pending subscribers when it
// is asked to: the embedded store. DynamoDB's TTL does it by itself.
type expirer interface {
	DeleteExpiredSubscribers(ctx context.Context) (int, error)
}

// sweep deletes expired pending subscribers once at start and then every
// SweepEvery until ctx is done, as DynamoDB's TTL would, so that sign-ups
// nobody confirmed do not pile up in the data folder. Reads leave them out
// either way; this only frees the space.
func (r *Runner) sweep(ctx context.Context) {
	x, ok := r.store.(expirer)
	if !ok {
		return
	}
	every := r.cfg.SweepEvery
	if every <= 0 {
		every = defaultSweepEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := x.DeleteExpiredSubscribers(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.log.ErrorContext(ctx, "delete expired subscribers", "deleted", n, "err", err)
		case n > 0:
			r.log.InfoContext(ctx, "deleted expired subscribers", "deleted", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
