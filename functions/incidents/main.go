// Command incidents is the Lambda behind /v1/components, /v1/incidents and
// /v1/integrations: the admin API and the monitoring tools' endpoints.
// Each draft a tool opens is e-mailed to HERALD_REVIEW_EMAIL through SES;
// with no review address, drafts wait unannounced in the admin API.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/httpapi"
	"github.com/herald-status/herald/internal/ses"
)

func main() {
	ctx := context.Background()
	cfg, svc, err := awslambda.OpenService(ctx, os.Getenv("HERALD_TABLE"),
		os.Getenv("HERALD_ADMIN_KEY_SECRET"))
	if err != nil {
		awslambda.Fatal(err)
	}
	if to := os.Getenv("HERALD_REVIEW_EMAIL"); to != "" {
		page := awslambda.Page(os.Getenv("HERALD_PAGE_NAME"), os.Getenv("HERALD_PUBLIC_URL"))
		from := os.Getenv("HERALD_EMAIL_FROM")
		r, err := ses.NewReviewer(sesv2.NewFromConfig(cfg), page, from, to, page.URL)
		if err != nil {
			awslambda.Fatal(err)
		}
		svc.Review = r
	}
	h := httpapi.NewIncidents(httpapi.Options{Service: svc, Parsers: alerts.Parsers()})
	lambda.Start(awslambda.HTTP(h))
}
