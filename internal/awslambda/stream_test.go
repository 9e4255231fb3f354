package awslambda_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// recorder is a sender that counts what each subscriber got per update,
// and fails the first failFirst sends with a retryable error.
type recorder struct {
	mu        sync.Mutex
	got       map[string]int // subscriber id + "/" + update id
	failFirst int
}

func (r *recorder) Send(ctx context.Context, n *herald.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failFirst > 0 {
		r.failFirst--
		return herald.Unavailable(io.ErrUnexpectedEOF, "the test sender")
	}
	r.got[n.Subscriber.ID+"/"+n.Update.ID]++
	return nil
}

func (r *recorder) counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for k, v := range r.got {
		out[k] = v
	}
	return out
}

// rig is a DynamoDB Local table with subscribers, a fan-out on a recorder,
// and a poller of the table's stream that keeps every batch it delivers.
type rig struct {
	svc     *herald.Service
	rec     *recorder
	stream  *awslambda.Stream
	poller  *dynamo.StreamPoller
	batches []events.DynamoDBEvent
	subs    []*herald.Subscriber
}

func newRig(t *testing.T, subscribers int) *rig {
	t.Helper()
	endpoint := os.Getenv("HERALD_TEST_DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DynamoDB Local not running: use make test")
	}
	creds := credentials.NewStaticCredentialsProvider("test", "test", "")
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", Credentials: creds,
		BaseEndpoint: aws.String(endpoint)})
	streams := dynamodbstreams.New(dynamodbstreams.Options{Region: "us-east-1", Credentials: creds,
		BaseEndpoint: aws.String(endpoint)})
	store := dynamo.New(db, herald.NewID("stream-test"))
	ctx := t.Context()
	if err := store.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.DeleteTable(context.WithoutCancel(ctx), &dynamodb.DeleteTableInput{TableName: aws.String(store.Table())})
	})
	arn, err := store.StreamARN(ctx)
	if err != nil {
		t.Fatal(err)
	}

	r := &rig{svc: herald.NewService(store), rec: &recorder{got: map[string]int{}}}
	f := &fanout.Fanout{Store: store, Page: herald.Page{ID: "p", Name: "Example", URL: "https://status.example.com"},
		Senders: map[herald.SubscriberType]herald.Sender{herald.Email: r.rec},
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil))}
	r.stream = &awslambda.Stream{Handler: f, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	r.poller = dynamo.NewStreamPoller(streams, arn, func(ctx context.Context, e events.DynamoDBEvent) (
		events.DynamoDBEventResponse, error) {
		r.batches = append(r.batches, e)
		return r.stream.Handle(ctx, e)
	})

	if err := r.svc.CreateComponent(ctx, &herald.Component{ID: "api", Name: "API"}); err != nil {
		t.Fatal(err)
	}
	for i := range subscribers {
		s, err := r.svc.CreateSubscriber(ctx, herald.SubscriberInput{Type: herald.Email,
			Address: "person" + string(rune('a'+i)) + "@example.com", Consented: true})
		if err != nil {
			t.Fatal(err)
		}
		r.subs = append(r.subs, s)
	}
	return r
}

// poll reads the stream until a poll hands over nothing new.
func (r *rig) poll(t *testing.T) {
	t.Helper()
	for range 10 {
		n, err := r.poller.Poll(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// publish opens an incident and adds an update: two public updates.
func (r *rig) publish(t *testing.T) *herald.Incident {
	t.Helper()
	inc, err := r.svc.CreateIncident(t.Context(), herald.IncidentInput{Title: "Slow API",
		Message: "Looking.", Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}}})
	if err != nil {
		t.Fatal(err)
	}
	inc, err = r.svc.AddUpdate(t.Context(), inc.ID, herald.UpdateInput{Status: herald.Identified,
		Message: "Found it."})
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// assertOnce checks every subscriber got exactly one message per public
// update of inc.
func (r *rig) assertOnce(t *testing.T, inc *herald.Incident) {
	t.Helper()
	got := r.rec.counts()
	ups := inc.PublicUpdates()
	if len(got) != len(r.subs)*len(ups) {
		t.Errorf("%d (subscriber, update) pairs notified, want %d", len(got), len(r.subs)*len(ups))
	}
	for _, s := range r.subs {
		for _, u := range ups {
			if n := got[s.ID+"/"+u.ID]; n != 1 {
				t.Errorf("subscriber %s got %d messages for update %s, want 1", s.ID, n, u.ID)
			}
		}
	}
}

func TestStreamExactlyOnce(t *testing.T) {
	r := newRig(t, 5)
	inc := r.publish(t)
	r.poll(t)
	r.assertOnce(t, inc)

	// The same batches delivered again, as Lambda may, send nothing more.
	for _, b := range r.batches {
		resp, err := r.stream.Handle(t.Context(), b)
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("replay: %+v, %v", resp, err)
		}
	}
	r.assertOnce(t, inc)
}

func TestStreamBatchFailsHalfwayAndIsRetried(t *testing.T) {
	r := newRig(t, 5)
	r.rec.failFirst = 3 // the first change fails for three subscribers
	inc := r.publish(t)

	n, err := r.poller.Poll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.batches) != 1 {
		t.Fatalf("%d batches, want 1", len(r.batches))
	}
	resp, _ := r.stream.Handle(t.Context(), events.DynamoDBEvent{}) // an empty batch fails nothing
	if len(resp.BatchItemFailures) != 0 {
		t.Errorf("an empty batch reported failures: %+v", resp)
	}
	if n >= len(r.batches[0].Records) {
		t.Fatalf("the poller accepted all %d records of a batch that failed", n)
	}
	if got := len(r.rec.counts()); got == 0 || got >= 10 {
		t.Fatalf("after the failed batch %d pairs were notified, want some but not all", got)
	}
	r.poll(t)
	r.assertOnce(t, inc)
	if len(r.batches) < 2 {
		t.Errorf("the failed records were not delivered again")
	}
}
