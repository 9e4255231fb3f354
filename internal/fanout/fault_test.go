package fanout_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// TestStopAndRestart stops the fan-out to 10,000 subscribers (2,000 with
// -short) at two random points, by cancelling its context from inside a
// sender, and starts it again each time: every subscriber ends with
// exactly one message. The points come from a logged seed; set
// HERALD_FAULT_SEED to replay one.
func TestStopAndRestart(t *testing.T) {
	total := 10_000
	if testing.Short() {
		total = 2_000
	}
	seed := faultSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed))
	first := 1 + rng.Int64N(int64(total)/2)
	second := first + 1 + rng.Int64N(int64(total)/2-1)
	t.Logf("seed %d: stop after %d and after %d sends of %d", seed, first, second, total)

	store := newStore(t)
	var subs []*herald.Subscriber
	for i, s := range subscribers(herald.Email, total) {
		// Four in five by e-mail, in batches; the rest by SMS and webhook.
		s.Type = []herald.SubscriberType{herald.Email, herald.Email, herald.Email, herald.Email,
			herald.SMS, herald.Email, herald.Email, herald.Email, herald.Email, herald.Webhook}[i%10]
		s.Address, s.Secret = address(s.Type, i), secret
		subs = append(subs, s)
	}
	store.mustImport(t, subs)

	sent := newCounter()
	var cancel context.CancelFunc
	sent.onSend = func(n int64) error {
		if n == first || n == second {
			cancel()
		}
		return nil
	}
	f := &fanout.Fanout{Store: store, Page: page, Logger: slog.New(slog.DiscardHandler),
		Senders: map[herald.SubscriberType]herald.Sender{herald.Email: &batchCounter{counter: sent},
			herald.SMS: sent, herald.Webhook: sent}}

	for run := range 3 {
		var ctx context.Context
		ctx, cancel = context.WithCancel(t.Context())
		err := f.HandleChange(ctx, publish)
		cancel()
		if last := run == 2; last != (err == nil) {
			t.Fatalf("run %d: %v", run+1, err)
		}
		if err != nil && herald.ErrorCode(err) != herald.EUNAVAILABLE {
			t.Fatalf("run %d stopped with %v, want EUNAVAILABLE", run+1, err)
		}
	}

	distinct, twice := sent.tally()
	if distinct != total || len(twice) != 0 {
		t.Errorf("%d subscribers got a message, %d more than one (%.5v); want all %d once",
			distinct, len(twice), twice, total)
	}
	for id, d := range store.deliveries(t) {
		if d.State != herald.DeliverySent || d.Attempts != 1 {
			t.Fatalf("delivery %s = %s after %d attempts, want sent after 1", id, d.State, d.Attempts)
		}
	}
}

// faultSeed returns HERALD_FAULT_SEED, or a new seed.
func faultSeed(t *testing.T) uint64 {
	var seed uint64
	if s := os.Getenv("HERALD_FAULT_SEED"); s != "" {
		if _, err := fmt.Sscan(s, &seed); err != nil {
			t.Fatalf("HERALD_FAULT_SEED=%q: %v", s, err)
		}
		return seed
	}
	return uint64(time.Now().UnixNano())
}
