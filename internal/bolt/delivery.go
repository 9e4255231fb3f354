package bolt

import (
	"bytes"
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// Deliveries are kept by id, with an index of incident id, NUL, delivery
// id, so that one incident's deliveries are one range of keys.

func deliveryIndexKey(d *herald.Delivery) []byte {
	return []byte(d.IncidentID + "\x00" + d.ID)
}

// ClaimDelivery stores d unless a delivery with its id exists, and reports
// whether it did. Only one of any number of concurrent claims of an id
// gets true. A claim already taken is answered from a read transaction,
// which costs no disk sync; the write transaction checks again.
func (db *DB) ClaimDelivery(ctx context.Context, d *herald.Delivery) (bool, error) {
	if err := requireID("delivery", d.ID); err != nil {
		return false, err
	}
	taken := false
	err := db.view(ctx, "check delivery", func(tx *bbolt.Tx) error {
		taken = tx.Bucket(bucketDeliveries).Get([]byte(d.ID)) != nil
		return nil
	})
	if err != nil || taken {
		return false, err
	}

	claimed := false
	err = db.update(ctx, "claim delivery", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		if b.Get([]byte(d.ID)) != nil {
			return nil
		}
		if err := put(b, d.ID, utcDelivery(d)); err != nil {
			return err
		}
		claimed = true
		return tx.Bucket(bucketDeliveryIndex).Put(deliveryIndexKey(d), nil)
	})
	return claimed && err == nil, err
}

// UpdateDelivery overwrites a claimed delivery; ENOTFOUND if it was never
// claimed.
func (db *DB) UpdateDelivery(ctx context.Context, d *herald.Delivery) error {
	return db.update(ctx, "update delivery", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		old, err := get[herald.Delivery](b, d.ID)
		if err != nil {
			return err
		}
		if old == nil {
			return notFound("delivery", d.ID)
		}
		idx := tx.Bucket(bucketDeliveryIndex)
		if err := idx.Delete(deliveryIndexKey(old)); err != nil {
			return err
		}
		if err := idx.Put(deliveryIndexKey(d), nil); err != nil {
			return err
		}
		return put(b, d.ID, utcDelivery(d))
	})
}

// Deliveries returns the deliveries of one incident in id order, none if
// it has none.
func (db *DB) Deliveries(ctx context.Context, incidentID string) ([]*herald.Delivery, error) {
	var out []*herald.Delivery
	err := db.view(ctx, "list deliveries", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		prefix := []byte(incidentID + "\x00")
		c := tx.Bucket(bucketDeliveryIndex).Cursor()
		for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			id := string(k[len(prefix):])
			d, err := get[herald.Delivery](b, id)
			if err != nil {
				return err
			}
			if d == nil {
				return corrupt(id, errIndexedMissing)
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}
