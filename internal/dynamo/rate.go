package dynamo

import (
	"context"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// typeRate is the entity attribute of a rate counter.
const typeRate = "rate"

// rateKey is the key of the counter of k in the window of secs seconds
// ending at end.
func rateKey(k string, secs, end int64) key {
	return key{"RATE#" + k + "#" + strconv.FormatInt(secs, 10) + "#" + strconv.FormatInt(end, 10),
		"RATE"}
}

// Hit adds one to the window's counter with an atomic UpdateItem and
// returns the new count. The counter expires, by TTL, when its window
// ends. Keys should be short: callers hash addresses into them.
func (s *Store) Hit(ctx context.Context, k string, window time.Duration) (int, error) {
	if k == "" || window < time.Second {
		return 0, herald.Errorf(herald.EINVALID, "a rate counter needs a key and a window of a second or more")
	}
	secs := int64(window / time.Second)
	end := (s.now().Unix()/secs + 1) * secs
	upd := expression.Add(expression.Name("hits"), expression.Value(1)).
		Set(expression.Name(attrExpires), expression.Value(end)).
		Set(expression.Name(attrType), expression.Value(typeRate))
	e, err := build(expression.NewBuilder().WithUpdate(upd))
	if err != nil {
		return 0, err
	}
	out, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       rateKey(k, secs, end).attrs(),
		UpdateExpression:          e.Update(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
		ReturnValues:              types.ReturnValueUpdatedNew,
	})
	if err != nil {
		return 0, storeErr(err, "count "+k)
	}
	n, ok := out.Attributes["hits"].(*types.AttributeValueMemberN)
	if !ok {
		return 0, storeErr(errorf("counter %s has no hits", k), "count "+k)
	}
	hits, err := strconv.Atoi(n.Value)
	if err != nil {
		return 0, storeErr(errorf("counter %s: %w", k, err), "count "+k)
	}
	return hits, nil
}
