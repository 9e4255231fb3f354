package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/herald-status/herald/internal/herald"
)

// renewAddress writes a subscriber whose address stays but whose expiry
// changed, with its address item expiring alike, in one transaction: the
// address must never outlive, or be outlived by, its subscriber.
func (s *Store) renewAddress(ctx context.Context, item attrMap, sub *herald.Subscriber) error {
	put, err := s.txPut(item, versionIs(sub.Version))
	if err != nil {
		return err
	}
	addr, err := addressItem(sub)
	if err != nil {
		return err
	}
	held := expression.Name("subscriber_id").Equal(expression.Value(sub.ID))
	renew, err := s.txPut(addr, held)
	if err != nil {
		return err
	}
	err = s.transact(ctx, "update subscriber "+sub.ID, put, renew)
	if code, got := txReason(err, 0); code == "ConditionalCheckFailed" && got == nil {
		return herald.Errorf(herald.ENOTFOUND, "subscriber %s not found", sub.ID)
	}
	return err
}

// SubscriberByAddress reads the address item, then the subscriber it
// names; ENOTFOUND if either is missing, as when TTL has deleted one.
func (s *Store) SubscriberByAddress(ctx context.Context, t herald.SubscriberType,
	address string) (*herald.Subscriber, error) {
	if err := requireID("address", address); err != nil {
		return nil, err
	}
	var rec addressRecord
	if err := s.get(ctx, addressKey(t, address), &rec, "address"); err != nil {
		return nil, err
	}
	return s.Subscriber(ctx, rec.SubscriberID)
}

// SearchSubscribers queries GSI2 (GSI1 for active subscribers) in id
// order, with f and the expiry as a filter, reading whole pages of the
// index until it has one match more than it returns.
func (s *Store) SearchSubscribers(ctx context.Context, f herald.SubscriberFilter,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	l := subscribersList
	if f.State == herald.Active {
		l = activeList
	}
	in, err := s.searchQuery(l, f)
	if err != nil {
		return nil, "", err
	}
	items, next, err := s.pageOf(ctx, l, in, o, "matching subscribers")
	if err != nil {
		return nil, "", err
	}
	subs, err := decodeAll[herald.Subscriber](items)
	return subs, next, err
}

// searchQuery is the Query of l filtered by f and by the expiry.
func (s *Store) searchQuery(l list, f herald.SubscriberFilter) (*dynamodb.QueryInput, error) {
	cond := live(s.now().Unix())
	if f.State != "" {
		cond = cond.And(expression.Name("state").Equal(expression.Value(f.State)))
	}
	if f.Type != "" {
		cond = cond.And(expression.Name("type").Equal(expression.Value(f.Type)))
	}
	if f.Query != "" {
		cond = cond.And(expression.Contains(expression.Name("address"), f.Query))
	}
	kc := expression.Key(l.pkAttr).Equal(expression.Value(l.pk))
	e, err := build(expression.NewBuilder().WithKeyCondition(kc).WithFilter(cond))
	if err != nil {
		return nil, err
	}
	return &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(l.index),
		KeyConditionExpression:    e.KeyCondition(),
		FilterExpression:          e.Filter(),
		ExpressionAttributeNames:  e.Names(),
		ExpressionAttributeValues: e.Values(),
	}, nil
}

// live holds for an item that has no expiry, or whose expiry is after now:
// TTL deletes expired items only some time after.
func live(now int64) expression.ConditionBuilder {
	return expression.AttributeNotExists(expression.Name(attrExpires)).
		Or(expression.Name(attrExpires).GreaterThanEqual(expression.Value(now)))
}

// CountSubscribers reads the type, state and expiry of every subscriber
// from GSI2 and counts them. For 100,000 subscribers that is some 30 MB
// of index read a megabyte a page: seconds, and a few thousand read units.
func (s *Store) CountSubscribers(ctx context.Context) (*herald.SubscriberCounts, error) {
	proj := expression.NamesList(expression.Name("type"), expression.Name("state"),
		expression.Name(attrExpires))
	kc := expression.Key(attrGSI2PK).Equal(expression.Value(subscribersList.pk))
	e, err := build(expression.NewBuilder().WithKeyCondition(kc).WithProjection(proj))
	if err != nil {
		return nil, err
	}
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(gsi2),
		KeyConditionExpression: e.KeyCondition(), ProjectionExpression: e.Projection(),
		ExpressionAttributeNames: e.Names(), ExpressionAttributeValues: e.Values(),
	}
	now := s.now().Unix()
	counts := herald.NewSubscriberCounts()
	p := dynamodb.NewQueryPaginator(s.client, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, storeErr(err, "count subscribers")
		}
		for _, it := range out.Items {
			var v struct {
				Type    herald.SubscriberType  `json:"type"`
				State   herald.SubscriberState `json:"state"`
				Expires int64                  `json:"expires_at"`
			}
			if err := decode(it, &v); err != nil {
				return nil, err
			}
			if v.Expires == 0 || v.Expires >= now {
				counts.Add(v.Type, v.State)
			}
		}
	}
	return counts, nil
}
