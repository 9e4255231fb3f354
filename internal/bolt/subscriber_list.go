package bolt

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// Subscribers returns subscribers in id order, from the id after the
// cursor. With activeOnly it walks the index of active subscribers, so a
// page costs the same however many inactive ones there are. A limit of 0
// or less means 100; at most 1000 are returned.
func (db *DB) Subscribers(ctx context.Context, activeOnly bool,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	start, err := decodeCursor(o.Cursor)
	if err != nil {
		return nil, "", err
	}
	index := bucketSubscribers
	if activeOnly {
		index = bucketActive
	}

	n := pageSize(o.Limit)
	out := make([]*herald.Subscriber, 0, n)
	var next string
	err = db.view(ctx, "list subscribers", func(tx *bbolt.Tx) error {
		subs := tx.Bucket(bucketSubscribers)
		c := tx.Bucket(index).Cursor()
		k, _ := seekAfter(c, start)
		var last []byte
		for ; k != nil && len(out) < n; k, _ = c.Next() {
			s, err := indexed[herald.Subscriber](subs, string(k))
			if err != nil {
				return err
			}
			out, last = append(out, s), k
		}
		if k != nil {
			next = encodeCursor(last)
		}
		return nil
	})
	return out, next, err
}

// seekAfter positions c on the least key greater than start, or on the
// first key when start is empty, and returns it with its value.
func seekAfter(c *bbolt.Cursor, start []byte) ([]byte, []byte) {
	if len(start) == 0 {
		return c.First()
	}
	k, v := c.Seek(start)
	if k != nil && string(k) == string(start) {
		return c.Next()
	}
	return k, v
}
