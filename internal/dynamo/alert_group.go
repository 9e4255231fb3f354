package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// Alert groups with something due sit in GSI1 under GROUPS#due, sorted by
// when it is due, so that SettleAlerts reads only those.
const groupsDue = "GROUPS#due"

const dueTime = "2006-01-02T15:04:05.000000000Z"

// groupIndex lists a group in GSI1 while it has something due.
func groupIndex(g *herald.AlertGroup) index {
	if g.DueAt == nil {
		return index{}
	}
	return index{gsi1pk: groupsDue, gsi1sk: g.DueAt.UTC().Format(dueTime) + "#" + g.Key}
}

// SaveAlertGroup writes g alone if its stored version is still g.Version
// (0: if none is stored); ECONFLICT otherwise.
func (s *Store) SaveAlertGroup(ctx context.Context, g *herald.AlertGroup) error {
	if err := requireID("key", g.Key); err != nil {
		return err
	}
	v := *g
	v.Version = g.Version + 1
	item, err := encode(&v, groupKey(g.Key), typeGroup, groupIndex(&v))
	if err != nil {
		return err
	}
	in, err := s.putInput(item, versionCond(g.Version))
	if err != nil {
		return err
	}
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	if _, err := s.client.PutItem(ctx, in); err != nil && !ownWrite(err, item) {
		var cond *types.ConditionalCheckFailedException
		if errors.As(err, &cond) {
			return herald.Errorf(herald.ECONFLICT, "alert group %q has changed since it was read",
				g.Key)
		}
		return storeErr(err, "save alert group "+g.Key)
	}
	g.Version = v.Version
	return nil
}

// AlertGroupsDue returns the groups whose DueAt is at or before t, from
// GSI1, which may lag a write by a moment.
func (s *Store) AlertGroupsDue(ctx context.Context, t time.Time) ([]*herald.AlertGroup, error) {
	kc := expression.Key(attrGSI1PK).Equal(expression.Value(groupsDue)).
		And(expression.Key(attrGSI1SK).LessThanEqual(expression.Value(t.UTC().Format(dueTime) + "$")))
	e, err := build(expression.NewBuilder().WithKeyCondition(kc))
	if err != nil {
		return nil, err
	}
	p := dynamodb.NewQueryPaginator(s.client, &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(gsi1),
		KeyConditionExpression:    e.KeyCondition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
	})
	var items []attrMap
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, storeErr(err, "list alert groups due")
		}
		items = append(items, out.Items...)
	}
	gs, err := decodeAll[herald.AlertGroup](items)
	if err != nil {
		return nil, err
	}
	return gs, nil
}
