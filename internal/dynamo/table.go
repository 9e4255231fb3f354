package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// CreateTable creates the store's table as the package doc describes, with
// its stream and TTL, and waits until it is active. A table that exists
// already is left as it is, apart from turning TTL on. In AWS the SAM
// template makes the table; this is for DynamoDB Local and tests.
func (s *Store) CreateTable(ctx context.Context) error {
	_, err := s.client.CreateTable(ctx, s.tableDefinition())
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return storeErr(err, "create table "+s.table)
	}

	w := dynamodb.NewTableExistsWaiter(s.client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 100 * time.Millisecond
		o.MaxDelay = time.Second
	})
	in := &dynamodb.DescribeTableInput{TableName: &s.table}
	if err := w.Wait(ctx, in, time.Minute); err != nil {
		return storeErr(err, "wait for table "+s.table)
	}
	return s.enableTTL(ctx)
}

// enableTTL turns on expiry by the expires_at attribute, unless it is on.
func (s *Store) enableTTL(ctx context.Context) error {
	d, err := s.client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: &s.table})
	if err != nil {
		return storeErr(err, "describe TTL of "+s.table)
	}
	st := d.TimeToLiveDescription
	if st != nil && st.TimeToLiveStatus == types.TimeToLiveStatusEnabled {
		return nil
	}
	_, err = s.client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: &s.table,
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(attrExpires),
			Enabled:       aws.Bool(true),
		},
	})
	if err != nil {
		return storeErr(err, "enable TTL on "+s.table)
	}
	return nil
}

func (s *Store) tableDefinition() *dynamodb.CreateTableInput {
	attrs := []types.AttributeDefinition{}
	for _, name := range []string{attrPK, attrSK, attrGSI1PK, attrGSI1SK, attrGSI2PK, attrGSI2SK} {
		attrs = append(attrs, types.AttributeDefinition{
			AttributeName: aws.String(name), AttributeType: types.ScalarAttributeTypeS,
		})
	}
	return &dynamodb.CreateTableInput{
		TableName:            &s.table,
		AttributeDefinitions: attrs,
		KeySchema:            keySchema(attrPK, attrSK),
		BillingMode:          types.BillingModePayPerRequest,
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: aws.String(gsi1), KeySchema: keySchema(attrGSI1PK, attrGSI1SK),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
			{IndexName: aws.String(gsi2), KeySchema: keySchema(attrGSI2PK, attrGSI2SK),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
		},
		StreamSpecification: &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: types.StreamViewTypeNewAndOldImages,
		},
	}
}

func keySchema(hash, rng string) []types.KeySchemaElement {
	return []types.KeySchemaElement{
		{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash},
		{AttributeName: aws.String(rng), KeyType: types.KeyTypeRange},
	}
}

// StreamARN returns the ARN of the table's stream, which StreamPoller reads.
func (s *Store) StreamARN(ctx context.Context) (string, error) {
	out, err := s.client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &s.table})
	if err != nil {
		return "", storeErr(err, "describe table "+s.table)
	}
	arn := aws.ToString(out.Table.LatestStreamArn)
	if arn == "" {
		return "", storeErr(errorf("table %s has no stream", s.table), "find stream")
	}
	return arn, nil
}
