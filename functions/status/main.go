// Command status is the Lambda behind /api/v2/: Statuspage's public JSON,
// rendered from the table at most a few seconds before it is served.
package main

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/httpapi"
)

func main() {
	ctx := context.Background()
	_, store, err := awslambda.Open(ctx, os.Getenv("HERALD_TABLE"))
	if err != nil {
		awslambda.Fatal(err)
	}
	live := &awslambda.LiveSite{
		Store:  store,
		Page:   awslambda.Page(os.Getenv("HERALD_PAGE_NAME"), os.Getenv("HERALD_PUBLIC_URL")),
		Dir:    os.TempDir() + "/site",
		MaxAge: 5 * time.Second,
	}
	h := live.Refresh(httpapi.NewStatus(httpapi.Options{SiteFS: live}))
	lambda.Start(awslambda.HTTP(h))
}
