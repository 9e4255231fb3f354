package sqsretry_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/sqsretry"
	"github.com/herald-status/herald/internal/webhook"
)

// endpointVar names the fauxqs endpoint the tests use; make test starts
// fauxqs and sets it.
const endpointVar = "HERALD_TEST_SQS_ENDPOINT"

// maxReceives is the redrive policy's maxReceiveCount in the tests.
const maxReceives = 2

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// rig is a webhook subscriber's receiver, a store holding it and a
// published incident, a fan-out with a retry queue on fauxqs, and the
// retry function's handler.
type rig struct {
	t        *testing.T
	client   *sqs.Client
	queue    *sqsretry.Queue
	url, dlq string
	store    *bolt.DB
	fan      *fanout.Fanout
	handler  *sqsretry.Handler
	receiver *receiver
	publish  herald.Change
	delivery string // the id of the subscriber's delivery of the update
	received int    // messages the rig's poll has handed to the handler
}

func newRig(t *testing.T, answers ...int) *rig {
	t.Helper()
	endpoint := os.Getenv(endpointVar)
	if endpoint == "" {
		t.Skip("fauxqs not running: use make test")
	}
	r := &rig{t: t, receiver: newReceiver(t, answers...)}
	r.client = sqs.New(sqs.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	r.url, r.dlq = r.createQueues()
	r.queue = sqsretry.New(r.client, r.url, r.dlq)

	db, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.store = db
	r.seed()

	r.fan = &fanout.Fanout{
		Store: db,
		Senders: map[herald.SubscriberType]herald.Sender{
			herald.Webhook: webhook.New(webhook.Options{AllowLoopback: true, Timeout: time.Second}),
		},
		Page:    herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Retries: r.queue,
		Backoff: fanout.Backoff{First: 10 * time.Millisecond, Max: 50 * time.Millisecond, Attempts: 4},
		Logger:  slog.New(slog.DiscardHandler),
	}
	r.handler = &sqsretry.Handler{Retrier: r.fan, Queue: r.queue,
		Log: slog.New(slog.DiscardHandler)}
	return r
}

// createQueues makes a retry queue whose redrive policy moves a message
// received maxReceives times to its dead-letter queue, with a visibility
// timeout of one second so that a failed message comes back at once.
func (r *rig) createQueues() (string, string) {
	ctx, name := r.t.Context(), herald.NewID("retry")
	dlq, err := r.client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name + "-dlq")})
	if err != nil {
		r.t.Fatalf("create dead-letter queue: %v", err)
	}
	attrs, err := r.client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn}})
	if err != nil {
		r.t.Fatal(err)
	}
	redrive := fmt.Sprintf(`{"deadLetterTargetArn":%q,"maxReceiveCount":"%d"}`,
		attrs.Attributes[string(types.QueueAttributeNameQueueArn)], maxReceives)
	q, err := r.client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name),
		Attributes: map[string]string{"RedrivePolicy": redrive, "VisibilityTimeout": "1"}})
	if err != nil {
		r.t.Fatalf("create retry queue: %v", err)
	}
	return *q.QueueUrl, *dlq.QueueUrl
}

// seed stores the component api, a webhook subscriber following it and a
// draft incident on it; publish is the change that publishes the draft.
func (r *rig) seed() {
	ctx := r.t.Context()
	must(r.t, r.store.CreateComponent(ctx, &herald.Component{ID: "api", Name: "API"}))
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	must(r.t, r.store.CreateSubscriber(ctx, &herald.Subscriber{ID: "sub_w", Type: herald.Webhook,
		Address: r.receiver.srv.URL + "/hooks/status", Secret: secret, State: herald.Active,
		Components: []string{"api"}, CreatedAt: t0}))
	u := herald.Update{ID: "INC-0007-u1", Kind: herald.KindCreated, Status: herald.Investigating,
		Message: "Requests fail.", CreatedAt: t0}
	draft := &herald.Incident{ID: "INC-0007", Title: "API errors", Status: herald.Investigating,
		Impact: herald.ImpactMajor, Draft: true, StartedAt: t0, CreatedAt: t0, UpdatedAt: t0,
		Components: []herald.AffectedComponent{{ID: "api", Status: herald.MajorOutage}},
		Updates:    []herald.Update{u}}
	must(r.t, r.store.SaveIncident(ctx, herald.IncidentWrite{Incident: draft}))
	pub, err := r.store.Incident(ctx, draft.ID)
	must(r.t, err)
	pub.Draft = false
	must(r.t, r.store.SaveIncident(ctx, herald.IncidentWrite{Incident: pub}))
	r.publish = herald.Change{Seq: "1", Op: herald.OpModify, Entity: herald.EntityIncident,
		OldIncident: draft, NewIncident: pub}
	r.delivery = herald.DeliveryID(u.ID, "sub_w", herald.Webhook)
}

// poll receives from the retry queue as Lambda would, hands each batch to
// the handler and deletes the messages it did not name as failures, until
// done reports true or ten seconds pass.
func (r *rig) poll(done func() bool) {
	r.t.Helper()
	ctx := r.t.Context()
	for end := time.Now().Add(10 * time.Second); !done(); {
		if time.Now().After(end) {
			r.t.Fatal("the retries did not settle within 10 s")
		}
		out, err := r.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &r.url,
			MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
		must(r.t, err)
		r.handle(ctx, out.Messages)
	}
}

// handle runs one batch through the handler and deletes what succeeded.
func (r *rig) handle(ctx context.Context, msgs []types.Message) {
	var e events.SQSEvent
	for _, m := range msgs {
		e.Records = append(e.Records, events.SQSMessage{MessageId: *m.MessageId,
			ReceiptHandle: *m.ReceiptHandle, Body: *m.Body})
	}
	if len(msgs) == 0 {
		return
	}
	r.received += len(msgs)
	resp, err := r.handler.Handle(ctx, e)
	must(r.t, err)
	failed := map[string]bool{}
	for _, f := range resp.BatchItemFailures {
		failed[f.ItemIdentifier] = true
	}
	for _, m := range msgs {
		if !failed[*m.MessageId] {
			_, err := r.client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &r.url,
				ReceiptHandle: m.ReceiptHandle})
			must(r.t, err)
		}
	}
}

// drain returns the bodies of the messages waiting in the queue at url.
// They stay in the queue, out of sight for its visibility timeout.
func (r *rig) drain(url string) []string {
	r.t.Helper()
	out, err := r.client.ReceiveMessage(r.t.Context(), &sqs.ReceiveMessageInput{QueueUrl: &url,
		MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	must(r.t, err)
	var bodies []string
	for _, m := range out.Messages {
		bodies = append(bodies, *m.Body)
	}
	return bodies
}

// empty reports whether the retry queue holds no message, visible,
// delayed or being handled.
func (r *rig) empty() bool { return r.count(r.url) == 0 }

// count returns how many messages the queue at url holds, visible,
// delayed or being handled.
func (r *rig) count(url string) int {
	r.t.Helper()
	out, err := r.client.GetQueueAttributes(r.t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: &url, AttributeNames: []types.QueueAttributeName{
			types.QueueAttributeNameApproximateNumberOfMessages,
			types.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
			types.QueueAttributeNameApproximateNumberOfMessagesDelayed}})
	must(r.t, err)
	if len(out.Attributes) != 3 {
		r.t.Fatalf("queue attributes %v lack the counts", out.Attributes)
	}
	n := 0
	for _, v := range out.Attributes {
		k, err := strconv.Atoi(v)
		must(r.t, err)
		n += k
	}
	return n
}

// stored returns the subscriber's delivery of the update.
func (r *rig) stored() *herald.Delivery {
	r.t.Helper()
	d, err := r.store.Delivery(r.t.Context(), r.delivery)
	must(r.t, err)
	return d
}

// settled reports whether the delivery is sent or dead.
func (r *rig) settled() bool {
	d := r.stored()
	return d.State == herald.DeliverySent || d.State == herald.DeliveryDead
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
