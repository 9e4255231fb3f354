// Command subscriptions is the Lambda behind /v1/subscribers and
// /v1/subscriptions: the admin's subscriber endpoints.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/httpapi"
)

func main() {
	ctx := context.Background()
	cfg, err := awslambda.Init(ctx)
	if err != nil {
		awslambda.Fatal(err)
	}
	store, err := awslambda.Store(cfg, os.Getenv("HERALD_TABLE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	svc, err := awslambda.Service(ctx, cfg, store, os.Getenv("HERALD_ADMIN_KEY_SECRET"))
	if err != nil {
		awslambda.Fatal(err)
	}
	h := httpapi.NewSubscriptions(httpapi.Options{Service: svc})
	lambda.Start(awslambda.HTTP(h))
}
