// Command alarms is the Lambda subscribed to the CloudWatch alarms topic:
// it opens, updates and resolves incidents from the alarms SNS delivers,
// for the cloudwatch integration HERALD_CLOUDWATCH_INTEGRATION names, and
// every minute it settles alert groups (held changes whose flap window
// has passed, review mails that failed).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
)

func main() {
	ctx := context.Background()
	cfg, store, err := awslambda.Open(ctx, os.Getenv("HERALD_TABLE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	svc := herald.NewService(store)
	// With no review address, drafts wait unannounced in the admin API.
	if to := os.Getenv("HERALD_REVIEW_EMAIL"); to != "" {
		page := awslambda.Page(os.Getenv("HERALD_PAGE_NAME"), os.Getenv("HERALD_PUBLIC_URL"))
		from := os.Getenv("HERALD_EMAIL_FROM")
		r, err := ses.NewReviewer(sesv2.NewFromConfig(cfg), page, from, to, page.URL)
		if err != nil {
			awslambda.Fatal(err)
		}
		svc.Review = r
	}

	h := &awslambda.Alarms{Settler: svc, Log: slog.Default()}
	if id := os.Getenv("HERALD_CLOUDWATCH_INTEGRATION"); id != "" {
		h.Ingester = &alerts.SNSHandler{Service: svc, IntegrationID: id}
	}
	lambda.Start(h.Handle)
}
