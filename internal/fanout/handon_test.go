package fanout_test

import (
	"context"
	"errors"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// TestWebhookHandedOn: with QueueWebhooks, the change sends no webhook
// itself; the first attempt waits in the queue, and Retry makes it once,
// however often the change and the retry come.
func TestWebhookHandedOn(t *testing.T) {
	var sends int
	f, store, q := webhookFanout(t, func(context.Context, *herald.Notification) error {
		sends++
		return nil
	})
	f.QueueWebhooks = true
	inc := incident(false, []string{"api"}, created)
	inc.Version = 0
	must(t, store.SaveIncident(t.Context(), herald.IncidentWrite{Incident: inc}))
	for range 2 {
		if err := f.HandleChange(t.Context(), publish); err != nil {
			t.Fatal(err)
		}
	}
	if sends != 0 {
		t.Fatalf("the change sent %d webhooks itself", sends)
	}
	got := q.queued()
	if len(got) == 0 || got[0].DeliveryID != webhookID || got[0].Attempt != 1 {
		t.Fatalf("queued %+v, want the first attempt", got)
	}
	d, _ := delivery(t, store, webhookID)
	if d.State != herald.DeliveryPending || d.Attempts != 0 || d.Leased(d.UpdatedAt) {
		t.Fatalf("delivery %+v, want pending, no attempt, no lease", d)
	}
	for _, r := range got { // a queue may deliver a retry more than once
		must(t, f.Retry(t.Context(), r))
		must(t, f.Retry(t.Context(), r))
	}
	d, _ = delivery(t, store, webhookID)
	if sends != 1 || d.State != herald.DeliverySent || d.Attempts != 1 {
		t.Errorf("%d sends, delivery %+v; want one, sent on the first attempt", sends, d)
	}
}

// TestWebhookHandOnQueueDown: when the queue refuses the first attempt,
// the delivery stays owed and the change fails, to be processed again.
func TestWebhookHandOnQueueDown(t *testing.T) {
	f, store, q := webhookFanout(t, func(context.Context, *herald.Notification) error { return nil })
	f.QueueWebhooks = true
	q.setFail(herald.Unavailable(errors.New("queue down"), "the retry queue"))
	if err := f.HandleChange(t.Context(), publish); herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("err = %v, want the change to fail retryably", err)
	}
	d, _ := delivery(t, store, webhookID)
	if d.State != herald.DeliveryPending || d.Leased(d.UpdatedAt) {
		t.Fatalf("delivery %+v, want pending with no lease: owed", d)
	}
	q.setFail(nil)
	must(t, f.HandleChange(t.Context(), publish))
	if got := q.queued(); len(got) != 1 || got[0].Attempt != 1 {
		t.Errorf("queued %+v after the queue came back, want the first attempt once", got)
	}
}
