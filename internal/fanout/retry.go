package fanout

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// Retry asks for one more attempt at a webhook delivery, no sooner than
// Due. Attempt numbers it, the first send being attempt 1, so that a
// retry the delivery has moved past is known for stale and dropped.
type Retry struct {
	DeliveryID string    `json:"delivery_id"`
	Attempt    int       `json:"attempt"`
	Due        time.Time `json:"due"`
}

// RetryQueue holds webhook retries until they are due; the SQS retry
// queue in AWS. Both methods return EUNAVAILABLE when the queue cannot be
// reached.
type RetryQueue interface {
	// Schedule hands r to Fanout.Retry at r.Due or after, at least once.
	Schedule(ctx context.Context, r Retry) error
	// DeadLetter keeps an account of d, a webhook delivery given up on
	// after its last attempt, for an operator.
	DeadLetter(ctx context.Context, d *herald.Delivery) error
}

// Backoff spaces the attempts at a webhook: First after the first, then
// twice as long after each, never longer than Max, each moved by up to a
// fifth either way at random, so that receivers that failed together are
// not all tried again together.
type Backoff struct {
	First    time.Duration
	Max      time.Duration
	Attempts int // in all, the first included; at least 2
}

// DefaultBackoff tries a webhook 12 times over about a day: after 1, 2, 4
// ... 256 minutes, then 8 and 8 hours.
var DefaultBackoff = Backoff{First: time.Minute, Max: 8 * time.Hour, Attempts: 12}

// Delay returns how long to wait after the given number of attempts
// before the next.
func (b Backoff) Delay(attempts int) time.Duration {
	d := b.First
	for i := 1; i < attempts && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	return d + time.Duration((rand.Float64()*0.4-0.2)*float64(d))
}

func (f *Fanout) backoff() Backoff {
	b := f.Backoff
	if b.Attempts == 0 {
		b = DefaultBackoff
	}
	b.Attempts = max(b.Attempts, 2)
	return b
}

// queues reports whether failed deliveries of channel t go to the retry
// queue rather than wait for the change to be processed again.
func (f *Fanout) queues(t herald.SubscriberType) bool {
	return t == herald.Webhook && f.Retries != nil
}

// requeue sets d, a webhook delivery whose attempt failed in a way that
// may pass, failed, and queues what comes next: its next attempt, after
// Backoff's delay; or, once it has had Backoff.Attempts attempts, a retry
// due at once, which Retry finds exhausted and puts in the dead-letter
// queue. So only the retry function writes to the dead-letter queue. When
// the queue cannot be reached, requeue returns the error and leaves d
// pending and owed, for the next run or retry to take.
func (f *Fanout) requeue(ctx context.Context, d *herald.Delivery) error {
	r := Retry{DeliveryID: d.ID, Attempt: d.Attempts + 1, Due: f.now()}
	if b := f.backoff(); d.Attempts < b.Attempts {
		r.Due = r.Due.Add(b.Delay(d.Attempts))
	}
	if err := f.Retries.Schedule(ctx, r); err != nil {
		d.State = herald.DeliveryPending
		return err
	}
	d.State = herald.DeliveryFailed
	return nil
}
