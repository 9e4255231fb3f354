// Command subscriptions is the Lambda behind /v1/subscribers and
// /v1/subscriptions: the admin's subscriber endpoints, and the
// subscribers' own sign-up, confirm, manage and unsubscribe pages.
package main

import (
	"context"
	"errors"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	awssns "github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/httpapi"
	"github.com/herald-status/herald/internal/ses"
	"github.com/herald-status/herald/internal/sns"
	"github.com/herald-status/herald/internal/webhook"
)

func main() {
	ctx := context.Background()
	cfg, svc, err := awslambda.OpenService(ctx, os.Getenv("HERALD_TABLE"),
		os.Getenv("HERALD_ADMIN_KEY_SECRET"))
	if err != nil {
		awslambda.Fatal(err)
	}
	publicURL := os.Getenv("HERALD_PUBLIC_URL")
	linker, key, err := awslambda.Linker(ctx, cfg, os.Getenv("HERALD_LINK_KEY_SECRET"), publicURL)
	if err != nil {
		awslambda.Fatal(err)
	}
	from := os.Getenv("HERALD_EMAIL_FROM")
	if from == "" {
		awslambda.Fatal(errors.New("HERALD_EMAIL_FROM is not set"))
	}

	// A CSV import sends many confirmations at once: they keep the rates.
	emailRate, err := awslambda.Rate("HERALD_EMAIL_RATE", os.Getenv("HERALD_EMAIL_RATE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	smsRate, err := awslambda.Rate("HERALD_SMS_RATE", os.Getenv("HERALD_SMS_RATE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	mailer := ses.New(sesv2.NewFromConfig(cfg), from, linker.Links, emailRate)
	texts := sns.New(awssns.NewFromConfig(cfg), smsRate)
	subs := &herald.Subscriptions{
		Service: svc,
		Page:    awslambda.Page(os.Getenv("HERALD_PAGE_NAME"), publicURL),
		Confirmers: map[herald.SubscriberType]herald.Confirmer{
			herald.Email: mailer.Confirmer(linker.ConfirmURL),
			herald.SMS:   texts.Confirmer(linker.ConfirmURL),
			// Never AllowLoopback here: that is for the local runner only.
			herald.Webhook: webhook.New(webhook.Options{Timeout: awslambda.WebhookTimeout,
				Links: linker.Links}),
		},
		Checker: &webhook.Checker{},
		CodeKey: key,
	}
	h := httpapi.NewSubscriptions(httpapi.Options{Service: svc, Subscriptions: subs,
		Links: linker, ClientIP: httpapi.ClientIPBehindProxy})
	lambda.Start(awslambda.HTTP(h))
}
