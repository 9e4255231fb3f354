package awslambda

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
)

// Init sets the default logger to Lambda's JSON format, with the request id
// of each invocation, and loads the AWS configuration every client is built
// from. A function calls it once, before it starts.
func Init(ctx context.Context) (aws.Config, error) {
	slog.SetDefault(lambdacontext.NewLogger())
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return cfg, fmt.Errorf("load AWS configuration: %w", err)
	}
	return cfg, nil
}

// Store returns the DynamoDB store of the table.
func Store(cfg aws.Config, table string) (*dynamo.Store, error) {
	if table == "" {
		return nil, fmt.Errorf("HERALD_TABLE is not set")
	}
	return dynamo.New(dynamodb.NewFromConfig(cfg), table), nil
}

// Secret returns the SecretString of the Secrets Manager secret with the
// given ARN or name.
func Secret(ctx context.Context, cfg aws.Config, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("no secret is configured")
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx,
		&secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", fmt.Errorf("read secret: %w", err)
	}
	if out.SecretString == nil || *out.SecretString == "" {
		return "", fmt.Errorf("secret %s is empty", id)
	}
	return *out.SecretString, nil
}

// Open is how a function that reads the table starts: Init, then the
// DynamoDB store of table.
func Open(ctx context.Context, table string) (aws.Config, *dynamo.Store, error) {
	cfg, err := Init(ctx)
	if err != nil {
		return cfg, nil, err
	}
	store, err := Store(cfg, table)
	return cfg, store, err
}

// OpenService is how a function that serves the admin API starts: Open,
// then the service over the store, accepting the admin key read from the
// secret adminSecret.
func OpenService(ctx context.Context, table, adminSecret string) (aws.Config, *herald.Service, error) {
	cfg, store, err := Open(ctx, table)
	if err != nil {
		return cfg, nil, err
	}
	key, err := Secret(ctx, cfg, adminSecret)
	if err != nil {
		return cfg, nil, fmt.Errorf("admin key: %w", err)
	}
	svc := herald.NewService(store)
	if _, err := svc.Bootstrap(ctx, key); err != nil {
		return cfg, nil, err
	}
	return cfg, svc, nil
}

// Page returns the status page's description from its configuration.
func Page(name, url string) herald.Page {
	if name == "" {
		name = "Status"
	}
	return herald.Page{ID: "herald", Name: name, URL: url}
}

// Fatal logs why a function cannot start, at error level, and exits. Only
// mains call it, before the function starts taking events.
func Fatal(err error) {
	slog.Error("the function cannot start", "err", err)
	os.Exit(1)
}
