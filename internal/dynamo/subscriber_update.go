package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/herald-status/herald/internal/herald"
)

// UpdateSubscriber writes sub if its stored version is still sub.Version,
// and increments sub.Version. When its type or address changed, the
// address item moves in the same transaction: ECONFLICT if another
// subscriber has the new address. ENOTFOUND if there is no such
// subscriber, ECONFLICT if its version moved.
func (s *Store) UpdateSubscriber(ctx context.Context, sub *herald.Subscriber) error {
	old, err := s.Subscriber(ctx, sub.ID)
	if err != nil {
		return err
	}
	item, err := subscriberItem(sub, sub.Version+1)
	if err != nil {
		return err
	}
	switch {
	case old.Type != sub.Type || old.Address != sub.Address:
		err = s.moveAddress(ctx, item, old, sub)
	case pendingExpiry(old) != pendingExpiry(sub):
		err = s.renewAddress(ctx, item, sub)
	default:
		err = s.replace(ctx, item, sub.Version, "subscriber "+sub.ID)
	}
	if err != nil {
		return err
	}
	sub.Version++
	return nil
}

// moveAddress writes a subscriber whose address changed from old's, with
// its address items, in one transaction.
func (s *Store) moveAddress(ctx context.Context, item attrMap,
	old, sub *herald.Subscriber) error {
	put, err := s.txPut(item, versionIs(sub.Version))
	if err != nil {
		return err
	}
	del, err := s.addressDelete(old)
	if err != nil {
		return err
	}
	add, err := s.addressPut(sub)
	if err != nil {
		return err
	}
	err = s.transact(ctx, "update subscriber "+sub.ID, put, del, add)
	switch code, got := txReason(err, 0); {
	case code == "ConditionalCheckFailed" && got == nil:
		return herald.Errorf(herald.ENOTFOUND, "subscriber %s not found", sub.ID)
	case code == "" || code == "ConditionalCheckFailed":
		return err
	}
	if code, _ := txReason(err, 2); code == "ConditionalCheckFailed" {
		return addressTaken
	}
	return err
}

// deleteAttempts bounds the reads and deletes of a subscriber that keeps
// changing while it is deleted.
const deleteAttempts = 3

// DeleteSubscriber removes a subscriber and the item reserving its
// address, in one transaction; ENOTFOUND if there is none.
func (s *Store) DeleteSubscriber(ctx context.Context, id string) error {
	if err := requireID("id", id); err != nil {
		return err
	}
	var err error
	for range deleteAttempts {
		var sub *herald.Subscriber
		if sub, err = s.Subscriber(ctx, id); err != nil {
			return err
		}
		if err = s.deleteSubscriber(ctx, sub); !herald.IsConflict(err) {
			return err
		}
	}
	return err
}

// deleteSubscriber deletes sub on condition that its address is still the
// one read, so that the address item deleted with it is the right one.
func (s *Store) deleteSubscriber(ctx context.Context, sub *herald.Subscriber) error {
	same := expression.Name("type").Equal(expression.Value(sub.Type)).
		And(expression.Name("address").Equal(expression.Value(sub.Address)))
	del, err := s.txDelete(subscriberKey(sub.ID), same)
	if err != nil {
		return err
	}
	addr, err := s.addressDelete(sub)
	if err != nil {
		return err
	}
	return s.transact(ctx, "delete subscriber "+sub.ID, del, addr)
}
