// Package fanout turns each published incident change into notifications:
// one per new public update, active subscriber following one of the
// incident's components, and channel. It is driven by the store's change
// feed (the DynamoDB stream in AWS), never by request handlers, and hands
// each notification to the herald.Sender of its channel.
//
// # Once, and not lost
//
// Every notification has a Delivery whose id is derived from the update,
// the subscriber and the channel. Before sending, fan-out claims it with
// Store.ClaimDelivery, which only one caller can win; the winner sends and
// then records the outcome:
//
//   - sent: never sent again;
//   - failed (the sender said EUNAVAILABLE): sent again when the change is
//     processed again, up to MaxAttempts sends in all, then dead;
//   - dead (any other error): never sent again.
//
// A claim that loses means the delivery exists. Fan-out then reads the
// incident's deliveries once per change (Store.Deliveries) and takes over
// only a failed one, by writing it back as pending with one more attempt.
// So processing a change twice sends nothing twice, and a retry of the
// change after a failure resends only what failed.
//
// Two shortcomings follow from the Store interface as it is. A delivery
// left pending by a crash between claim and record is never sent: it may
// or may not have gone out, and at most once wins. And taking over a failed
// delivery is an unconditional write, so two workers retrying the same
// change at the same moment could both resend it; a stream shard delivers
// one batch at a time, so this needs two consumers of one shard. A
// conditional UpdateDelivery (write only if State and Attempts are still
// what was read) would close it.
package fanout

import (
	"context"
	"log/slog"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// DefaultConcurrency is how many notifications are sent at once when
// Fanout.Concurrency is zero.
const DefaultConcurrency = 8

// MaxAttempts is how many times one notification is sent before fan-out
// gives up on it and marks it dead.
const MaxAttempts = 5

// pageSize is how many subscribers are read from the store at a time.
const pageSize = 500

// Fanout sends the notifications of published incident changes.
type Fanout struct {
	Store       herald.Store
	Senders     map[herald.SubscriberType]herald.Sender // a channel without one is skipped
	Page        herald.Page
	Concurrency int              // sends at once; DefaultConcurrency when zero
	Now         func() time.Time // time.Now when nil
	Logger      *slog.Logger     // slog.Default() when nil
}

// HandleChange sends the notifications for the public updates that c adds
// to a published incident; other changes, drafts among them, notify
// nobody. It returns an EUNAVAILABLE error when any notification failed in
// a way that may succeed later, or when the store failed: the caller
// should then process c again, which sends only what is still owed.
func (f *Fanout) HandleChange(ctx context.Context, c herald.Change) error {
	updates := c.NewPublicUpdates()
	if len(updates) == 0 {
		return nil
	}
	start := time.Now()
	r, err := f.newRun(ctx, c.NewIncident, updates)
	if err == nil {
		err = r.all(ctx)
	}
	f.log(ctx, c, len(updates), r, time.Since(start), err)
	return err
}

// log writes the one line of a change: what it was and what came of it,
// never an address.
func (f *Fanout) log(ctx context.Context, c herald.Change, updates int, r *run,
	took time.Duration, err error) {
	attrs := []slog.Attr{
		slog.String("incident", c.NewIncident.ID),
		slog.String("seq", c.Seq),
		slog.Int("updates", updates),
		slog.Duration("duration", took),
	}
	if r != nil {
		attrs = append(attrs, r.counts.attrs()...)
	}
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error_code", herald.ErrorCode(err)))
	}
	f.logger().LogAttrs(ctx, level, "fanout", attrs...)
}

func (f *Fanout) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.Default()
}

func (f *Fanout) now() time.Time {
	if f.Now != nil {
		return f.Now().UTC()
	}
	return time.Now().UTC()
}

func (f *Fanout) concurrency() int {
	if f.Concurrency > 0 {
		return f.Concurrency
	}
	return DefaultConcurrency
}
