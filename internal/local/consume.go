package local

import (
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// consumer is the name under which the runner keeps its place in the feed.
const consumer = "local"

// pollEvery is how often the feed is read when it has been quiet.
const pollEvery = 100 * time.Millisecond

// consume reads the change feed in order and hands each change to fan-out
// and, when it changes the page, to the renderer. A change whose fan-out
// fails is tried again, with backoff, before any later one: the place in
// the feed moves only past changes that were handled. Deliveries are
// claimed once, so a retried change repeats no message.
func (r *Runner) consume(ctx context.Context) {
	if r.poller != nil {
		r.pollStream(ctx)
		return
	}
	cursor, err := r.feed.Cursor(ctx, consumer)
	if err != nil {
		r.log.ErrorContext(ctx, "read feed cursor", "err", err)
	}
	wait := pollEvery
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		next, err := r.drain(ctx, cursor)
		if next != cursor {
			cursor = next
			if err := r.feed.SetCursor(ctx, consumer, cursor); err != nil {
				r.log.ErrorContext(ctx, "save feed cursor", "err", err)
			}
		}
		// The failure is logged where it happened; the change is tried again.
		wait = pollEvery
		if err != nil && ctx.Err() == nil {
			wait = 2 * time.Second
		}
	}
}

// drain handles every change after cursor and returns the sequence of the
// last one handled.
func (r *Runner) drain(ctx context.Context, cursor string) (string, error) {
	for {
		changes, err := r.feed.Changes(ctx, cursor, 100)
		if err != nil {
			r.log.ErrorContext(ctx, "read the change feed", "err", err)
			return cursor, err
		}
		if len(changes) == 0 {
			return cursor, nil
		}
		for _, c := range changes {
			if err := r.handle(ctx, c); err != nil {
				return cursor, err
			}
			cursor = c.Seq
		}
	}
}

// handle is what the fan-out and renderer Lambdas do with one change.
func (r *Runner) handle(ctx context.Context, c herald.Change) error {
	if c.Entity == herald.EntityComponent || c.Entity == herald.EntityIncident {
		r.trigger.Kick()
	}
	return r.fanout.HandleChange(ctx, c)
}
