package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/herald-status/herald/internal/herald"
)

// Followers returns the active subscribers of type t that follow one of
// components or every component, in id order, a page at a time. It reads
// the sparse GSI1 partition of active subscribers with a filter, so it
// pays for reading every active subscriber while returning only those
// that pass. An index by type and component would end that; it needs an
// item per subscriber and component written with the subscriber, which a
// transaction's limit of 100 items cannot hold for a subscriber of
// herald.MaxComponents components.
func (s *Store) Followers(ctx context.Context, t herald.SubscriberType, components []string,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	in, err := s.query(activeList)
	if err != nil {
		return nil, "", err
	}
	e, err := build(expression.NewBuilder().WithKeyCondition(
		expression.Key(attrGSI1PK).Equal(expression.Value(activeList.pk))).
		WithFilter(follows(t, components)))
	if err != nil {
		return nil, "", err
	}
	in.KeyConditionExpression = e.KeyCondition()
	in.FilterExpression = e.Filter()
	in.ExpressionAttributeNames = e.Names()
	in.ExpressionAttributeValues = e.Values()

	items, next, err := s.pageOf(ctx, activeList, in, o, "followers")
	if err != nil {
		return nil, "", err
	}
	subs, err := decodeAll[herald.Subscriber](items)
	return subs, next, err
}

// follows holds for a subscriber of type t that follows every component
// (an empty or absent list) or one of components.
func follows(t herald.SubscriberType, components []string) expression.ConditionBuilder {
	list := expression.Name("components")
	either := expression.Or(
		expression.AttributeNotExists(list),
		list.AttributeType(expression.Null),
		list.Size().Equal(expression.Value(0)),
	)
	for _, c := range components {
		either = either.Or(expression.Contains(list, c))
	}
	return expression.Name("type").Equal(expression.Value(t)).And(either)
}
