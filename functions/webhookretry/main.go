// Command webhookretry is the Lambda behind the webhook retry queue: it
// makes each later attempt at a webhook that failed, queues the next with
// a longer delay, and puts those out of attempts in the dead-letter queue.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/herald-status/herald/internal/awslambda"
)

func main() {
	ctx := context.Background()
	cfg, err := awslambda.Init(ctx)
	if err != nil {
		awslambda.Fatal(err)
	}
	h, err := awslambda.RetryHandler(ctx, cfg, awslambda.Delivery{
		Table:         os.Getenv("HERALD_TABLE"),
		PageName:      os.Getenv("HERALD_PAGE_NAME"),
		PublicURL:     os.Getenv("HERALD_PUBLIC_URL"),
		LinkKeySecret: os.Getenv("HERALD_LINK_KEY_SECRET"),
		QueueURL:      os.Getenv("HERALD_WEBHOOK_QUEUE_URL"),
	}, os.Getenv("HERALD_WEBHOOK_DLQ_URL"))
	if err != nil {
		awslambda.Fatal(err)
	}
	lambda.Start(h.Handle)
}
