package bolt

import (
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// SetClock makes db date its change records by now.
func SetClock(db *DB, now func() time.Time) { db.now = now }

// CreateSubscribers stores many new subscribers in one transaction, through
// the same steps as CreateSubscriber, so that benchmarks can seed a large
// store in seconds.
func CreateSubscribers(db *DB, subs []*herald.Subscriber) error {
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		for _, s := range subs {
			fresh := *s
			fresh.Version = 0
			if err := db.writeSubscriber(tx, &fresh); err != nil {
				return err
			}
		}
		return nil
	})
}
