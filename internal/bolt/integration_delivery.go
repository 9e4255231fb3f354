package bolt

import (
	"bytes"
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// The log of requests from monitoring tools lives in its own bucket, made
// on the first write, under keys of integration id, NUL, the time it was
// received (sortable), NUL, its id: one integration's log is one range of
// keys, oldest first.
var bucketIntakes = []byte("integration_deliveries")

const intakeTime = "2006-01-02T15:04:05.000000000Z"

func intakeKey(d *herald.IntegrationDelivery) []byte {
	return []byte(d.IntegrationID + "\x00" + d.ReceivedAt.UTC().Format(intakeTime) + "\x00" + d.ID)
}

// AddIntegrationDelivery records a request, and forgets the integration's
// records that are past herald.IntegrationDeliveryTTL or beyond the newest
// herald.MaxIntegrationDeliveries.
func (db *DB) AddIntegrationDelivery(ctx context.Context, d *herald.IntegrationDelivery) error {
	if err := requireID("integration delivery", d.ID); err != nil {
		return err
	}
	if err := requireID("integration", d.IntegrationID); err != nil {
		return err
	}
	cp := *d
	cp.ReceivedAt = d.ReceivedAt.UTC()
	return db.update(ctx, "add integration delivery", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketIntakes)
		if err := put(b, string(intakeKey(&cp)), &cp); err != nil {
			return err
		}
		return pruneIntakes(b, d.IntegrationID, db.now())
	})
}

// pruneIntakes deletes an integration's expired records and those beyond
// the newest MaxIntegrationDeliveries.
func pruneIntakes(b *bbolt.Bucket, integrationID string, now time.Time) error {
	prefix := []byte(integrationID + "\x00")
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	cutoff := []byte(integrationID + "\x00" +
		now.UTC().Add(-herald.IntegrationDeliveryTTL).Format(intakeTime))
	for i, k := range keys {
		if len(keys)-i > herald.MaxIntegrationDeliveries || bytes.Compare(k, cutoff) < 0 {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// IntegrationDeliveries returns at most limit of an integration's records,
// newest first, none older than herald.IntegrationDeliveryTTL.
func (db *DB) IntegrationDeliveries(ctx context.Context, integrationID string,
	limit int) ([]*herald.IntegrationDelivery, error) {
	if err := requireID("integration", integrationID); err != nil {
		return nil, err
	}
	out := []*herald.IntegrationDelivery{}
	oldest := db.now().UTC().Add(-herald.IntegrationDeliveryTTL)
	err := db.view(ctx, "list integration deliveries", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketIntakes)
		prefix := []byte(integrationID + "\x00")
		c := b.Cursor()
		k := seekBefore(c, append(bytes.Clone(prefix), 0xff))
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < limit; k, _ = c.Prev() {
			d, err := get[herald.IntegrationDelivery](b, string(k))
			if err != nil {
				return err
			}
			if d.ReceivedAt.Before(oldest) {
				break
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}
