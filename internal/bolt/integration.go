package bolt

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// UpdateIntegration writes in if its stored version is still in.Version;
// ENOTFOUND if there is none, ECONFLICT if it moved.
func (db *DB) UpdateIntegration(ctx context.Context, in *herald.Integration) error {
	if err := requireID("integration", in.ID); err != nil {
		return err
	}
	rec := integrationRecordOf(in)
	rec.Version = in.Version + 1
	err := db.update(ctx, "update integration", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketIntegrations)
		old, err := get[integrationRecord](b, in.ID)
		if err != nil {
			return err
		}
		if old == nil {
			return notFound("integration", in.ID)
		}
		if err := checkVersion("integration", in.ID, old.Version, in.Version); err != nil {
			return err
		}
		return put(b, in.ID, rec)
	})
	if err == nil {
		in.Version = rec.Version
	}
	return err
}
