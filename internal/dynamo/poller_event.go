package dynamo

import (
	"fmt"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

// event builds the Lambda event of a batch of stream records.
func (p *StreamPoller) event(recs []types.Record) (events.DynamoDBEvent, error) {
	ev := events.DynamoDBEvent{Records: make([]events.DynamoDBEventRecord, len(recs))}
	for i, r := range recs {
		var err error
		if ev.Records[i], err = p.eventRecord(r); err != nil {
			return events.DynamoDBEvent{}, err
		}
	}
	return ev, nil
}

// eventRecord builds the Lambda event record of one stream record. A
// deletion by TTL, which DynamoDB Local names with an event name the SDK
// does not know, becomes the REMOVE by the DynamoDB service that AWS
// delivers.
func (p *StreamPoller) eventRecord(r types.Record) (events.DynamoDBEventRecord, error) {
	rec := events.DynamoDBEventRecord{
		AWSRegion:      aws.ToString(r.AwsRegion),
		EventID:        aws.ToString(r.EventID),
		EventName:      string(r.EventName),
		EventSource:    aws.ToString(r.EventSource),
		EventVersion:   aws.ToString(r.EventVersion),
		EventSourceArn: p.arn,
	}
	if id := r.UserIdentity; id != nil {
		rec.UserIdentity = &events.DynamoDBUserIdentity{
			Type: aws.ToString(id.Type), PrincipalID: aws.ToString(id.PrincipalId),
		}
	}
	if r.Dynamodb == nil {
		return rec, errorf("stream record %s has no change", rec.EventID)
	}
	var err error
	if rec.Change, err = streamChange(r.Dynamodb); err != nil {
		return rec, errorf("record %s: %w", rec.EventID, err)
	}

	if r.EventName != types.OperationTypeInsert && r.EventName != types.OperationTypeModify &&
		r.EventName != types.OperationTypeRemove && r.Dynamodb.NewImage == nil {
		rec.EventName = string(types.OperationTypeRemove)
		rec.UserIdentity = &events.DynamoDBUserIdentity{Type: "Service",
			PrincipalID: "dynamodb.amazonaws.com"}
	}
	return rec, nil
}

// streamChange converts the change a stream record carries.
func streamChange(sr *types.StreamRecord) (events.DynamoDBStreamRecord, error) {
	c := events.DynamoDBStreamRecord{
		SequenceNumber: aws.ToString(sr.SequenceNumber),
		SizeBytes:      aws.ToInt64(sr.SizeBytes),
		StreamViewType: string(sr.StreamViewType),
	}
	if t := sr.ApproximateCreationDateTime; t != nil {
		c.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *t}
	}
	var err error
	if c.Keys, err = streamImage(sr.Keys); err != nil {
		return c, fmt.Errorf("keys: %w", err)
	}
	if c.OldImage, err = streamImage(sr.OldImage); err != nil {
		return c, fmt.Errorf("old image: %w", err)
	}
	if c.NewImage, err = streamImage(sr.NewImage); err != nil {
		return c, fmt.Errorf("new image: %w", err)
	}
	return c, nil
}

// streamImage converts an image read from the Streams API to the Lambda
// event's form.
func streamImage(img map[string]types.AttributeValue) (eventImage, error) {
	if img == nil {
		return nil, nil
	}
	item, err := attributevalue.FromDynamoDBStreamsMap(img)
	if err != nil {
		return nil, err
	}
	return toEventImage(item)
}
