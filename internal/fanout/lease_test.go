package fanout_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// leaseRig is a fan-out to one subscriber of each channel, e, s and w,
// all counted by one fake sender.
func leaseRig(t *testing.T) (*fanout.Fanout, *testStore, *counter) {
	t.Helper()
	store := newStore(t)
	for id, typ := range map[string]herald.SubscriberType{"e": herald.Email, "s": herald.SMS,
		"w": herald.Webhook} {
		store.mustAdd(t, &herald.Subscriber{ID: id, Type: typ, Address: address(typ, 1),
			State: herald.Active, Secret: secret})
	}
	sent := newCounter()
	f := &fanout.Fanout{Store: store, Page: page, Logger: slog.New(slog.DiscardHandler),
		Senders: map[herald.SubscriberType]herald.Sender{herald.Email: sent, herald.SMS: sent,
			herald.Webhook: sent}}
	return f, store, sent
}

// leave stores the delivery of u1 to sub as another run left it.
func leave(t *testing.T, s *testStore, sub string, typ herald.SubscriberType, attempts int,
	leaseUntil time.Time) *herald.Delivery {
	t.Helper()
	d := &herald.Delivery{ID: herald.DeliveryID("u1", sub, typ), IncidentID: "INC-0042",
		UpdateID: "u1", SubscriberID: sub, Channel: typ, State: herald.DeliveryPending,
		Attempts: attempts, CreatedAt: t0, UpdatedAt: t0, LeaseUntil: leaseUntil}
	if !leaseUntil.IsZero() {
		d.LeaseID = "run_other"
	}
	if _, err := s.ClaimDelivery(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCrashWindow(t *testing.T) {
	f, store, sent := leaseRig(t)
	// A run crashed while sending to each: its leases ran out a second ago.
	past := time.Now().Add(-time.Second)
	for id, typ := range map[string]herald.SubscriberType{"e": herald.Email, "s": herald.SMS,
		"w": herald.Webhook} {
		leave(t, store, id, typ, 1, past)
	}
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}

	// E-mail and webhooks: at least once, so sent again.
	for _, id := range []string{"u1.e.email", "u1.w.webhook"} {
		if d, _ := delivery(t, store, id); sent.times(id) != 1 || d.State != herald.DeliverySent ||
			d.Attempts != 2 {
			t.Errorf("%s: sent %d times, stored %s after %d attempts; want once, sent after 2",
				id, sent.times(id), d.State, d.Attempts)
		}
	}
	// SMS: at most once, so given up on, with the reason.
	d, _ := delivery(t, store, "u1.s.sms")
	if sent.times("u1.s.sms") != 0 || d.State != herald.DeliveryDead || d.Attempts != 1 ||
		!strings.Contains(d.Error, "never to send it twice") || d.LeaseID != "" {
		t.Errorf("SMS sent %d times, stored %+v; want dead and not sent", sent.times("u1.s.sms"), d)
	}
}

func TestOwedSent(t *testing.T) {
	f, store, sent := leaseRig(t)
	// A run that stopped handed these back unsent: pending, with no lease.
	for id, typ := range map[string]herald.SubscriberType{"e": herald.Email, "s": herald.SMS,
		"w": herald.Webhook} {
		leave(t, store, id, typ, 0, time.Time{})
	}
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	for id, d := range store.deliveries(t) {
		if sent.times(id) != 1 || d.State != herald.DeliverySent || d.Attempts != 1 {
			t.Errorf("%s: sent %d times, stored %s after %d attempts; want once, sent after 1",
				id, sent.times(id), d.State, d.Attempts)
		}
	}
}

func TestWaitForLiveLease(t *testing.T) {
	f, store, sent := leaseRig(t)
	held := leave(t, store, "s", herald.SMS, 1, time.Now().Add(time.Minute))
	// The run holding it sends it and records it in a moment.
	time.AfterFunc(150*time.Millisecond, func() {
		held.State, held.LeaseID, held.LeaseUntil = herald.DeliverySent, "", time.Time{}
		if err := store.UpdateDelivery(context.Background(), held); err != nil {
			t.Error(err)
		}
	})
	start := time.Now()
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 150*time.Millisecond || sent.times("u1.s.sms") != 0 {
		t.Errorf("returned after %v having sent the held SMS %d times; want it waited, "+
			"and sent nothing", took, sent.times("u1.s.sms"))
	}
	if sent.times("u1.e.email") != 1 || sent.times("u1.w.webhook") != 1 {
		t.Error("the others were not sent once each")
	}
}

func TestLeaseOutlastsDeadline(t *testing.T) {
	f, store, sent := leaseRig(t)
	leave(t, store, "e", herald.Email, 1, time.Now().Add(time.Hour))
	f.Reserve = time.Second
	ctx, cancel := context.WithTimeout(t.Context(), 1200*time.Millisecond)
	defer cancel()

	err := f.HandleChange(ctx, publish)
	if herald.ErrorCode(err) != herald.EUNAVAILABLE || !errors.Is(err, fanout.ErrHandedOn) {
		t.Fatalf("HandleChange = %v, want EUNAVAILABLE handed on", err)
	}
	if d, _ := delivery(t, store, "u1.e.email"); sent.times("u1.e.email") != 0 ||
		d.LeaseID != "run_other" {
		t.Errorf("the held delivery was sent %d times, stored %+v", sent.times("u1.e.email"), d)
	}
}

func TestTakenOverWhileSending(t *testing.T) {
	f, store, sent := leaseRig(t)
	// While the e-mail is sent, another worker takes it over, as if this
	// run's lease had run out.
	sent.onSend = func(int64) error {
		d, err := store.Delivery(context.Background(), "u1.e.email")
		if err == nil && d.LeaseID != "run_thief" && d.State == herald.DeliveryPending {
			d.LeaseID = "run_thief"
			err = store.UpdateDelivery(context.Background(), d)
		}
		return err
	}
	f.Senders = map[herald.SubscriberType]herald.Sender{herald.Email: sent}
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	if d, _ := delivery(t, store, "u1.e.email"); d.LeaseID != "run_thief" ||
		d.State != herald.DeliveryPending {
		t.Errorf("the run overwrote the delivery another took over: %+v", d)
	}
}
