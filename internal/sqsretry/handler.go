package sqsretry

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// Retrier makes the attempt a retry asks for; fanout.Fanout is one. Its
// error means the retry should come back later.
type Retrier interface {
	Retry(ctx context.Context, r fanout.Retry) error
}

// Defaults of the Handler fields left zero.
const (
	// DefaultConcurrency is how many messages of a batch are handled at
	// once: a batch of ten slow receivers takes one timeout, not ten.
	DefaultConcurrency = 10
	// DefaultReserve is how much of the invocation a message needs left
	// to be started: more than a webhook's timeout and the writes after.
	DefaultReserve = 15 * time.Second
)

// Handler is the retry function's handler of SQS batches.
type Handler struct {
	Retrier     Retrier
	Queue       *Queue        // where retries due later than SQS can delay go again
	Concurrency int           // DefaultConcurrency when zero
	Reserve     time.Duration // DefaultReserve when zero
	Log         *slog.Logger  // slog.Default() when nil
}

// Handle handles each message of a batch, several at once, and names
// every one that should come back later as a batch item failure, by its
// message id; SQS then delivers it again after its visibility timeout, and
// the others are deleted. A retry not yet due (its delay was longer than
// SQS allows) is sent again for the rest of its delay. A message that is
// not a retry fails every time, so the queue's redrive policy moves it to
// the dead-letter queue. A message not started before Reserve of the
// invocation is left fails, to come back.
func (h *Handler) Handle(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	start := time.Now()
	failed := make([]bool, len(e.Records))
	var later atomic.Int32
	sem := make(chan struct{}, orDefault(h.Concurrency, DefaultConcurrency))
	var wg sync.WaitGroup
	for i, m := range e.Records {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			deferred, err := h.message(ctx, m)
			if deferred {
				later.Add(1)
			}
			if err != nil {
				failed[i] = true
				h.log().WarnContext(ctx, "webhook retry will come back", "message_id", m.MessageId,
					"error_code", herald.ErrorCode(err), "error", herald.ErrorMessage(err))
			}
		})
	}
	wg.Wait()

	var resp events.SQSEventResponse
	for i, m := range e.Records {
		if failed[i] {
			resp.BatchItemFailures = append(resp.BatchItemFailures,
				events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	h.log().InfoContext(ctx, "webhook retry batch", "messages", len(e.Records),
		"not_due", later.Load(), "failed", len(resp.BatchItemFailures),
		"took_ms", time.Since(start).Milliseconds())
	return resp, nil
}

// message handles one message. It reports whether the retry was not yet
// due and was sent on again.
func (h *Handler) message(ctx context.Context, m events.SQSMessage) (bool, error) {
	if deadline, ok := ctx.Deadline(); ok &&
		time.Until(deadline) < orDefault(h.Reserve, DefaultReserve) {
		return false, herald.Errorf(herald.EUNAVAILABLE, "too little time left in this invocation")
	}
	var r fanout.Retry
	if err := json.Unmarshal([]byte(m.Body), &r); err != nil || r.DeliveryID == "" {
		return false, herald.Errorf(herald.EINVALID, "the message is not a webhook retry")
	}
	if r.Due.Sub(h.Queue.now()) > time.Second {
		return true, h.Queue.Schedule(ctx, r)
	}
	return false, h.Retrier.Retry(ctx, r)
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

func orDefault[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}
