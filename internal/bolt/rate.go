package bolt

import (
	"context"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// Rate counters live in their own bucket, keyed by the Unix second their
// window ends, big-endian, then the window's length, NUL and the caller's
// key, so that the expired ones sort first and each Hit deletes a few.

// sweepPerHit bounds the expired counters one Hit deletes.
const sweepPerHit = 16

// Hit counts one event under key in the current window and returns the
// window's count. It is one write in a batched transaction, so concurrent
// hits never lose a count and share a commit.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration) (int, error) {
	if key == "" || window < time.Second {
		return 0, herald.Errorf(herald.EINVALID, "a rate counter needs a key and a window of a second or more")
	}
	now := db.now()
	secs := int64(window / time.Second)
	end := (now.Unix()/secs + 1) * secs
	k := binary.BigEndian.AppendUint64(nil, uint64(end))
	k = append(strconv.AppendInt(k, secs, 10), 0)
	k = append(k, key...)

	var count uint64
	err := db.batch(ctx, "count "+key, func(tx *bbolt.Tx) error {
		count = 0 // bbolt may run fn again
		b := tx.Bucket(bucketRates)
		if err := sweepRates(b, now.Unix()); err != nil {
			return err
		}
		if v := b.Get(k); len(v) == 8 {
			count = binary.BigEndian.Uint64(v)
		}
		count++
		return b.Put(k, binary.BigEndian.AppendUint64(nil, count))
	})
	return int(count), err
}

// sweepRates deletes up to sweepPerHit counters whose window ended before
// now.
func sweepRates(b *bbolt.Bucket, now int64) error {
	c := b.Cursor()
	for i, k := 0, firstKey(c); i < sweepPerHit && k != nil; i, k = i+1, firstKey(c) {
		if len(k) < 8 || int64(binary.BigEndian.Uint64(k[:8])) > now {
			return nil
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func firstKey(c *bbolt.Cursor) []byte {
	k, _ := c.First()
	return k
}
