package bolt

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// NextIncidentNumber returns the next number of the incidents bucket's
// sequence, from 1. A number is used up even if its incident is never
// saved.
func (db *DB) NextIncidentNumber(ctx context.Context) (int64, error) {
	var n uint64
	err := db.update(ctx, "number incident", func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.Bucket(bucketIncidents).NextSequence()
		return err
	})
	return int64(n), err
}

// SaveIncident writes the incident, its components and its alert group in
// one transaction, each only if its stored version is still the one read
// (0: none stored). If any check fails, nothing is written, no change is
// recorded, every Version in w is left as it was, and the answer is
// ECONFLICT. On success each Version moves to the stored one.
func (db *DB) SaveIncident(ctx context.Context, w herald.IncidentWrite) error {
	if err := checkWrite(w); err != nil {
		return err
	}
	cp := copyWrite(w)
	err := db.update(ctx, "save incident", func(tx *bbolt.Tx) error {
		if err := db.writeIncident(tx, &cp.Incident); err != nil {
			return err
		}
		for i := range cp.Components {
			if err := db.writeComponent(tx, &cp.Components[i]); err != nil {
				return err
			}
		}
		if w.Group == nil {
			return nil
		}
		return writeGroup(tx, &cp.Group)
	})
	if err != nil {
		return err
	}

	w.Incident.Version = cp.Incident.Version
	for i, c := range w.Components {
		c.Version = cp.Components[i].Version
	}
	if w.Group != nil {
		w.Group.Version = cp.Group.Version
	}
	return nil
}

// checkWrite refuses a write without an incident or with an empty id.
func checkWrite(w herald.IncidentWrite) error {
	if w.Incident == nil {
		return herald.Errorf(herald.EINVALID, "an incident write needs an incident")
	}
	if err := requireID("incident", w.Incident.ID); err != nil {
		return err
	}
	for _, c := range w.Components {
		if err := requireID("component", c.ID); err != nil {
			return err
		}
	}
	if w.Group != nil {
		return requireID("alert group", w.Group.Key)
	}
	return nil
}

// writeCopy holds copies of a write's items, which the transaction moves
// on, so that a write that fails leaves the caller's items alone.
type writeCopy struct {
	Incident   herald.Incident
	Components []herald.Component
	Group      herald.AlertGroup
}

func copyWrite(w herald.IncidentWrite) *writeCopy {
	cp := &writeCopy{Incident: *w.Incident, Components: make([]herald.Component, len(w.Components))}
	for i, c := range w.Components {
		cp.Components[i] = *c
	}
	if w.Group != nil {
		cp.Group = *w.Group
	}
	return cp
}

// writeIncident stores inc if the stored version is still inc.Version,
// moves it between the list indexes, records the change, and moves
// inc.Version on.
func (db *DB) writeIncident(tx *bbolt.Tx, inc *herald.Incident) error {
	b := tx.Bucket(bucketIncidents)
	old, err := get[herald.Incident](b, inc.ID)
	if err != nil {
		return err
	}
	var have int64
	if old != nil {
		have = old.Version
	}
	if err := checkVersion("incident", inc.ID, have, inc.Version); err != nil {
		return err
	}

	stored := utcIncident(inc)
	stored.Version = inc.Version + 1
	if err := put(b, inc.ID, stored); err != nil {
		return err
	}
	if err := reindexIncident(tx.Bucket(bucketIncidentIndex), old, stored); err != nil {
		return err
	}
	inc.Version = stored.Version
	return db.emit(tx, changeRecord{
		Op: op(old != nil, true), Entity: herald.EntityIncident,
		OldIncident: old, NewIncident: stored,
	})
}

// writeGroup stores g if the stored version is still g.Version. Alert
// groups are bookkeeping, not something anyone sees: no change record.
func writeGroup(tx *bbolt.Tx, g *herald.AlertGroup) error {
	b := tx.Bucket(bucketAlertGroups)
	old, err := get[herald.AlertGroup](b, g.Key)
	if err != nil {
		return err
	}
	var have int64
	if old != nil {
		have = old.Version
	}
	if err := checkVersion("alert group", g.Key, have, g.Version); err != nil {
		return err
	}

	stored := utcGroup(g)
	stored.Version = g.Version + 1
	if err := put(b, g.Key, stored); err != nil {
		return err
	}
	g.Version = stored.Version
	return nil
}

// Incident returns one incident; ENOTFOUND if there is none.
func (db *DB) Incident(ctx context.Context, id string) (*herald.Incident, error) {
	return read[herald.Incident](ctx, db, bucketIncidents, "incident", id)
}

// AlertGroup returns the alert group with the given key; ENOTFOUND if
// there is none.
func (db *DB) AlertGroup(ctx context.Context, key string) (*herald.AlertGroup, error) {
	return read[herald.AlertGroup](ctx, db, bucketAlertGroups, "alert group", key)
}
