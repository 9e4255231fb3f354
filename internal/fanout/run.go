package fanout

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/herald-status/herald/internal/herald"
)

// run is the fan-out of one change.
type run struct {
	f       *Fanout
	inc     herald.Incident // the public view
	follows []string        // the incident's component ids
	updates []herald.Update // oldest first
	comps   []herald.Component
	counts  counts
}

// counts are what a run did, for its log line.
type counts struct {
	matched   atomic.Int64 // notifications owed: subscribers × updates
	sent      atomic.Int64
	skipped   atomic.Int64 // delivered, or being delivered, before
	failed    atomic.Int64 // will be retried
	dead      atomic.Int64 // given up on
	noSender  atomic.Int64 // subscribers on a channel with no sender
	unclaimed atomic.Int64 // not reached because the run stopped
}

func (c *counts) attrs() []slog.Attr {
	return []slog.Attr{
		slog.Int64("matched", c.matched.Load()),
		slog.Int64("sent", c.sent.Load()),
		slog.Int64("skipped", c.skipped.Load()),
		slog.Int64("failed", c.failed.Load()),
		slog.Int64("dead", c.dead.Load()),
		slog.Int64("no_sender", c.noSender.Load()),
		slog.Int64("unclaimed", c.unclaimed.Load()),
	}
}

// newRun loads what every notification of the change shares.
func (f *Fanout) newRun(ctx context.Context, inc *herald.Incident,
	updates []herald.Update) (*run, error) {
	all, err := f.Store.Components(ctx)
	if err != nil {
		return nil, err
	}
	follows := inc.ComponentIDs()
	var comps []herald.Component
	for _, id := range follows {
		i := slices.IndexFunc(all, func(c *herald.Component) bool { return c.ID == id })
		if i >= 0 {
			comps = append(comps, *all[i])
		}
	}
	return &run{f: f, inc: inc.Public(), follows: follows, updates: updates, comps: comps}, nil
}

// all sends every notification of the run, a bounded number at a time. A
// store failure stops new claims, lets the sends under way finish, and is
// returned; failed sends make an EUNAVAILABLE error.
func (r *run) all(ctx context.Context) error {
	stop, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	subs := make(chan *herald.Subscriber)
	var wg sync.WaitGroup
	for range r.f.concurrency() {
		wg.Go(func() {
			for sub := range subs {
				if err := r.subscriber(ctx, stop, sub); err != nil {
					cancel(err)
				}
			}
		})
	}
	err := r.list(stop, subs)
	wg.Wait()

	if cause := context.Cause(stop); cause != nil && err == nil {
		err = cause
	}
	switch {
	case err != nil && herald.ErrorCode(err) == herald.EINTERNAL:
		return herald.Unavailable(err, "fan-out")
	case err != nil:
		return err
	case r.counts.failed.Load() > 0:
		return herald.Errorf(herald.EUNAVAILABLE, "%d of %d notifications failed; "+
			"process the change again", r.counts.failed.Load(), r.counts.matched.Load())
	}
	return nil
}

// list sends every active subscriber that follows the incident, on a
// channel that has a sender, to out, and closes it.
func (r *run) list(ctx context.Context, out chan<- *herald.Subscriber) error {
	defer close(out)
	o := herald.ListOptions{Limit: pageSize}
	for {
		page, next, err := r.f.Store.Subscribers(ctx, true, o)
		if err != nil {
			return err
		}
		for _, sub := range page {
			if sub.State != herald.Active || !sub.Follows(r.follows) {
				continue
			}
			if r.f.Senders[sub.Type] == nil {
				r.counts.noSender.Add(1)
				continue
			}
			r.counts.matched.Add(int64(len(r.updates)))
			select {
			case out <- sub:
			case <-ctx.Done():
				r.counts.unclaimed.Add(int64(len(r.updates)))
				return context.Cause(ctx)
			}
		}
		if next == "" {
			return nil
		}
		o.Cursor = next
	}
}

// subscriber sends sub every update of the run, oldest first. Sends run
// under ctx; stop ends the run before the next claim.
func (r *run) subscriber(ctx, stop context.Context, sub *herald.Subscriber) error {
	for i, u := range r.updates {
		if stop.Err() != nil {
			r.counts.unclaimed.Add(int64(len(r.updates) - i))
			return nil
		}
		if err := r.deliver(ctx, sub, u); err != nil {
			r.counts.unclaimed.Add(int64(len(r.updates) - i - 1))
			return err
		}
	}
	return nil
}
