// Command fanout is the Lambda behind the table's stream: it sends each
// published update to its subscribers by e-mail (SES), SMS (SNS) and
// webhook, and queues failed webhooks for the webhookretry function.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
	"github.com/herald-status/herald/internal/sns"
)

func main() {
	ctx := context.Background()
	cfg, err := awslambda.Init(ctx)
	if err != nil {
		awslambda.Fatal(err)
	}
	f, links, err := awslambda.Fanout(ctx, cfg, awslambda.Delivery{
		Table:         os.Getenv("HERALD_TABLE"),
		PageName:      os.Getenv("HERALD_PAGE_NAME"),
		PublicURL:     os.Getenv("HERALD_PUBLIC_URL"),
		LinkKeySecret: os.Getenv("HERALD_LINK_KEY_SECRET"),
		QueueURL:      os.Getenv("HERALD_WEBHOOK_QUEUE_URL"),
	}, os.Getenv("HERALD_EMAIL_RATE"), os.Getenv("HERALD_SMS_RATE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	// The fan-out keeps the rates: the senders get none of their own.
	from := os.Getenv("HERALD_EMAIL_FROM")
	f.Senders[herald.Email] = ses.New(sesv2.NewFromConfig(cfg), from, links, 0)
	f.Senders[herald.SMS] = sns.New(awssns.NewFromConfig(cfg), 0)
	lambda.Start((&awslambda.Stream{Handler: f, Log: slog.Default()}).Handle)
}
