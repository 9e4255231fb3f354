package fanout_test

import (
	"context"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// retryRig is a webhook fan-out whose first attempt failed and was queued,
// with the incident stored, as the retry function finds them.
func retryRig(t *testing.T, answers ...error) (*fanout.Fanout, *testStore, *memQueue, *int) {
	t.Helper()
	sends := new(int)
	f, store, q := webhookFanout(t, func(context.Context, *herald.Notification) error {
		*sends++
		if len(answers) == 0 {
			return nil
		}
		err := answers[0]
		answers = answers[1:]
		return err
	})
	inc := incident(false, []string{"api"}, created)
	inc.Version = 0
	if err := store.SaveIncident(t.Context(), herald.IncidentWrite{Incident: inc}); err != nil {
		t.Fatal(err)
	}
	if err := f.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}
	return f, store, q, sends
}

var unavailable = herald.Errorf(herald.EUNAVAILABLE, "the webhook receiver answered 503")

func TestRetry(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f, store, _, sends := retryRig(t, unavailable)
		if err := f.Retry(t.Context(), fanout.Retry{DeliveryID: webhookID, Attempt: 2}); err != nil {
			t.Fatal(err)
		}
		if d, _ := delivery(t, store, webhookID); *sends != 2 || d.State != herald.DeliverySent ||
			d.Attempts != 2 || d.LeaseID != "" {
			t.Errorf("%d sends, delivery %+v; want sent on attempt 2", *sends, d)
		}
	})
	t.Run("Stale", func(t *testing.T) {
		f, _, _, sends := retryRig(t, unavailable)
		for _, attempt := range []int{1, 3} {
			err := f.Retry(t.Context(), fanout.Retry{DeliveryID: webhookID, Attempt: attempt})
			if err != nil || *sends != 1 {
				t.Errorf("retry of attempt %d: %v after %d sends; want dropped", attempt, err, *sends)
			}
		}
	})
	t.Run("Busy", func(t *testing.T) {
		f, store, _, sends := retryRig(t, unavailable)
		d, _ := delivery(t, store, webhookID)
		d.State, d.LeaseID = herald.DeliveryPending, "run_other"
		d.LeaseUntil = time.Now().Add(time.Minute)
		if err := store.UpdateDelivery(t.Context(), &d); err != nil {
			t.Fatal(err)
		}
		err := f.Retry(t.Context(), fanout.Retry{DeliveryID: webhookID, Attempt: 2})
		if herald.ErrorCode(err) != herald.EUNAVAILABLE || *sends != 1 {
			t.Errorf("retry of a held delivery: %v after %d sends; want EUNAVAILABLE, no send",
				err, *sends)
		}
	})
	t.Run("Exhausted", func(t *testing.T) {
		f, store, q, sends := retryRig(t, unavailable, unavailable, unavailable)
		for attempt := 2; attempt <= 4; attempt++ { // 4 finds it has had 3
			err := f.Retry(t.Context(), fanout.Retry{DeliveryID: webhookID, Attempt: attempt})
			if err != nil {
				t.Fatal(err)
			}
		}
		d, _ := delivery(t, store, webhookID)
		if *sends != 3 || d.State != herald.DeliveryDead || d.Attempts != 3 {
			t.Errorf("%d sends, delivery %+v; want dead after 3", *sends, d)
		}
		if len(q.dead) != 1 || q.dead[0].ID != webhookID || q.dead[0].Attempts != 3 ||
			len(q.queued()) != 3 || q.queued()[2].Attempt != 4 {
			t.Errorf("dead letters %+v, retries %+v; want one account after three retries",
				q.dead, q.queued())
		}
	})
	t.Run("DeadLetterDown", func(t *testing.T) {
		f, store, q, sends := retryRig(t, unavailable, unavailable, unavailable)
		for attempt := 2; attempt <= 3; attempt++ {
			must(t, f.Retry(t.Context(), fanout.Retry{DeliveryID: webhookID, Attempt: attempt}))
		}
		q.setFail(herald.Unavailable(nil, "the dead-letter queue"))
		r := fanout.Retry{DeliveryID: webhookID, Attempt: 4}
		if err := f.Retry(t.Context(), r); herald.ErrorCode(err) != herald.EUNAVAILABLE {
			t.Fatalf("with the dead-letter queue down: %v, want EUNAVAILABLE", err)
		}
		q.setFail(nil)
		must(t, f.Retry(t.Context(), r)) // the same message, back again
		d, _ := delivery(t, store, webhookID)
		if *sends != 3 || d.State != herald.DeliveryDead || len(q.dead) != 1 {
			t.Errorf("%d sends, delivery %s, %d dead letters; want 3, dead, 1",
				*sends, d.State, len(q.dead))
		}
	})
	t.Run("Unsubscribed", func(t *testing.T) {
		f, store, _, sends := retryRig(t, unavailable)
		sub, err := store.Subscriber(t.Context(), "sub0000")
		must(t, err)
		sub.State = herald.Unsubscribed
		must(t, store.UpdateSubscriber(t.Context(), sub))
		must(t, f.Retry(t.Context(), fanout.Retry{DeliveryID: webhookID, Attempt: 2}))
		if d, _ := delivery(t, store, webhookID); *sends != 1 || d.State != herald.DeliveryDead {
			t.Errorf("%d sends, delivery %+v; want dead without a send", *sends, d)
		}
	})
}

func TestBackoff(t *testing.T) {
	b := fanout.DefaultBackoff
	var total time.Duration
	for n := 1; n < b.Attempts; n++ {
		want := min(b.First<<(n-1), b.Max)
		got := b.Delay(n)
		if got < want*8/10 || got > want*12/10 {
			t.Errorf("delay after %d attempts %v, want %v give or take a fifth", n, got, want)
		}
		total += got
	}
	if total < 19*time.Hour || total > 30*time.Hour {
		t.Errorf("the %d attempts span %v, want about a day", b.Attempts, total)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
