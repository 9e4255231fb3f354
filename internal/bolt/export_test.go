package bolt

import (
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// SetClock makes db date its change records by now.
func SetClock(db *DB, now func() time.Time) { db.now = now }

// CreateSubscribers stores many new subscribers, a thousand to a
// transaction, through the same steps as CreateSubscriber, so that
// benchmarks can seed a large store in seconds. (bbolt splits its nodes
// only at commit, so one huge transaction would be quadratic.)
func CreateSubscribers(db *DB, subs []*herald.Subscriber) error {
	for chunk := range slices.Chunk(subs, 1000) {
		err := db.bolt.Update(func(tx *bbolt.Tx) error {
			for _, s := range chunk {
				fresh := *s
				fresh.Version = 0
				if err := db.writeSubscriber(tx, &fresh); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
