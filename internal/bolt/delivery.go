package bolt

import (
	"bytes"
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// Deliveries are kept by id, with an index of incident id, NUL, delivery
// id, so that one incident's deliveries are one range of keys. Claims and
// updates go through bbolt's Batch: the calls of concurrent fan-out
// workers share one transaction, and so one disk sync.

func deliveryIndexKey(d *herald.Delivery) []byte {
	return []byte(d.IncidentID + "\x00" + d.ID)
}

// ClaimDelivery stores d at version 1 unless a delivery with its id
// exists, and reports whether it did. Only one of any number of
// concurrent claims of an id gets true.
func (db *DB) ClaimDelivery(ctx context.Context, d *herald.Delivery) (bool, error) {
	held, err := db.ClaimDeliveries(ctx, []*herald.Delivery{d})
	if err != nil {
		return false, err
	}
	return held[0] == nil, nil
}

// ClaimDeliveries stores each of ds whose id no stored delivery has, at
// version 1, and answers the stored delivery for each of the others. The
// claims already taken are answered from a read transaction, which costs
// no disk sync, so a change processed again skips what it sent cheaply;
// the write transaction checks the rest again.
func (db *DB) ClaimDeliveries(ctx context.Context,
	ds []*herald.Delivery) ([]*herald.Delivery, error) {
	for _, d := range ds {
		if err := requireID("delivery", d.ID); err != nil {
			return nil, err
		}
	}
	held := make([]*herald.Delivery, len(ds))
	free := 0
	err := db.view(ctx, "check deliveries", func(tx *bbolt.Tx) error {
		var err error
		free, err = storedDeliveries(tx, ds, held)
		return err
	})
	if err != nil || free == 0 {
		return held, err
	}

	var claimed []bool
	err = db.batch(ctx, "claim deliveries", func(tx *bbolt.Tx) error {
		// Batch may run this more than once: start afresh each time.
		claimed = make([]bool, len(ds))
		b, idx := tx.Bucket(bucketDeliveries), tx.Bucket(bucketDeliveryIndex)
		for i, d := range ds {
			if held[i] != nil || b.Get([]byte(d.ID)) != nil {
				continue
			}
			stored := utcDelivery(d)
			stored.Version = 1
			if err := put(b, d.ID, stored); err != nil {
				return err
			}
			if err := idx.Put(deliveryIndexKey(d), nil); err != nil {
				return err
			}
			claimed[i] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// A delivery claimed by someone else since the read is read again.
	var lost []*herald.Delivery
	for i, d := range ds {
		switch {
		case claimed[i]:
			d.Version = 1
		case held[i] == nil:
			lost = append(lost, d)
		}
	}
	if len(lost) == 0 {
		return held, nil
	}
	return held, db.view(ctx, "read deliveries", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		for i, d := range ds {
			if held[i] == nil && !claimed[i] {
				var err error
				if held[i], err = get[herald.Delivery](b, d.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// storedDeliveries fills held with the stored delivery of each of ds, nil
// where there is none, and returns how many have none.
func storedDeliveries(tx *bbolt.Tx, ds, held []*herald.Delivery) (int, error) {
	b := tx.Bucket(bucketDeliveries)
	free := 0
	for i, d := range ds {
		old, err := get[herald.Delivery](b, d.ID)
		if err != nil {
			return 0, err
		}
		held[i] = old
		if old == nil {
			free++
		}
	}
	return free, nil
}

// Delivery returns one delivery; ENOTFOUND if there is none.
func (db *DB) Delivery(ctx context.Context, id string) (*herald.Delivery, error) {
	return read[herald.Delivery](ctx, db, bucketDeliveries, "delivery", id)
}

// UpdateDelivery writes d if its stored version is still d.Version, and
// moves d.Version on; ENOTFOUND if it was never claimed, ECONFLICT if its
// version moved.
func (db *DB) UpdateDelivery(ctx context.Context, d *herald.Delivery) error {
	return db.UpdateDeliveries(ctx, []*herald.Delivery{d})[0]
}

// UpdateDeliveries writes each of ds as UpdateDelivery does, in one
// transaction shared with concurrent callers, and answers one error per
// delivery.
func (db *DB) UpdateDeliveries(ctx context.Context, ds []*herald.Delivery) []error {
	var errs []error
	err := db.batch(ctx, "update deliveries", func(tx *bbolt.Tx) error {
		errs = make([]error, len(ds))
		for i, d := range ds {
			var err error
			if errs[i], err = updateDelivery(tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		errs = make([]error, len(ds))
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	for i, d := range ds {
		if errs[i] == nil {
			d.Version++
		}
	}
	return errs
}

// updateDelivery writes d if its version is still the stored one. It
// returns the refusal of this delivery first, and a failure of the
// transaction second.
func updateDelivery(tx *bbolt.Tx, d *herald.Delivery) (refused, failed error) {
	b := tx.Bucket(bucketDeliveries)
	old, err := get[herald.Delivery](b, d.ID)
	if err != nil {
		return nil, err
	}
	if old == nil {
		return notFound("delivery", d.ID), nil
	}
	if old.Version != d.Version {
		return conflict("delivery %q has changed since it was read", d.ID), nil
	}
	idx := tx.Bucket(bucketDeliveryIndex)
	if err := idx.Delete(deliveryIndexKey(old)); err != nil {
		return nil, err
	}
	if err := idx.Put(deliveryIndexKey(d), nil); err != nil {
		return nil, err
	}
	stored := utcDelivery(d)
	stored.Version = d.Version + 1
	return nil, put(b, d.ID, stored)
}

// batch runs fn in a write transaction that concurrent callers share, and
// maps errors as update does. fn may run more than once.
func (db *DB) batch(ctx context.Context, what string, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the store")
	}
	return storeError(what, db.bolt.Batch(fn))
}

// Deliveries returns a page of one incident's deliveries in id order.
func (db *DB) Deliveries(ctx context.Context, incidentID string,
	o herald.ListOptions) ([]*herald.Delivery, string, error) {
	prefix := []byte(incidentID + "\x00")
	start := prefix
	if o.Cursor != "" {
		key, err := decodeCursor(o.Cursor)
		if err != nil || !bytes.HasPrefix(key, prefix) {
			return nil, "", herald.Errorf(herald.EINVALID, "the cursor is not one this list gave")
		}
		start = key
	}

	n := pageSize(o.Limit)
	out := make([]*herald.Delivery, 0, min(n, 64))
	var next string
	err := db.view(ctx, "list deliveries", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		c := tx.Bucket(bucketDeliveryIndex).Cursor()
		k, _ := seekAfter(c, start)
		var last []byte
		for ; bytes.HasPrefix(k, prefix) && len(out) < n; k, _ = c.Next() {
			d, err := get[herald.Delivery](b, string(k[len(prefix):]))
			if err != nil {
				return err
			}
			if d == nil {
				return corrupt(string(k), errIndexedMissing)
			}
			out, last = append(out, d), k
		}
		if bytes.HasPrefix(k, prefix) {
			next = encodeCursor(last)
		}
		return nil
	})
	return out, next, err
}
