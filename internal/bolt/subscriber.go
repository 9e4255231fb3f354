package bolt

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// Subscribers live in three buckets: by id; by type and address, which
// keeps one subscriber per address; and the ids of the active ones, which
// fan-out pages through.

// addressKey is the uniqueness key of a subscriber: its type, NUL, its
// address.
func addressKey(s *herald.Subscriber) []byte {
	return []byte(string(s.Type) + "\x00" + s.Address)
}

// CreateSubscriber stores a new subscriber as version 1; ECONFLICT if its
// id is taken or a subscriber of the same type and address exists.
func (db *DB) CreateSubscriber(ctx context.Context, s *herald.Subscriber) error {
	if err := requireID("subscriber", s.ID); err != nil {
		return err
	}
	// A batch shares one commit among concurrent creates, as an import
	// makes; bbolt may run fn again, so it starts from s each time.
	var fresh herald.Subscriber
	err := db.batch(ctx, "create subscriber", func(tx *bbolt.Tx) error {
		fresh = *s
		fresh.Version = 0
		return db.writeSubscriber(tx, &fresh)
	})
	if err == nil {
		s.Version = fresh.Version
	}
	return err
}

// Subscriber returns one subscriber; ENOTFOUND if there is none.
func (db *DB) Subscriber(ctx context.Context, id string) (*herald.Subscriber, error) {
	return read[herald.Subscriber](ctx, db, bucketSubscribers, "subscriber", id)
}

// UpdateSubscriber writes s if its stored version is still s.Version, and
// sets s.Version to the new one; ENOTFOUND if there is no such subscriber,
// ECONFLICT if its new address belongs to another.
func (db *DB) UpdateSubscriber(ctx context.Context, s *herald.Subscriber) error {
	next := *s
	err := db.update(ctx, "update subscriber", func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketSubscribers).Get([]byte(s.ID)) == nil {
			return notFound("subscriber", s.ID)
		}
		return db.writeSubscriber(tx, &next)
	})
	if err == nil {
		s.Version = next.Version
	}
	return err
}

// DeleteSubscriber removes a subscriber and frees its address; ENOTFOUND
// if there is none.
func (db *DB) DeleteSubscriber(ctx context.Context, id string) error {
	return db.deleteSubscriberIf(ctx, id, func(*herald.Subscriber) bool { return true })
}

// deleteSubscriberIf deletes subscriber id if it passes ok, deciding on
// the item read in the deleting transaction; ENOTFOUND if there is none
// or it fails ok.
func (db *DB) deleteSubscriberIf(ctx context.Context, id string,
	ok func(*herald.Subscriber) bool) error {
	return db.update(ctx, "delete subscriber", func(tx *bbolt.Tx) error {
		old, err := get[herald.Subscriber](tx.Bucket(bucketSubscribers), id)
		if err != nil {
			return err
		}
		if old == nil || !ok(old) {
			return notFound("subscriber", id)
		}
		if err := indexFollower(tx, old, nil); err != nil {
			return err
		}
		for _, d := range []struct{ bucket, key []byte }{
			{bucketSubscribers, []byte(id)},
			{bucketAddresses, addressKey(old)},
			{bucketActive, []byte(id)},
		} {
			if err := tx.Bucket(d.bucket).Delete(d.key); err != nil {
				return err
			}
		}
		return db.emit(tx, changeRecord{Op: herald.OpRemove, Entity: herald.EntitySubscriber})
	})
}

// writeSubscriber stores s if the stored version is still s.Version and its
// address is free or its own, keeps the address and active indexes up to
// date, records the change and moves s.Version on.
func (db *DB) writeSubscriber(tx *bbolt.Tx, s *herald.Subscriber) error {
	b := tx.Bucket(bucketSubscribers)
	old, err := get[herald.Subscriber](b, s.ID)
	if err != nil {
		return err
	}
	var have int64
	if old != nil {
		have = old.Version
	}
	if err := checkVersion("subscriber", s.ID, have, s.Version); err != nil {
		return err
	}

	if err := claimAddress(tx.Bucket(bucketAddresses), old, s); err != nil {
		return err
	}
	active := tx.Bucket(bucketActive)
	if s.State == herald.Active {
		err = active.Put([]byte(s.ID), nil)
	} else {
		err = active.Delete([]byte(s.ID))
	}
	if err != nil {
		return err
	}
	if err := indexFollower(tx, old, s); err != nil {
		return err
	}

	stored := utcSubscriber(s)
	stored.Version = s.Version + 1
	if err := put(b, s.ID, stored); err != nil {
		return err
	}
	s.Version = stored.Version
	return db.emit(tx, changeRecord{Op: op(old != nil, true), Entity: herald.EntitySubscriber})
}

// claimAddress makes s the owner of its type and address, freeing the one
// old had; ECONFLICT if another subscriber owns it.
func claimAddress(addrs *bbolt.Bucket, old, s *herald.Subscriber) error {
	key := addressKey(s)
	if owner := addrs.Get(key); owner != nil && string(owner) != s.ID {
		return conflict("a %s subscriber with this address already exists", s.Type)
	}
	if old != nil && string(addressKey(old)) != string(key) {
		if err := addrs.Delete(addressKey(old)); err != nil {
			return err
		}
	}
	return addrs.Put(key, []byte(s.ID))
}
