package dynamo_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/herald/storetest"
)

// endpointVar names the DynamoDB Local endpoint the tests use; make test
// starts DynamoDB Local and sets it.
const endpointVar = "HERALD_TEST_DYNAMODB_ENDPOINT"

// endpoint returns the DynamoDB Local endpoint, or skips t.
func endpoint(t *testing.T) string {
	t.Helper()
	e := os.Getenv(endpointVar)
	if e == "" {
		t.Skip("DynamoDB Local not running: use make test")
	}
	return e
}

// credentialsTest are the static credentials DynamoDB Local accepts.
var credentialsTest = credentials.NewStaticCredentialsProvider("test", "test", "")

// newClient returns a DynamoDB client for the endpoint.
func newClient(endpoint string, opts ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       "us-east-1",
		Credentials:  credentialsTest,
		BaseEndpoint: aws.String(endpoint),
	}, opts...)
}

// newStreamsClient returns a DynamoDB Streams client for the endpoint.
func newStreamsClient(endpoint string) *dynamodbstreams.Client {
	return dynamodbstreams.New(dynamodbstreams.Options{
		Region:       "us-east-1",
		Credentials:  credentialsTest,
		BaseEndpoint: aws.String(endpoint),
	})
}

// openStore creates a fresh table with a unique name on DynamoDB Local and
// returns a store over it; the table is deleted when t ends.
func openStore(t *testing.T) *dynamo.Store {
	t.Helper()
	client := newClient(endpoint(t))
	table := herald.NewID("herald-test")
	s := dynamo.New(client, table)
	if err := s.CreateTable(t.Context()); err != nil {
		t.Fatalf("create table %s: %v", table, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &table}); err != nil {
			t.Errorf("delete table %s: %v", table, err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	endpoint(t)
	storetest.Run(t, func(t *testing.T) herald.Store { return openStore(t) })
}

func TestCreateTableTwice(t *testing.T) {
	s := openStore(t)
	if err := s.CreateTable(t.Context()); err != nil {
		t.Fatalf("create an existing table again: %v", err)
	}
	c := &herald.Component{ID: "api", Name: "API", Status: herald.Operational}
	storetest.MustCreateComponent(t, s, c)
	if err := s.CreateTable(t.Context()); err != nil {
		t.Fatalf("create a table with items again: %v", err)
	}
	got, err := s.Component(t.Context(), "api")
	if err != nil || got.Name != "API" {
		t.Fatalf("component after CreateTable again: %+v, %v; want it kept", got, err)
	}
}
