package bolt

import (
	"context"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// SaveAlertGroup writes g alone if its stored version is still g.Version
// (0: if none is stored); ECONFLICT otherwise.
func (db *DB) SaveAlertGroup(ctx context.Context, g *herald.AlertGroup) error {
	if err := requireID("alert group", g.Key); err != nil {
		return err
	}
	cp := *g
	err := db.update(ctx, "save alert group", func(tx *bbolt.Tx) error {
		return writeGroup(tx, &cp)
	})
	if err == nil {
		g.Version = cp.Version
	}
	return err
}

// AlertGroupsDue returns the groups whose DueAt is at or before t. Groups
// are few and small, so it reads them all rather than keep an index.
func (db *DB) AlertGroupsDue(ctx context.Context, t time.Time) ([]*herald.AlertGroup, error) {
	all, err := readAll[herald.AlertGroup](ctx, db, bucketAlertGroups, "alert groups")
	if err != nil {
		return nil, err
	}
	out := []*herald.AlertGroup{}
	for _, g := range all {
		if g.DueAt != nil && !g.DueAt.After(t) {
			out = append(out, g)
		}
	}
	return out, nil
}
