package sqsretry_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/sqsretry"
)

func TestFlakyWebhookDeliveredOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, 503, 502, 429)
	if err := r.fan.HandleChange(t.Context(), r.publish); err != nil {
		t.Fatalf("a failed webhook failed the change: %v", err)
	}
	if d := r.stored(); d.State != herald.DeliveryFailed || d.Attempts != 1 {
		t.Fatalf("after fan-out the delivery is %s after %d attempts, want failed after 1",
			d.State, d.Attempts)
	}
	r.poll(func() bool { return r.settled() && r.empty() })

	ids, ok := r.receiver.seen()
	if len(ids) != 4 || ok != 1 {
		t.Errorf("the receiver saw %d requests, %d answered 2xx; want 4 and 1", len(ids), ok)
	}
	for _, id := range ids {
		if id != r.delivery {
			t.Errorf("webhook-id %q, want %q on every attempt", id, r.delivery)
		}
	}
	if d := r.stored(); d.State != herald.DeliverySent || d.Attempts != 4 || d.Error != "" {
		t.Errorf("delivery = %+v, want sent after 4 attempts", d)
	}
	if r.count(r.url) != 0 || r.count(r.dlq) != 0 {
		t.Errorf("%d left in the retry queue, %d in the dead-letter queue; want none",
			r.count(r.url), r.count(r.dlq))
	}
}

func TestDeadWebhookDeadLettered(t *testing.T) {
	t.Parallel()
	r := newRig(t, 500, 500, 500, 500, 500, 500)
	if err := r.fan.HandleChange(t.Context(), r.publish); err != nil {
		t.Fatal(err)
	}
	r.poll(r.settled)

	if ids, ok := r.receiver.seen(); len(ids) != 4 || ok != 0 {
		t.Errorf("the receiver saw %d requests, %d answered 2xx; want 4 and 0", len(ids), ok)
	}
	d := r.stored()
	if d.State != herald.DeliveryDead || d.Attempts != 4 ||
		d.Error != "unavailable: the webhook receiver answered 500 Internal Server Error; will retry" {
		t.Errorf("delivery = %+v, want dead after 4 attempts", d)
	}
	dead := r.drain(r.dlq)
	if len(dead) != 1 {
		t.Fatalf("dead-letter queue holds %v, want one account", dead)
	}
	var letter sqsretry.DeadLetter
	if err := json.Unmarshal([]byte(dead[0]), &letter); err != nil {
		t.Fatal(err)
	}
	if letter.DeliveryID != r.delivery || letter.IncidentID != "INC-0007" ||
		letter.SubscriberID != "sub_w" || letter.Attempts != 4 || letter.Error != d.Error {
		t.Errorf("dead letter = %+v", letter)
	}
	if !r.empty() {
		t.Errorf("%d left in the retry queue", r.count(r.url))
	}
}

func TestNotFoundNotRetried(t *testing.T) {
	t.Parallel()
	r := newRig(t, http.StatusNotFound)
	if err := r.fan.HandleChange(t.Context(), r.publish); err != nil {
		t.Fatal(err)
	}
	if d := r.stored(); d.State != herald.DeliveryDead || d.Attempts != 1 {
		t.Errorf("delivery = %+v, want dead after 1 attempt", d)
	}
	if r.count(r.url) != 0 || r.count(r.dlq) != 0 {
		t.Errorf("a 404 left %d retries and %d dead letters; want none",
			r.count(r.url), r.count(r.dlq))
	}
	if ids, _ := r.receiver.seen(); len(ids) != 1 {
		t.Errorf("the receiver saw %d requests, want 1", len(ids))
	}
}

func TestLongDelayChained(t *testing.T) {
	t.Parallel()
	r := newRig(t, 503)
	r.queue.MaxDelay = time.Second
	r.fan.Backoff = fanout.Backoff{First: 2500 * time.Millisecond, Max: time.Hour, Attempts: 3}
	start := time.Now()
	if err := r.fan.HandleChange(t.Context(), r.publish); err != nil {
		t.Fatal(err)
	}
	r.poll(r.settled)

	if took := time.Since(start); took < 2*time.Second {
		t.Errorf("the retry came %v after the first attempt, before its delay of 2 s or more", took)
	}
	if r.received < 2 {
		t.Errorf("the retry arrived in %d message, want a first leg and a second", r.received)
	}
	if d := r.stored(); d.State != herald.DeliverySent || d.Attempts != 2 {
		t.Errorf("delivery = %+v, want sent on attempt 2", d)
	}
}

func TestRetryTwiceSendsOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, 503)
	if err := r.fan.HandleChange(t.Context(), r.publish); err != nil {
		t.Fatal(err)
	}
	// SQS delivers at least once: the same retry, twice.
	retry := fanout.Retry{DeliveryID: r.delivery, Attempt: 2, Due: time.Now()}
	must(t, r.queue.Schedule(t.Context(), retry))
	r.poll(func() bool { return r.settled() && r.empty() })

	if ids, ok := r.receiver.seen(); len(ids) != 2 || ok != 1 || r.received < 2 {
		t.Errorf("the receiver saw %d requests, %d answered 2xx, from %d retries; "+
			"want 2 and 1 from 2 or more", len(ids), ok, r.received)
	}
}

func TestNotARetry(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	for _, body := range []string{`{"hello":"world"}`, "not json"} {
		_, err := r.client.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: &r.url,
			MessageBody: aws.String(body)})
		must(t, err)
	}
	// Every receive fails them, until the redrive policy moves them on.
	r.poll(func() bool { return r.count(r.dlq) == 2 })
	if r.received != 2*maxReceives || !r.empty() {
		t.Errorf("%d receives, %d left; want %d and none", r.received, r.count(r.url),
			2*maxReceives)
	}
}
