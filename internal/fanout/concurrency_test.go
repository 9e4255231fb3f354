package fanout_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func TestConcurrency(t *testing.T) {
	const limit = 4
	var inFlight, peak atomic.Int32
	full := make(chan struct{})
	var fullOnce sync.Once
	// 1,000 subscribers make 20 chunks of 50, for 4 workers.
	f, _ := emailFanout(t, 1000, func(context.Context, *herald.Notification) error {
		now := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
		}
		if now == limit {
			fullOnce.Do(func() { close(full) })
		}
		select { // the first sends wait until the pool is full
		case <-full:
		case <-time.After(2 * time.Second):
		}
		return nil
	})
	f.Concurrency = limit
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	if peak.Load() != limit {
		t.Errorf("peak of %d sends at once, want %d", peak.Load(), limit)
	}
}

func TestTwoWorkersOneChange(t *testing.T) {
	var sent sync.Map
	var dup atomic.Int32
	f, _ := emailFanout(t, 200, func(_ context.Context, n *herald.Notification) error {
		if _, loaded := sent.LoadOrStore(n.ID, true); loaded {
			dup.Add(1)
		}
		return nil
	})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if err := f.HandleChange(t.Context(), publish); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	count := 0
	sent.Range(func(any, any) bool { count++; return true })
	if count != 200 || dup.Load() != 0 {
		t.Errorf("%d sent, %d twice; want 200 once each", count, dup.Load())
	}
}

func TestStoreFailure(t *testing.T) {
	t.Run("Subscribers", func(t *testing.T) {
		var sends atomic.Int32
		f, store := emailFanout(t, 5, func(context.Context, *herald.Notification) error {
			sends.Add(1)
			return nil
		})
		store.failFollowers = herald.Unavailable(nil, "the store")
		err := f.HandleChange(t.Context(), publish)
		if herald.ErrorCode(err) != herald.EUNAVAILABLE || sends.Load() != 0 {
			t.Fatalf("HandleChange = %v after %d sends", err, sends.Load())
		}
	})
	t.Run("ClaimThenRetry", func(t *testing.T) {
		var sends sync.Map
		f, store := emailFanout(t, 200, func(_ context.Context, n *herald.Notification) error {
			if _, dup := sends.LoadOrStore(n.ID, true); dup {
				t.Errorf("%s sent twice", n.ID)
			}
			return nil
		})
		f.Concurrency = 1
		store.failClaimAfter = 2 // of 4 chunks of 50
		if err := f.HandleChange(t.Context(), publish); herald.ErrorCode(err) != herald.EUNAVAILABLE {
			t.Fatalf("HandleChange = %v, want EUNAVAILABLE", err)
		}
		store.failClaimAfter = 0
		if err := f.HandleChange(t.Context(), publish); err != nil {
			t.Fatal(err)
		}
		count := 0
		sends.Range(func(any, any) bool { count++; return true })
		if count != 200 {
			t.Errorf("%d sent after the retry, want 200", count)
		}
	})
	t.Run("ClaimFailsPartWay", func(t *testing.T) {
		// SMS: a claim left held by the failure would be given up on.
		texts := newCounter()
		f, store := emailFanout(t, 0, nil)
		store.mustImport(t, subscribers(herald.SMS, 30))
		f.Senders = map[herald.SubscriberType]herald.Sender{herald.SMS: texts}
		f.Lease, f.SendTimeout = 500*time.Millisecond, 50*time.Millisecond
		store.failClaimHalf = true
		if err := f.HandleChange(t.Context(), publish); herald.ErrorCode(err) != herald.EUNAVAILABLE {
			t.Fatalf("HandleChange = %v, want EUNAVAILABLE", err)
		}
		store.failClaimHalf = false
		if err := f.HandleChange(t.Context(), publish); err != nil {
			t.Fatal(err)
		}
		if n, twice := texts.tally(); n != 30 || len(twice) != 0 {
			t.Errorf("%d SMS sent, %d twice; want 30 once", n, len(twice))
		}
	})
}
