package fanout_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

func TestHandOffNearDeadline(t *testing.T) {
	const total = 2000
	sent := newCounter()
	sent.onSend = func(int64) error { time.Sleep(time.Millisecond); return nil }
	f, store := emailFanout(t, total, sent.Send)
	f.Reserve = time.Second

	// The deadline is 1.2 s away: the run stops claiming after 0.2 s, with
	// perhaps 1,600 sends to go at 8 a millisecond.
	ctx, cancel := context.WithTimeout(t.Context(), 1200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := f.HandleChange(ctx, publish)
	took := time.Since(start)
	if herald.ErrorCode(err) != herald.EUNAVAILABLE || !errors.Is(err, fanout.ErrHandedOn) {
		t.Fatalf("HandleChange = %v, want EUNAVAILABLE handed on", err)
	}
	first, _ := sent.tally()
	if first == 0 || first == total || took >= 1200*time.Millisecond {
		t.Fatalf("the first run sent %d of %d and returned after %v; want some, before "+
			"the deadline", first, total, took)
	}
	for id, d := range store.deliveries(t) {
		if d.State == herald.DeliveryPending && (d.LeaseID != "" || d.Attempts != 0) {
			t.Fatalf("after the hand-off %s is still held: %+v", id, d)
		}
	}

	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	if distinct, twice := sent.tally(); distinct != total || len(twice) != 0 {
		t.Errorf("%d sent, %d twice; want %d once each", distinct, len(twice), total)
	}
}

func TestRate(t *testing.T) {
	sent := newCounter()
	f, _ := emailFanout(t, 300, sent.Send)
	f.Rates = map[herald.SubscriberType]float64{herald.Email: 500}
	start := time.Now()
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	// A bucket of 50 (a tenth of a second) starts full; the other 250 take
	// half a second at 500 a second.
	if took := time.Since(start); took < 450*time.Millisecond {
		t.Errorf("300 e-mails at 500 a second took %v, want at least 0.45 s", took)
	}
	if distinct, _ := sent.tally(); distinct != 300 {
		t.Errorf("%d sent, want 300", distinct)
	}
}

// TestRateSpentOnSends processes a change again under a slow rate: what
// was sent is skipped without waiting for the rate.
func TestRateSpentOnSends(t *testing.T) {
	sent := newCounter()
	f, store := emailFanout(t, 300, sent.Send)
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	slow := &fanout.Fanout{Store: store, Page: page, Senders: f.Senders, Logger: f.Logger,
		Rates: map[herald.SubscriberType]float64{herald.Email: 10}}
	start := time.Now()
	if err := slow.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("skipping 300 sent e-mails at 10 a second took %v", took)
	}
	if n, twice := sent.tally(); n != 300 || len(twice) != 0 {
		t.Errorf("%d sent, %d twice; want 300 once", n, len(twice))
	}
}
