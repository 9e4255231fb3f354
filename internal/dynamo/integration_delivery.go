package dynamo

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// An integration's log of requests is one partition, INTAKE#<id>, sorted
// by the time each arrived; DynamoDB's TTL deletes each record some time
// after herald.IntegrationDeliveryTTL, and reads skip those it has not
// deleted yet.

const typeIntake = "intake"

const intakeTime = "2006-01-02T15:04:05.000000000Z"

func intakeKey(d *herald.IntegrationDelivery) key {
	return key{"INTAKE#" + d.IntegrationID, d.ReceivedAt.UTC().Format(intakeTime) + "#" + d.ID}
}

// AddIntegrationDelivery records a request, to expire after
// herald.IntegrationDeliveryTTL.
func (s *Store) AddIntegrationDelivery(ctx context.Context, d *herald.IntegrationDelivery) error {
	if err := requireID("id", d.ID); err != nil {
		return err
	}
	if err := requireID("integration_id", d.IntegrationID); err != nil {
		return err
	}
	item, err := encode(d, intakeKey(d), typeIntake, index{})
	if err != nil {
		return err
	}
	item[attrExpires] = num(d.ReceivedAt.Add(herald.IntegrationDeliveryTTL).Unix())
	_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item})
	if err != nil {
		return storeErr(err, "add integration delivery "+d.ID)
	}
	return nil
}

// IntegrationDeliveries returns at most limit of an integration's records,
// newest first, none past their expiry.
func (s *Store) IntegrationDeliveries(ctx context.Context, integrationID string,
	limit int) ([]*herald.IntegrationDelivery, error) {
	if err := requireID("integration_id", integrationID); err != nil {
		return nil, err
	}
	in, err := s.partitionQuery("INTAKE#" + integrationID)
	if err != nil {
		return nil, err
	}
	in.ScanIndexForward = aws.Bool(false)
	now := s.now().Unix()
	out := []*herald.IntegrationDelivery{}
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() && len(out) < limit {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, storeErr(err, "list deliveries of integration "+integrationID)
		}
		for _, item := range page.Items {
			if expired(item, now) {
				return out, nil // older ones are expired too
			}
			d := new(herald.IntegrationDelivery)
			if err := decode(item, d); err != nil {
				return nil, err
			}
			if out = append(out, d); len(out) == limit {
				return out, nil
			}
		}
	}
	return out, nil
}

// expired reports whether an item's expires_at is at or before now.
func expired(item attrMap, now int64) bool {
	n, ok := item[attrExpires].(*types.AttributeValueMemberN)
	if !ok {
		return false
	}
	at, err := strconv.ParseInt(n.Value, 10, 64)
	return err == nil && at <= now
}
