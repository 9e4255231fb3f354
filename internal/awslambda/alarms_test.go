package awslambda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

// failingReviews is a review sender whose first send fails, as SES does
// when it throttles.
type failingReviews struct {
	mu    sync.Mutex
	tries int
	sent  []string // incident ids
}

func (r *failingReviews) SendReview(ctx context.Context, rv *herald.Review) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tries++; r.tries == 1 {
		return herald.Unavailable(errors.New("throttled"), "the test sender")
	}
	r.sent = append(r.sent, rv.Incident.ID)
	return nil
}

// alarmsRig is the alarms handler over an embedded store with one
// cloudwatch integration that keeps what it opens as drafts.
type alarmsRig struct {
	h       *awslambda.Alarms
	svc     *herald.Service
	db      *bolt.DB
	reviews *failingReviews
	log     *bytes.Buffer
	now     time.Time
}

func newAlarmsRig(t *testing.T) *alarmsRig {
	t.Helper()
	db, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &alarmsRig{db: db, reviews: &failingReviews{}, log: &bytes.Buffer{},
		now: time.Date(2026, 11, 20, 7, 13, 0, 0, time.UTC)}
	r.svc = herald.NewService(db)
	r.svc.Now = func() time.Time { return r.now }
	r.svc.Review = r.reviews
	in := &herald.Integration{Source: herald.SourceCloudWatch, Name: "Alarms"}
	if _, err := r.svc.CreateIntegration(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	r.h = &awslambda.Alarms{
		Ingester: &alerts.SNSHandler{Service: r.svc, IntegrationID: in.ID},
		Settler:  r.svc,
		Log:      slog.New(slog.NewJSONHandler(r.log, nil)),
	}
	return r
}

func event(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (r *alarmsRig) incidents(t *testing.T) []*herald.Incident {
	t.Helper()
	incs, _, err := r.db.Incidents(t.Context(), herald.FilterAll, herald.ListOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return incs
}

// TestAlarmsHandler sends the handler an SNS delivery of a CloudWatch
// alarm, the same delivery again as Lambda's retry, schedule ticks before
// and after the review mail is due again, and the alarm's recovery.
func TestAlarmsHandler(t *testing.T) {
	r := newAlarmsRig(t)
	ctx := t.Context()

	for range 2 {
		if err := r.h.Handle(ctx, event(t, "sns-alarm.json")); err != nil {
			t.Fatalf("SNS delivery: %v\nlog: %s", err, r.log)
		}
	}
	incs := r.incidents(t)
	if len(incs) != 1 || !incs[0].Draft || incs[0].Title != "orders-api-5xx" {
		t.Fatalf("incidents %+v, want one draft", incs)
	}
	if r.reviews.tries != 1 || len(r.reviews.sent) != 0 {
		t.Fatalf("review sends %d, sent %v; want one that failed", r.reviews.tries, r.reviews.sent)
	}

	// The failed review mail is due a minute after the draft opened.
	if err := r.h.Handle(ctx, event(t, "schedule.json")); err != nil {
		t.Fatal(err)
	}
	if len(r.reviews.sent) != 0 {
		t.Fatalf("a tick before the retry was due sent %v", r.reviews.sent)
	}
	r.now = r.now.Add(2 * time.Minute)
	if err := r.h.Handle(ctx, event(t, "schedule.json")); err != nil {
		t.Fatal(err)
	}
	if len(r.reviews.sent) != 1 || r.reviews.sent[0] != incs[0].ID {
		t.Fatalf("after the tick, review mails sent for %v, want %s", r.reviews.sent, incs[0].ID)
	}
	if err := r.h.Handle(ctx, event(t, "schedule.json")); err != nil || len(r.reviews.sent) != 1 {
		t.Fatalf("a later tick: %v, sent %v; want the one mail only", err, r.reviews.sent)
	}

	if err := r.h.Handle(ctx, event(t, "sns-ok.json")); err != nil {
		t.Fatal(err)
	}
	if incs := r.incidents(t); len(incs) != 1 || incs[0].Status != herald.Resolved {
		t.Fatalf("after OK, incidents %+v, want the one resolved", incs)
	}
	for _, want := range []string{`"msg":"alarms: SNS delivery","records":1`,
		`"msg":"alarms: settled alert groups","groups":1`} {
		if !strings.Contains(r.log.String(), want) {
			t.Errorf("the log lacks %s:\n%s", want, r.log)
		}
	}
}

// TestAlarmsHandlerFails checks what Lambda is told to retry: a delivery
// the store cannot take, one that no integration reads, and events of
// other kinds.
func TestAlarmsHandlerFails(t *testing.T) {
	r := newAlarmsRig(t)
	ctx := t.Context()

	r.h.Ingester = &alerts.SNSHandler{Service: r.svc, IntegrationID: "int_ghost"}
	if err := r.h.Handle(ctx, event(t, "sns-alarm.json")); err == nil {
		t.Error("a delivery for an integration that does not exist succeeded")
	}
	r.h.Ingester = nil
	if err := r.h.Handle(ctx, event(t, "sns-alarm.json")); !errors.Is(err, awslambda.ErrNoIntegration) {
		t.Errorf("with no integration: %v, want ErrNoIntegration", err)
	}
	if len(r.incidents(t)) != 0 {
		t.Error("a failed delivery opened an incident")
	}

	for name, raw := range map[string]string{
		"sqs":           `{"Records":[{"eventSource":"aws:sqs","body":"{}"}]}`,
		"mixed":         `{"Records":[{"EventSource":"aws:sns"},{"EventSource":"aws:s3"}]}`,
		"other rule":    `{"source":"aws.ec2","detail-type":"EC2 Instance State-change Notification"}`,
		"empty":         `{}`,
		"not an object": `[1,2]`,
	} {
		if err := r.h.Handle(ctx, json.RawMessage(raw)); err == nil {
			t.Errorf("%s: handled %s", name, raw)
		}
	}

	r.db.Close() // the store fails from now on
	if err := r.h.Handle(ctx, event(t, "schedule.json")); err == nil {
		t.Error("a tick on a closed store succeeded")
	}
}
