package fanout_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// webhookFanout is a fan-out to one webhook subscriber, sub0000, through
// send, with failed attempts queued on a memQueue.
func webhookFanout(t *testing.T, send sendFunc) (*fanout.Fanout, *testStore, *memQueue) {
	t.Helper()
	f, store := emailFanout(t, 0, nil)
	store.mustImport(t, subscribers(herald.Webhook, 1))
	q := &memQueue{}
	f.Senders = map[herald.SubscriberType]herald.Sender{herald.Webhook: send}
	f.Retries = q
	f.Backoff = fanout.Backoff{First: time.Minute, Max: time.Hour, Attempts: 3}
	return f, store, q
}

const webhookID = "u1.sub0000.webhook"

func TestWebhookQueued(t *testing.T) {
	var sends int
	f, store, q := webhookFanout(t, func(context.Context, *herald.Notification) error {
		sends++
		return herald.Errorf(herald.EUNAVAILABLE, "the webhook receiver answered 503")
	})
	start := time.Now()
	for range 2 { // the second run finds the retry queued, and leaves it
		if err := f.HandleChange(t.Context(), publish); err != nil {
			t.Fatalf("a failed webhook failed the change: %v", err)
		}
	}
	d, _ := delivery(t, store, webhookID)
	if sends != 1 || d.State != herald.DeliveryFailed || d.Attempts != 1 {
		t.Errorf("%d sends, delivery %+v; want 1, failed after 1 attempt", sends, d)
	}
	got := q.queued()
	if len(got) != 1 || got[0].DeliveryID != webhookID || got[0].Attempt != 2 {
		t.Fatalf("queued %+v, want the second attempt", got)
	}
	if wait := got[0].Due.Sub(start); wait < 47*time.Second || wait > 73*time.Second {
		t.Errorf("the retry is due after %v, want a minute, give or take a fifth", wait)
	}
}

func TestWebhookQueueDown(t *testing.T) {
	var sends int
	f, store, q := webhookFanout(t, func(context.Context, *herald.Notification) error {
		if sends++; sends == 1 {
			return herald.Errorf(herald.EUNAVAILABLE, "the webhook receiver answered 503")
		}
		return nil
	})
	q.setFail(herald.Unavailable(nil, "the retry queue"))
	if err := f.HandleChange(t.Context(), publish); herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("with the queue down HandleChange = %v, want EUNAVAILABLE", err)
	}
	if d, _ := delivery(t, store, webhookID); d.State != herald.DeliveryPending ||
		d.LeaseID != "" || d.Attempts != 1 {
		t.Fatalf("delivery %+v, want owed: pending, no lease, 1 attempt", d)
	}

	// Processed again, the change sends what it owes.
	q.setFail(nil)
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	if d, _ := delivery(t, store, webhookID); sends != 2 || d.State != herald.DeliverySent ||
		d.Attempts != 2 {
		t.Errorf("%d sends, delivery %+v; want 2, sent on attempt 2", sends, d)
	}
}

func TestSlowWebhookHoldsNoOne(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	defer once.Do(func() { close(release) })
	emails := newCounter()
	f, store := emailFanout(t, 500, emails.Send)
	store.mustImport(t, []*herald.Subscriber{{ID: "hook", Type: herald.Webhook,
		Address: "https://hooks.example.com/slow", State: herald.Active, Secret: secret}})
	f.Senders[herald.Webhook] = sendFunc(func(ctx context.Context, _ *herald.Notification) error {
		<-release // a receiver that does not answer until the e-mails are out
		return nil
	})

	done := make(chan error)
	go func() { done <- f.HandleChange(t.Context(), publish) }()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if n, _ := emails.tally(); n == 500 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the e-mails waited for the webhook")
		}
	}
	once.Do(func() { close(release) })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
