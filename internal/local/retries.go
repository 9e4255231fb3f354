package local

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// retryQueue is the local runner's stand-in for the SQS retry queue: it
// holds webhook retries until they are due, in memory and in a file of the
// data folder, so that a restart loses none, and hands each to the
// fan-out when due. A failing webhook therefore waits here, and changes
// after it go out at once.
type retryQueue struct {
	path   string // the queue's file
	dead   string // where dead-lettered deliveries are written down
	kick   chan struct{}
	mu     sync.Mutex
	queued []fanout.Retry
}

var _ fanout.RetryQueue = (*retryQueue)(nil)

// newRetryQueue opens the queue kept in dir, with what a previous run
// left in it.
func newRetryQueue(dir string) (*retryQueue, error) {
	q := &retryQueue{path: filepath.Join(dir, "retries.json"),
		dead: filepath.Join(dir, "outbox", "dead-letters.jsonl"), kick: make(chan struct{}, 1)}
	b, err := os.ReadFile(q.path)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("read the retry queue: %w", err)
	}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &q.queued); err != nil {
			return nil, fmt.Errorf("read the retry queue %s: %w", q.path, err)
		}
	}
	return q, nil
}

// Schedule keeps r until it is due.
func (q *retryQueue) Schedule(ctx context.Context, r fanout.Retry) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queued = append(q.queued, r)
	if err := q.save(); err != nil {
		q.queued = q.queued[:len(q.queued)-1]
		return herald.Unavailable(err, "the retry queue")
	}
	select {
	case q.kick <- struct{}{}:
	default:
	}
	return nil
}

// DeadLetter writes d down in the outbox for the operator to see.
func (q *retryQueue) DeadLetter(ctx context.Context, d *herald.Delivery) error {
	line, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode dead letter: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(q.dead), 0o700); err != nil {
		return herald.Unavailable(err, "the dead-letter file")
	}
	f, err := os.OpenFile(q.dead, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return herald.Unavailable(err, "the dead-letter file")
	}
	defer f.Close()
	if _, err := f.Write(append(line, '\n')); err != nil {
		return herald.Unavailable(err, "the dead-letter file")
	}
	return nil
}

// save writes the queue to its file, atomically. The caller holds mu.
func (q *retryQueue) save() error {
	b, err := json.Marshal(q.queued)
	if err != nil {
		return err
	}
	tmp := q.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, q.path)
}

// due removes and returns the retries due at now, and the time the next
// one falls due (zero when none is queued).
func (q *retryQueue) due(now time.Time) ([]fanout.Retry, time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out, rest []fanout.Retry
	var next time.Time
	for _, r := range q.queued {
		if !r.Due.After(now) {
			out = append(out, r)
			continue
		}
		rest = append(rest, r)
		if next.IsZero() || r.Due.Before(next) {
			next = r.Due
		}
	}
	if len(out) > 0 {
		q.queued = rest
		if err := q.save(); err != nil {
			q.queued = slices.Concat(rest, out) // try them again next time
			return nil, now.Add(time.Second)
		}
	}
	return out, next
}

// retryWorkers is how many retries are made at once, as the retry
// function takes several messages of a batch at once: one slow receiver
// holds up no other.
const retryWorkers = 8

// run hands each retry to retry when it falls due, several at once, until
// ctx is done; it returns once the retries under way have ended. A retry
// that fails is queued again a little later.
func (q *retryQueue) run(ctx context.Context, retry func(context.Context, fanout.Retry) error) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, retryWorkers)
	for {
		rs, next := q.due(time.Now())
		for _, r := range rs {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				q.Schedule(context.WithoutCancel(ctx), r) // kept for the next start
				continue
			}
			wg.Go(func() {
				defer func() { <-sem }()
				if err := retry(ctx, r); err != nil {
					r.Due = time.Now().Add(5 * time.Second)
					q.Schedule(context.WithoutCancel(ctx), r)
				}
			})
		}
		wait := time.Minute
		if !next.IsZero() {
			wait = min(wait, max(time.Until(next), 10*time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-q.kick:
		case <-time.After(wait):
		}
	}
}
