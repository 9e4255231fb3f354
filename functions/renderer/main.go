// Command renderer renders the status site into S3 and invalidates
// CloudFront's copy, on a schedule and after each visible change.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/s3site"
	"github.com/herald-status/herald/internal/site"
)

func main() {
	ctx := context.Background()
	cfg, store, err := awslambda.Open(ctx, os.Getenv("HERALD_TABLE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	r := &awslambda.Render{
		Renderer: &site.Renderer{
			Store: store,
			Page:  awslambda.Page(os.Getenv("HERALD_PAGE_NAME"), os.Getenv("HERALD_PUBLIC_URL")),
			Out:   &s3site.Writer{Client: s3.NewFromConfig(cfg), Bucket: os.Getenv("HERALD_SITE_BUCKET")},
		},
		Invalidator: &s3site.Invalidator{Client: cloudfront.NewFromConfig(cfg),
			Distribution: os.Getenv("HERALD_DISTRIBUTION_ID")},
	}
	lambda.Start(r.Handle)
}
