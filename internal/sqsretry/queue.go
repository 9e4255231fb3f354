package sqsretry

import (
	"context"
	"encoding/json"
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

// MaxDelay is the longest delay SQS gives one message.
const MaxDelay = 15 * time.Minute

// Queue is the SQS retry queue of webhook deliveries and its dead-letter
// queue. It implements fanout.RetryQueue. It is safe for concurrent use.
type Queue struct {
	client        *sqs.Client
	url           string
	deadLetterURL string

	// MaxDelay caps the delay of one message; MaxDelay when zero. A retry
	// due later is sent with the cap and sent again on arrival.
	MaxDelay time.Duration
	Now      func() time.Time // time.Now when nil
}

var _ fanout.RetryQueue = (*Queue)(nil)

// New returns the queue at url, with the dead-letter queue at
// deadLetterURL, reached through client.
func New(client *sqs.Client, url, deadLetterURL string) *Queue {
	return &Queue{client: client, url: url, deadLetterURL: deadLetterURL}
}

// Schedule sends r to the retry queue, delayed until r.Due or by the
// longest delay SQS gives, whichever is sooner. The delay is rounded up to
// a whole second, so r never arrives early.
func (q *Queue) Schedule(ctx context.Context, r fanout.Retry) error {
	body, err := json.Marshal(r)
	if err != nil {
		return &herald.Error{Code: herald.EINTERNAL, Message: "cannot encode a retry", Err: err}
	}
	wait := min(max(r.Due.Sub(q.now()), 0), q.maxDelay())
	_, err = q.client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:     aws.String(q.url),
		MessageBody:  aws.String(string(body)),
		DelaySeconds: int32(math.Ceil(wait.Seconds())),
	})
	if err != nil {
		return herald.Unavailable(err, "the retry queue")
	}
	return nil
}

// DeadLetter is the message the dead-letter queue keeps of a delivery
// given up on: enough for an operator to find it, and no address.
type DeadLetter struct {
	DeliveryID   string                `json:"delivery_id"`
	IncidentID   string                `json:"incident_id"`
	UpdateID     string                `json:"update_id"`
	SubscriberID string                `json:"subscriber_id"`
	Channel      herald.SubscriberType `json:"channel"`
	Attempts     int                   `json:"attempts"`
	Error        string                `json:"error"`
	At           time.Time             `json:"at"`
}

// DeadLetter sends an account of d to the dead-letter queue.
func (q *Queue) DeadLetter(ctx context.Context, d *herald.Delivery) error {
	body, err := json.Marshal(DeadLetter{DeliveryID: d.ID, IncidentID: d.IncidentID,
		UpdateID: d.UpdateID, SubscriberID: d.SubscriberID, Channel: d.Channel,
		Attempts: d.Attempts, Error: d.Error, At: q.now()})
	if err != nil {
		return &herald.Error{Code: herald.EINTERNAL, Message: "cannot encode a dead letter", Err: err}
	}
	_, err = q.client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:    aws.String(q.deadLetterURL),
		MessageBody: aws.String(string(body)),
	})
	if err != nil {
		return herald.Unavailable(err, "the dead-letter queue")
	}
	return nil
}

func (q *Queue) now() time.Time {
	if q.Now != nil {
		return q.Now()
	}
	return time.Now()
}

func (q *Queue) maxDelay() time.Duration {
	if q.MaxDelay > 0 {
		return min(q.MaxDelay, MaxDelay)
	}
	return MaxDelay
}
