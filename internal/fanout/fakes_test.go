package fanout_test

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// counter is a fake sender that counts the messages handed to it, by
// notification id. onSend, when set, runs after each is counted, with the
// number counted so far, and its error is the send's.
type counter struct {
	mu     sync.Mutex
	got    map[string]int
	total  atomic.Int64
	onSend func(total int64) error
}

func newCounter() *counter { return &counter{got: map[string]int{}} }

func (c *counter) Send(_ context.Context, n *herald.Notification) error { return c.take(n.ID) }

func (c *counter) take(id string) error {
	c.mu.Lock()
	c.got[id]++
	c.mu.Unlock()
	total := c.total.Add(1)
	if c.onSend != nil {
		return c.onSend(total)
	}
	return nil
}

// tally returns how many notifications were sent, and which more than
// once.
func (c *counter) tally() (distinct int, twice []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, n := range c.got {
		if n > 1 {
			twice = append(twice, id)
		}
	}
	return len(c.got), twice
}

// times returns how many times the notification with the id was sent.
func (c *counter) times(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.got[id]
}

// batchCounter is a counter that also takes batches, as the SES sender
// does.
type batchCounter struct {
	*counter
	batches atomic.Int64
}

func (b *batchCounter) SendBatch(_ context.Context, ns []*herald.Notification) []error {
	b.batches.Add(1)
	errs := make([]error, len(ns))
	for i, n := range ns {
		errs[i] = b.take(n.ID)
	}
	return errs
}

// memQueue is a fanout.RetryQueue in memory. fail, when set, is the
// answer of every call.
type memQueue struct {
	mu      sync.Mutex
	retries []fanout.Retry
	dead    []herald.Delivery
	fail    error
}

func (q *memQueue) Schedule(_ context.Context, r fanout.Retry) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail != nil {
		return q.fail
	}
	q.retries = append(q.retries, r)
	return nil
}

func (q *memQueue) DeadLetter(_ context.Context, d *herald.Delivery) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fail != nil {
		return q.fail
	}
	q.dead = append(q.dead, *d)
	return nil
}

func (q *memQueue) setFail(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.fail = err
}

// queued returns the retries scheduled so far.
func (q *memQueue) queued() []fanout.Retry {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]fanout.Retry(nil), q.retries...)
}
