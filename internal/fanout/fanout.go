package fanout

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/herald-status/herald/internal/herald"
)

// Defaults of the Fanout fields left zero.
const (
	// DefaultConcurrency is how many chunks of one channel are sent at once.
	DefaultConcurrency = 8
	// DefaultReserve is how long before its context's deadline a run stops
	// claiming: longer than SendTimeout and the writes that follow it.
	DefaultReserve = 20 * time.Second
	// DefaultLease is how long a claim holds a delivery for its claimer.
	DefaultLease = 90 * time.Second
	// DefaultSendTimeout bounds one send, or one batch send.
	DefaultSendTimeout = 10 * time.Second
)

// MaxAttempts is how many times an e-mail or SMS notification is sent
// before fan-out gives up on it and marks it dead. Webhooks with a retry
// queue follow Backoff.Attempts instead.
const MaxAttempts = 5

// pageSize is how many subscribers are read from the store at a time.
const pageSize = 500

// Fanout sends the notifications of published incident changes, and the
// retries of webhooks (Retry). It is safe for concurrent use; build one
// and keep it, as its rate limits are shared by all its runs.
type Fanout struct {
	Store   herald.Store
	Senders map[herald.SubscriberType]herald.Sender // a channel without one is skipped
	Page    herald.Page

	// Concurrency is how many chunks of one channel are sent at once.
	// Each channel has its own workers and its own page of subscribers,
	// so a slow channel holds up no other.
	Concurrency int
	// Rates caps each channel's notifications per second, as SES and SNS
	// cap an account's; a channel without a rate is not held back. Set it
	// here rather than in the sender: fan-out spends it on sends alone,
	// not on what a change processed again skips, and sizes its chunks so
	// that a claim's lease covers the wait.
	Rates map[herald.SubscriberType]float64

	// Retries takes webhook deliveries that failed in a way that may pass,
	// with Backoff's delays. Without it they stay failed, and are sent
	// again when the change is processed again, as e-mail and SMS are.
	Retries RetryQueue
	Backoff Backoff // DefaultBackoff when zero

	// QueueWebhooks sends even a webhook's first attempt through Retries,
	// so that the retry worker, not the run of a change, waits on the
	// receiver: a slow one then delays no later change. Without it, the
	// first attempt is made here and only failures are queued.
	QueueWebhooks bool

	Reserve     time.Duration    // DefaultReserve when zero
	Lease       time.Duration    // DefaultLease when zero
	SendTimeout time.Duration    // DefaultSendTimeout when zero
	Now         func() time.Time // time.Now when nil
	Logger      *slog.Logger     // slog.Default() when nil

	limitersMu sync.Mutex
	limiters   map[herald.SubscriberType]*rate.Limiter
}

// HandleChange sends the notifications for the public updates that c adds
// to a published incident; other changes, drafts among them, notify
// nobody. It returns nil when every notification is sent, dead, or queued
// for a retry. Otherwise it returns an EUNAVAILABLE error and the caller
// should process c again, which sends only what is still owed: when a
// send failed in a way that may pass, when the store failed, or when the
// run handed on near its deadline (the error then wraps ErrHandedOn).
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
		attrs = append(attrs, slog.String("error_code", herald.ErrorCode(err)),
			slog.String("error", herald.ErrorMessage(err)))
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

func (f *Fanout) concurrency() int { return orDefault(f.Concurrency, DefaultConcurrency) }
func (f *Fanout) reserve() time.Duration {
	return orDefault(f.Reserve, DefaultReserve)
}
func (f *Fanout) lease() time.Duration { return orDefault(f.Lease, DefaultLease) }
func (f *Fanout) sendTimeout() time.Duration {
	return orDefault(f.SendTimeout, DefaultSendTimeout)
}

func orDefault[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}
