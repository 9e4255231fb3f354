// Package bolt is Herald's embedded store: one bbolt file in a folder, so
// that `make run` needs nothing else installed and its data survives a
// restart. DB implements herald.Store and herald.ChangeFeed.
//
// Entities are kept as JSON, one bucket per kind, beside index buckets
// that keep lists in order without decoding every item. Every write of a
// component, incident or subscriber appends a change record in the same
// transaction, so the change feed holds exactly the committed writes, in
// commit order.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// FileName is the name of the database file inside the folder given to Open.
const FileName = "herald.db"

// The buckets. Index buckets hold keys only, or the id a key points at.
var (
	bucketComponents    = []byte("components")
	bucketIncidents     = []byte("incidents")       // id → incident; its sequence numbers them
	bucketIncidentIndex = []byte("incident_index")  // one sub-bucket per filter
	bucketAlertGroups   = []byte("alert_groups")    // key → group
	bucketSubscribers   = []byte("subscribers")     // id → subscriber
	bucketAddresses     = []byte("subscriber_addr") // type NUL address → id
	bucketActive        = []byte("subscriber_active")
	bucketIntegrations  = []byte("integrations")
	bucketAPIKeys       = []byte("api_keys")
	bucketDeliveries    = []byte("deliveries")
	bucketDeliveryIndex = []byte("delivery_index") // incident id NUL delivery id
	bucketChanges       = []byte("changes")        // seq → time + change
	bucketCursors       = []byte("cursors")        // consumer → seq
	bucketRates         = []byte("rates")          // window end + key → count
)

var allBuckets = [][]byte{
	bucketComponents, bucketIncidents, bucketIncidentIndex, bucketAlertGroups,
	bucketSubscribers, bucketAddresses, bucketActive, bucketIntegrations,
	bucketAPIKeys, bucketDeliveries, bucketDeliveryIndex, bucketChanges, bucketCursors,
	bucketRates,
	bucketFollowers,
	bucketIntakes,
}

// DB is a Herald store in one bbolt file. It is safe for concurrent use by
// one process; bbolt locks the file against a second one.
type DB struct {
	bolt *bbolt.DB
	now  func() time.Time // the clock that dates change records
}

var (
	_ herald.Store      = (*DB)(nil)
	_ herald.ChangeFeed = (*DB)(nil)
)

// Open opens the store in dir, creating the folder and its herald.db file
// if needed. It waits at most a second for another process to let go of
// the file.
func Open(dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("bolt: create %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("bolt: open %s: %w", path, err)
	}

	// Concurrent fan-out workers' delivery writes share a transaction
	// (see delivery.go); a lone write waits this long for company.
	b.MaxBatchDelay = 2 * time.Millisecond
	db := &DB{bolt: b, now: time.Now}
	err = b.Update(func(tx *bbolt.Tx) error {
		unindexed := tx.Bucket(bucketFollowers) == nil
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if unindexed {
			if err := rebuildFollowers(tx); err != nil {
				return err
			}
		}
		return createFilterBuckets(tx.Bucket(bucketIncidentIndex))
	})
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("bolt: create buckets in %s: %w", path, err)
	}
	return db, nil
}

// Close releases the file. Calls made after Close fail with EUNAVAILABLE.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("bolt: close: %w", err)
	}
	return nil
}

// update runs fn in a write transaction. An *herald.Error from fn is the
// answer; any other failure is the store's and becomes EUNAVAILABLE.
func (db *DB) update(ctx context.Context, what string, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the store")
	}
	return storeError(what, db.bolt.Update(fn))
}

// view runs fn in a read transaction, mapping errors as update does.
func (db *DB) view(ctx context.Context, what string, fn func(tx *bbolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return herald.Unavailable(err, "the store")
	}
	return storeError(what, db.bolt.View(fn))
}

func storeError(what string, err error) error {
	if err == nil {
		return nil
	}
	var he *herald.Error
	if errors.As(err, &he) {
		return err
	}
	return herald.Unavailable(fmt.Errorf("bolt: %s: %w", what, err), "the store")
}

// notFound and conflict build the two answers a store gives most.
func notFound(kind, id string) error {
	return herald.Errorf(herald.ENOTFOUND, "%s %q does not exist", kind, id)
}

func conflict(format string, args ...any) error {
	return herald.Errorf(herald.ECONFLICT, format, args...)
}

// requireID refuses an empty id, which bbolt cannot use as a key.
func requireID(kind, id string) error {
	if id == "" {
		return herald.Errorf(herald.EINVALID, "a %s needs an id", kind)
	}
	return nil
}

// checkVersion passes when the stored version of an item, 0 for none, is
// the one the caller read: the optimistic lock every write goes through.
func checkVersion(kind, id string, stored, read int64) error {
	switch {
	case stored == read:
		return nil
	case read == 0:
		return conflict("%s %q already exists", kind, id)
	case stored == 0:
		return conflict("%s %q no longer exists", kind, id)
	}
	return conflict("%s %q has changed since it was read", kind, id)
}
