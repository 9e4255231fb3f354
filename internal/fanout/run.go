package fanout

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// ErrHandedOn is wrapped by the error of a run that stopped near its
// deadline with notifications left, for the next run to send.
var ErrHandedOn = errors.New("fanout: handed on before the deadline")

// run is the fan-out of one change.
type run struct {
	f       *Fanout
	inc     herald.Incident // the public view
	follows []string        // the incident's component ids
	updates []herald.Update // oldest first
	comps   []herald.Component
	lease   string // the lease id of this run's claims
	counts  counts

	stop context.Context         // done when the run must claim no more
	halt context.CancelCauseFunc // stops the run, for a reason
}

// counts are what a run did, for its log line.
type counts struct {
	matched atomic.Int64 // notifications owed: followers × updates
	sent    atomic.Int64
	skipped atomic.Int64 // sent, given up on, or queued for a retry before
	queued  atomic.Int64 // failed, and queued for a retry
	failed  atomic.Int64 // failed, to be sent when the change comes again
	dead    atomic.Int64 // given up on
	left    atomic.Int64 // not sent because the run stopped, or held by another run
	lost    atomic.Int64 // sent, but taken over before the outcome was written
}

func (c *counts) attrs() []slog.Attr {
	return []slog.Attr{
		slog.Int64("matched", c.matched.Load()),
		slog.Int64("sent", c.sent.Load()),
		slog.Int64("skipped", c.skipped.Load()),
		slog.Int64("queued", c.queued.Load()),
		slog.Int64("failed", c.failed.Load()),
		slog.Int64("dead", c.dead.Load()),
		slog.Int64("left", c.left.Load()),
		slog.Int64("lost", c.lost.Load()),
	}
}

// newRun loads what every notification of the change shares.
func (f *Fanout) newRun(ctx context.Context, inc *herald.Incident,
	updates []herald.Update) (*run, error) {
	comps, err := f.components(ctx, inc)
	if err != nil {
		return nil, err
	}
	return &run{f: f, inc: inc.Public(), follows: inc.ComponentIDs(), updates: updates,
		comps: comps, lease: herald.NewID("run")}, nil
}

// components returns the components inc affects, in the incident's order,
// as its notifications name them.
func (f *Fanout) components(ctx context.Context, inc *herald.Incident) ([]herald.Component, error) {
	all, err := f.Store.Components(ctx)
	if err != nil {
		return nil, err
	}
	var comps []herald.Component
	for _, id := range inc.ComponentIDs() {
		i := slices.IndexFunc(all, func(c *herald.Component) bool { return c.ID == id })
		if i >= 0 {
			comps = append(comps, *all[i])
		}
	}
	return comps, nil
}

// all sends every notification of the run, each channel beside the
// others. It stops claiming when ctx ends, when its deadline is less than
// the reserve away, or when the store fails; the sends under way finish
// and are recorded, and what was claimed but not sent is handed back.
func (r *run) all(ctx context.Context) error {
	stop, halt := context.WithCancelCause(ctx)
	defer halt(nil)
	r.stop, r.halt = stop, halt
	if deadline, ok := ctx.Deadline(); ok {
		t := time.AfterFunc(time.Until(deadline.Add(-r.f.reserve())),
			func() { halt(ErrHandedOn) })
		defer t.Stop()
	}

	var wg sync.WaitGroup
	for _, t := range []herald.SubscriberType{herald.Email, herald.SMS, herald.Webhook} {
		if r.f.Senders[t] != nil {
			wg.Go(func() {
				if err := r.channel(ctx, t); err != nil {
					halt(err)
				}
			})
		}
	}
	wg.Wait()
	return r.result(context.Cause(stop))
}

// result is the run's answer, given why it stopped early, if it did.
func (r *run) result(cause error) error {
	left, failed := r.counts.left.Load(), r.counts.failed.Load()
	switch {
	case errors.Is(cause, ErrHandedOn):
		return &herald.Error{Code: herald.EUNAVAILABLE, Err: ErrHandedOn,
			Message: "fan-out stopped before its deadline with notifications still owed; " +
				"process the change again to go on"}
	case cause != nil && herald.ErrorCode(cause) == herald.EINTERNAL:
		return herald.Unavailable(cause, "fan-out")
	case cause != nil && herald.ErrorCode(cause) != "":
		return cause
	case cause != nil:
		return herald.Unavailable(cause, "fan-out")
	case left > 0 || failed > 0:
		return herald.Errorf(herald.EUNAVAILABLE, "%d of %d notifications failed or are "+
			"still owed; process the change again", left+failed, r.counts.matched.Load())
	}
	return nil
}

// channel sends the notifications of one channel: a lister pages through
// its followers and hands chunks of them to the channel's workers.
func (r *run) channel(ctx context.Context, t herald.SubscriberType) error {
	chunks := make(chan []*herald.Subscriber, r.f.concurrency())
	var wg sync.WaitGroup
	for range r.f.concurrency() {
		wg.Go(func() {
			for subs := range chunks {
				if err := r.chunk(ctx, t, subs); err != nil {
					r.halt(err)
				}
			}
		})
	}
	err := r.list(t, chunks)
	wg.Wait()
	return err
}

// list sends the followers of type t to out, a chunk at a time, until
// they run out or the run stops, and closes out.
func (r *run) list(t herald.SubscriberType, out chan<- []*herald.Subscriber) error {
	defer close(out)
	o := herald.ListOptions{Limit: pageSize}
	for {
		page, next, err := r.f.Store.Followers(r.stop, t, r.follows, o)
		if err != nil {
			if r.stop.Err() != nil {
				return nil // the run's own stop, not the store's failure
			}
			return err
		}
		for subs := range slices.Chunk(page, r.chunkSize(t)) {
			r.counts.matched.Add(int64(len(subs) * len(r.updates)))
			select {
			case out <- subs:
			case <-r.stop.Done():
				r.counts.left.Add(int64(len(subs) * len(r.updates)))
				return nil
			}
		}
		if next == "" {
			return nil
		}
		o.Cursor = next
	}
}

// chunkSize is how many subscribers of type t one worker claims, sends
// and records at a time: 50 e-mails, what one SES SendBulkEmail call
// takes; fewer of the channels sent one by one, so that a slow receiver
// holds few others back. Under a rate, chunks are small enough that all
// the workers' chunks together take at most a quarter of a lease to send.
func (r *run) chunkSize(t herald.SubscriberType) int {
	n := 4
	switch t {
	case herald.Email:
		n = 50
	case herald.SMS:
		n = 10
	}
	if rate := r.f.Rates[t]; rate > 0 {
		sends := rate * r.f.lease().Seconds() / float64(4*r.f.concurrency())
		n = min(n, max(1, int(sends)/len(r.updates)))
	}
	return n
}
