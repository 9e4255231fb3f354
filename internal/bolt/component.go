package bolt

import (
	"cmp"
	"context"
	"slices"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// CreateComponent stores a new component as version 1; ECONFLICT if its id
// is taken.
func (db *DB) CreateComponent(ctx context.Context, c *herald.Component) error {
	if err := requireID("component", c.ID); err != nil {
		return err
	}
	fresh := *c
	fresh.Version = 0
	err := db.update(ctx, "create component", func(tx *bbolt.Tx) error {
		return db.writeComponent(tx, &fresh)
	})
	if err == nil {
		c.Version = fresh.Version
	}
	return err
}

// Component returns one component; ENOTFOUND if there is none.
func (db *DB) Component(ctx context.Context, id string) (*herald.Component, error) {
	return read[herald.Component](ctx, db, bucketComponents, "component", id)
}

// Components returns every component, ordered by position, then name, then
// id.
func (db *DB) Components(ctx context.Context) ([]*herald.Component, error) {
	out, err := readAll[herald.Component](ctx, db, bucketComponents, "components")
	slices.SortFunc(out, func(a, b *herald.Component) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, err
}

// UpdateComponent writes c if its stored version is still c.Version, and
// sets c.Version to the new one; ENOTFOUND if there is no such component.
func (db *DB) UpdateComponent(ctx context.Context, c *herald.Component) error {
	next := *c
	err := db.update(ctx, "update component", func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketComponents).Get([]byte(c.ID)) == nil {
			return notFound("component", c.ID)
		}
		return db.writeComponent(tx, &next)
	})
	if err == nil {
		c.Version = next.Version
	}
	return err
}

// DeleteComponent removes a component; ENOTFOUND if there is none.
func (db *DB) DeleteComponent(ctx context.Context, id string) error {
	return db.update(ctx, "delete component", func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketComponents)
		old, err := get[herald.Component](b, id)
		if err != nil {
			return err
		}
		if old == nil {
			return notFound("component", id)
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		return db.emit(tx, changeRecord{
			Op: herald.OpRemove, Entity: herald.EntityComponent, OldComponent: old,
		})
	})
}

// writeComponent stores c if the stored version is still c.Version (0: no
// component stored), records the change, and moves c.Version on. The
// caller must use c only if the transaction commits.
func (db *DB) writeComponent(tx *bbolt.Tx, c *herald.Component) error {
	b := tx.Bucket(bucketComponents)
	old, err := get[herald.Component](b, c.ID)
	if err != nil {
		return err
	}
	var have int64
	if old != nil {
		have = old.Version
	}
	if err := checkVersion("component", c.ID, have, c.Version); err != nil {
		return err
	}

	stored := utcComponent(c)
	stored.Version = c.Version + 1
	if err := put(b, c.ID, stored); err != nil {
		return err
	}
	c.Version = stored.Version
	return db.emit(tx, changeRecord{
		Op: op(old != nil, true), Entity: herald.EntityComponent,
		OldComponent: old, NewComponent: stored,
	})
}
