package bolt

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// SubscriberByAddress returns the subscriber of type t with the address,
// through the address index; ENOTFOUND if there is none.
func (db *DB) SubscriberByAddress(ctx context.Context, t herald.SubscriberType,
	address string) (*herald.Subscriber, error) {
	var sub *herald.Subscriber
	err := db.view(ctx, "read subscriber by address", func(tx *bbolt.Tx) error {
		key := addressKey(&herald.Subscriber{Type: t, Address: address})
		id := tx.Bucket(bucketAddresses).Get(key)
		if id == nil {
			return herald.Errorf(herald.ENOTFOUND, "no %s subscriber has this address", t)
		}
		var err error
		sub, err = indexed[herald.Subscriber](tx.Bucket(bucketSubscribers), string(id))
		return err
	})
	return sub, err
}

// SearchSubscribers walks the subscribers in id order from the cursor,
// keeping those that pass f and have not expired, and looks one match
// ahead so that it gives a cursor only when more follow. It walks the
// active index when f asks for active subscribers. A limit of 0 or less
// means 100; at most 1000 are returned.
func (db *DB) SearchSubscribers(ctx context.Context, f herald.SubscriberFilter,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	start, err := decodeCursor(o.Cursor)
	if err != nil {
		return nil, "", err
	}
	index := bucketSubscribers
	if f.State == herald.Active {
		index = bucketActive
	}
	now := db.now()
	n := pageSize(o.Limit)
	out := make([]*herald.Subscriber, 0, n)
	var next string
	err = db.view(ctx, "search subscribers", func(tx *bbolt.Tx) error {
		subs := tx.Bucket(bucketSubscribers)
		c := tx.Bucket(index).Cursor()
		for k, _ := seekAfter(c, start); k != nil; k, _ = c.Next() {
			s, err := indexed[herald.Subscriber](subs, string(k))
			if err != nil {
				return err
			}
			if !f.Match(s) || s.Expired(now) {
				continue
			}
			if len(out) == n {
				next = encodeCursor([]byte(out[n-1].ID))
				return nil
			}
			out = append(out, s)
		}
		return nil
	})
	return out, next, err
}

// CountSubscribers decodes every subscriber and counts those that have
// not expired. It reads a few hundred thousand a second.
func (db *DB) CountSubscribers(ctx context.Context) (*herald.SubscriberCounts, error) {
	counts := herald.NewSubscriberCounts()
	now := db.now()
	err := db.view(ctx, "count subscribers", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSubscribers)
		return b.ForEach(func(k, _ []byte) error {
			s, err := get[herald.Subscriber](b, string(k))
			if err != nil {
				return err
			}
			if !s.Expired(now) {
				counts.Add(s.Type, s.State)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// DeleteExpiredSubscribers deletes the pending subscribers whose
// PendingUntil has passed, and their addresses, as DynamoDB's TTL does for
// the other store, and returns how many it deleted. Reads leave expired
// subscribers out whether or not this has run; it only frees the space.
func (db *DB) DeleteExpiredSubscribers(ctx context.Context) (int, error) {
	now := db.now()
	var expired []string
	err := db.view(ctx, "find expired subscribers", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSubscribers)
		return b.ForEach(func(k, _ []byte) error {
			s, err := get[herald.Subscriber](b, string(k))
			if err == nil && s.Expired(now) {
				expired = append(expired, s.ID)
			}
			return err
		})
	})
	if err != nil {
		return 0, err
	}
	deleted := 0
	for _, id := range expired {
		err := db.deleteSubscriberIf(ctx, id, func(s *herald.Subscriber) bool { return s.Expired(now) })
		if err != nil && !herald.IsNotFound(err) {
			return deleted, err
		}
		if err == nil {
			deleted++
		}
	}
	return deleted, nil
}
