package bolt

import (
	"context"
	"slices"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// importChunk is how many subscribers one transaction of
// ImportSubscribers writes: bbolt splits its nodes only at commit, so one
// huge transaction would be slow, and one per subscriber costs a disk
// sync each.
const importChunk = 1000

// ImportSubscribers stores many new subscribers, importChunk to a
// transaction, each as CreateSubscriber would, with its change record. It
// stops at the first that fails, ECONFLICT if its id or address is taken;
// the transactions before that one are kept. It is for loading a list
// into the embedded store, and for seeding tests and benchmarks, in
// seconds rather than minutes.
func (db *DB) ImportSubscribers(ctx context.Context, subs []*herald.Subscriber) error {
	for chunk := range slices.Chunk(subs, importChunk) {
		versions := make([]int64, len(chunk))
		err := db.update(ctx, "import subscribers", func(tx *bbolt.Tx) error {
			for i, s := range chunk {
				if err := requireID("subscriber", s.ID); err != nil {
					return err
				}
				fresh := *s
				fresh.Version = 0
				if err := db.writeSubscriber(tx, &fresh); err != nil {
					return err
				}
				versions[i] = fresh.Version
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, s := range chunk {
			s.Version = versions[i]
		}
	}
	return nil
}
