package awslambda

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/sqsretry"
	"github.com/herald-status/herald/internal/webhook"
)

// WebhookTimeout bounds one webhook call from a Lambda: a receiver that
// is slower gets its message from the retry queue instead.
const WebhookTimeout = 5 * time.Second

// Delivery is the configuration the fan-out and webhook retry functions
// share: where the store, the page, the link key and the retry queue are.
type Delivery struct {
	Table, PageName, PublicURL string
	LinkKeySecret              string // the ARN of the secret that signs subscriber links
	QueueURL                   string // the webhook retry queue
}

// Fanout returns the fan-out function's fan-out, with webhooks, which
// never reach a non-public address, and their retries queued; and the
// function that makes subscriber links. E-mail and SMS are sent at most at
// emailRate and smsRate a second ("" for no limit); the main adds their
// senders, holding no rate of their own, so that this package does not
// bring SES and SNS into the retry function.
func Fanout(ctx context.Context, cfg aws.Config, d Delivery, emailRate,
	smsRate string) (*fanout.Fanout, signedlink.LinkFunc, error) {
	rates := map[herald.SubscriberType]float64{}
	for t, v := range map[herald.SubscriberType]string{herald.Email: emailRate, herald.SMS: smsRate} {
		r, err := parseRate(v)
		if err != nil {
			return nil, nil, fmt.Errorf("the %s rate: %w", t, err)
		}
		rates[t] = r
	}
	f, links, err := delivery(ctx, cfg, d, "")
	if err != nil {
		return nil, nil, err
	}
	f.Rates = rates
	return f, links, nil
}

// RetryHandler returns the webhook retry function's handler of SQS
// batches, with deadLetterURL the queue of deliveries given up on.
func RetryHandler(ctx context.Context, cfg aws.Config, d Delivery,
	deadLetterURL string) (*sqsretry.Handler, error) {
	if deadLetterURL == "" {
		return nil, fmt.Errorf("HERALD_WEBHOOK_DLQ_URL is not set")
	}
	f, _, err := delivery(ctx, cfg, d, deadLetterURL)
	if err != nil {
		return nil, err
	}
	return &sqsretry.Handler{Retrier: f, Queue: f.Retries.(*sqsretry.Queue)}, nil
}

// delivery returns a fan-out with the store, the page, the webhook sender
// and the retry queue, whose dead letters go to deadLetterURL ("" for a
// fan-out that never writes one), and the function that makes subscriber
// links.
func delivery(ctx context.Context, cfg aws.Config, d Delivery,
	deadLetterURL string) (*fanout.Fanout, signedlink.LinkFunc, error) {
	if d.QueueURL == "" {
		return nil, nil, fmt.Errorf("HERALD_WEBHOOK_QUEUE_URL is not set")
	}
	store, err := Store(cfg, d.Table)
	if err != nil {
		return nil, nil, err
	}
	linker, _, err := Linker(ctx, cfg, d.LinkKeySecret, d.PublicURL)
	if err != nil {
		return nil, nil, err
	}
	page := Page(d.PageName, d.PublicURL)
	links := linker.Links
	f := &fanout.Fanout{Store: store, Page: page,
		Senders: map[herald.SubscriberType]herald.Sender{
			// Never AllowLoopback here: that is for the local runner only.
			herald.Webhook: webhook.New(webhook.Options{Timeout: WebhookTimeout, Links: links}),
		},
		Retries:       sqsretry.New(sqs.NewFromConfig(cfg), d.QueueURL, deadLetterURL),
		QueueWebhooks: true, // the retry function waits on receivers, not the stream
	}
	return f, links, nil
}

// parseRate reads a rate per second; "" is no limit.
func parseRate(v string) (float64, error) {
	if v == "" {
		return 0, nil
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || !(r > 0) || math.IsInf(r, 1) {
		return 0, fmt.Errorf("%q is not a number of messages a second above 0", v)
	}
	return r, nil
}
