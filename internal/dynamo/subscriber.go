package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/herald-status/herald/internal/herald"
)

// addressRecord is the item that keeps one subscriber per type and address.
type addressRecord struct {
	SubscriberID string `json:"subscriber_id"`
}

// subscriberItem returns sub as stored at the given version.
func subscriberItem(sub *herald.Subscriber, version int64) (attrMap, error) {
	v := *sub
	v.Version = version
	item, err := encode(&v, subscriberKey(sub.ID), typeSubscriber, subscriberIndex(&v))
	if err == nil {
		setExpiry(item, sub)
	}
	return item, err
}

// pendingExpiry returns when TTL may delete a pending subscriber and its
// address item, in Unix seconds, rounded up; 0 for one that never expires.
func pendingExpiry(sub *herald.Subscriber) int64 {
	if sub.State != herald.Pending || sub.PendingUntil == nil {
		return 0
	}
	return sub.PendingUntil.Add(time.Second - 1).Unix()
}

// setExpiry gives item the TTL of sub, if it has one.
func setExpiry(item attrMap, sub *herald.Subscriber) {
	if exp := pendingExpiry(sub); exp != 0 {
		item[attrExpires] = num(exp)
	}
}

// addressItem returns sub's address item, expiring with sub.
func addressItem(sub *herald.Subscriber) (attrMap, error) {
	item, err := encode(addressRecord{sub.ID}, addressKey(sub.Type, sub.Address), typeAddress, index{})
	if err == nil {
		setExpiry(item, sub)
	}
	return item, err
}

// addressPut is a transaction's put of sub's address item, on condition
// that no subscriber holds the address, or that the one that did has
// expired: TTL deletes a subscriber and its address item separately.
func (s *Store) addressPut(sub *herald.Subscriber) (types.TransactWriteItem, error) {
	item, err := addressItem(sub)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	expired := expression.Name(attrExpires).LessThan(expression.Value(s.now().Unix()))
	return s.txPut(item, mustNotExist().Or(expired))
}

// addressDelete is a transaction's delete of sub's address item, on
// condition that it is still sub's.
func (s *Store) addressDelete(sub *herald.Subscriber) (types.TransactWriteItem, error) {
	held := expression.Name("subscriber_id").Equal(expression.Value(sub.ID))
	return s.txDelete(addressKey(sub.Type, sub.Address), held)
}

// addressTaken is the conflict of a subscriber whose address another has.
var addressTaken = &herald.Error{Code: herald.ECONFLICT, Field: "address",
	Message: "a subscriber with this type and address exists"}

// CreateSubscriber stores a new subscriber at version 1, with the item that
// reserves its type and address, in one transaction. ECONFLICT if its id
// or its address is taken.
func (s *Store) CreateSubscriber(ctx context.Context, sub *herald.Subscriber) error {
	if err := requireID("id", sub.ID); err != nil {
		return err
	}
	item, err := subscriberItem(sub, 1)
	if err != nil {
		return err
	}
	put, err := s.txPut(item, mustNotExist())
	if err != nil {
		return err
	}
	addr, err := s.addressPut(sub)
	if err != nil {
		return err
	}
	if err := s.transact(ctx, "create subscriber "+sub.ID, put, addr); err != nil {
		if code, _ := txReason(err, 1); code == "ConditionalCheckFailed" {
			return addressTaken
		}
		return err
	}
	sub.Version = 1
	return nil
}

// Subscriber returns one subscriber; ENOTFOUND if there is none.
func (s *Store) Subscriber(ctx context.Context, id string) (*herald.Subscriber, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	sub := new(herald.Subscriber)
	if err := s.get(ctx, subscriberKey(id), sub, "subscriber "+id); err != nil {
		return nil, err
	}
	return sub, nil
}

// Subscribers returns subscribers in id order, a page at a time, from GSI2,
// or, with activeOnly, from the sparse GSI1 that holds active ones only.
func (s *Store) Subscribers(ctx context.Context, activeOnly bool,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	l := subscribersList
	if activeOnly {
		l = activeList
	}
	items, next, err := s.page(ctx, l, o, "subscribers")
	if err != nil {
		return nil, "", err
	}
	subs, err := decodeAll[herald.Subscriber](items)
	return subs, next, err
}

// transact runs one transaction of items.
func (s *Store) transact(ctx context.Context, op string, items ...types.TransactWriteItem) error {
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if err != nil {
		return storeErr(err, op)
	}
	return nil
}
