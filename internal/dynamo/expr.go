package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// mustNotExist holds when no item has the written item's key.
func mustNotExist() expression.ConditionBuilder {
	return expression.AttributeNotExists(expression.Name(attrPK))
}

// mustExist holds when an item has the key.
func mustExist() expression.ConditionBuilder {
	return expression.AttributeExists(expression.Name(attrPK))
}

// versionIs holds when the stored item has version v; never for a
// missing item.
func versionIs(v int64) expression.ConditionBuilder {
	return expression.Name(attrVersion).Equal(expression.Value(v))
}

// versionCond is the condition of writing an item read at version v: that
// it still has it, or, for v = 0, that it does not exist yet.
func versionCond(v int64) expression.ConditionBuilder {
	if v == 0 {
		return mustNotExist()
	}
	return versionIs(v)
}

// build turns a builder into an expression. It fails only on a bug.
func build(b expression.Builder) (expression.Expression, error) {
	e, err := b.Build()
	if err != nil {
		return e, &herald.Error{Code: herald.EINTERNAL, Message: "cannot build an expression",
			Err: errorf("build expression: %w", err)}
	}
	return e, nil
}

// condition builds an expression of one condition.
func condition(c expression.ConditionBuilder) (expression.Expression, error) {
	return build(expression.NewBuilder().WithCondition(c))
}

// putInput returns a PutItem of item on condition c.
func (s *Store) putInput(item attrMap,
	c expression.ConditionBuilder) (*dynamodb.PutItemInput, error) {
	e, err := condition(c)
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemInput{
		TableName:                 &s.table,
		Item:                      item,
		ConditionExpression:       e.Condition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
	}, nil
}

// txPut is a transaction's put of item on condition c.
func (s *Store) txPut(item attrMap,
	c expression.ConditionBuilder) (types.TransactWriteItem, error) {
	e, err := condition(c)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{
		TableName:                           &s.table,
		Item:                                item,
		ConditionExpression:                 e.Condition(),
		ExpressionAttributeNames:            e.Names(),
		ExpressionAttributeValues:           e.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}}, nil
}

// txDelete is a transaction's delete of the item at k on condition c.
func (s *Store) txDelete(k key, c expression.ConditionBuilder) (types.TransactWriteItem, error) {
	e, err := condition(c)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Delete: &types.Delete{
		TableName:                           &s.table,
		Key:                                 k.attrs(),
		ConditionExpression:                 e.Condition(),
		ExpressionAttributeNames:            e.Names(),
		ExpressionAttributeValues:           e.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}}, nil
}

// partitionQuery returns a strongly consistent Query of one base-table
// partition.
func (s *Store) partitionQuery(pk string) (*dynamodb.QueryInput, error) {
	kc := expression.Key(attrPK).Equal(expression.Value(pk))
	e, err := build(expression.NewBuilder().WithKeyCondition(kc))
	if err != nil {
		return nil, err
	}
	return &dynamodb.QueryInput{
		TableName:                 &s.table,
		KeyConditionExpression:    e.KeyCondition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
		ConsistentRead:            aws.Bool(true),
	}, nil
}

// indexQuery returns a Query of one partition of a GSI, newest (highest
// sort key) first when desc is set.
func (s *Store) indexQuery(indexName, pkAttr, pk string, desc bool) (*dynamodb.QueryInput, error) {
	kc := expression.Key(pkAttr).Equal(expression.Value(pk))
	e, err := build(expression.NewBuilder().WithKeyCondition(kc))
	if err != nil {
		return nil, err
	}
	return &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(indexName),
		KeyConditionExpression:    e.KeyCondition(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
		ScanIndexForward:          aws.Bool(!desc),
	}, nil
}
