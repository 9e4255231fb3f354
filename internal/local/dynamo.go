package local

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

	"github.com/herald-status/herald/internal/awslambda"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
)

// openDynamo opens the DynamoDB store named by cfg.Table, creating the
// table when it is missing, and a poller of its stream, which stands in
// for the Lambda event source: the SDK's usual variables
// (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_DYNAMODB_STREAMS, AWS_REGION
// and credentials) say where DynamoDB is.
func (r *Runner) openDynamo(ctx context.Context) error {
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return fmt.Errorf("load AWS configuration: %w", err)
	}
	store := dynamo.New(dynamodb.NewFromConfig(awsCfg), r.cfg.Table)
	if err := store.CreateTable(ctx); err != nil {
		return fmt.Errorf("create table %s: %w", r.cfg.Table, err)
	}
	arn, err := store.StreamARN(ctx)
	if err != nil {
		return fmt.Errorf("find the stream of %s: %w", r.cfg.Table, err)
	}
	stream := &awslambda.Stream{Handler: changeFunc(r.handle), Log: r.log}
	r.poller = dynamo.NewStreamPoller(dynamodbstreams.NewFromConfig(awsCfg), arn, stream.Handle)
	r.store, r.close = store, func() error { return nil }
	return nil
}

// changeFunc adapts a function to awslambda.ChangeHandler.
type changeFunc func(ctx context.Context, c herald.Change) error

func (f changeFunc) HandleChange(ctx context.Context, c herald.Change) error { return f(ctx, c) }

// pollStream drives fan-out and rendering from the DynamoDB stream.
func (r *Runner) pollStream(ctx context.Context) {
	r.poller.Run(ctx, 250*time.Millisecond)
}
