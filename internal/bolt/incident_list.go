package bolt

import (
	"context"
	"encoding/binary"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// The incident index has one sub-bucket per filter, each holding the key
// of every incident that passes it. A list walks one sub-bucket from the
// newest key and reads only the incidents it returns, however many others
// the history holds.
var filters = []herald.IncidentFilter{
	herald.FilterAll, herald.FilterDraft, herald.FilterUnresolved, herald.FilterResolved,
}

func createFilterBuckets(idx *bbolt.Bucket) error {
	for _, f := range filters {
		if _, err := idx.CreateBucketIfNotExists([]byte(f)); err != nil {
			return err
		}
	}
	return nil
}

// incidentKey orders incidents by creation time, then id: the Unix seconds
// with the sign bit flipped (so that times before 1970 sort first), the
// nanoseconds, then the id, all big-endian.
func incidentKey(inc *herald.Incident) []byte {
	k := make([]byte, 12, 12+len(inc.ID))
	binary.BigEndian.PutUint64(k, uint64(inc.CreatedAt.Unix())^1<<63)
	binary.BigEndian.PutUint32(k[8:], uint32(inc.CreatedAt.Nanosecond()))
	return append(k, inc.ID...)
}

// reindexIncident moves an incident's keys from the filters old passed to
// the ones next passes. old is nil for a new incident.
func reindexIncident(idx *bbolt.Bucket, old, next *herald.Incident) error {
	for _, f := range filters {
		b := idx.Bucket([]byte(f))
		if old != nil && f.Match(old) {
			if err := b.Delete(incidentKey(old)); err != nil {
				return err
			}
		}
		if f.Match(next) {
			if err := b.Put(incidentKey(next), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// Incidents returns the incidents passing f, newest first by creation time
// and then by id, descending. A limit of 0 or less means 100; at most 1000
// are returned. The cursor is the key of the last incident returned, so a
// page follows on correctly while incidents are added.
func (db *DB) Incidents(ctx context.Context, f herald.IncidentFilter,
	o herald.ListOptions) ([]*herald.Incident, string, error) {
	if !f.Valid() {
		return nil, "", herald.Errorf(herald.EINVALID, "%q is not an incident filter", f)
	}
	start, err := decodeCursor(o.Cursor)
	if err != nil {
		return nil, "", err
	}

	n := pageSize(o.Limit)
	var out []*herald.Incident
	var next string
	err = db.view(ctx, "list incidents", func(tx *bbolt.Tx) error {
		incidents := tx.Bucket(bucketIncidents)
		c := tx.Bucket(bucketIncidentIndex).Bucket([]byte(f)).Cursor()
		k := seekBefore(c, start)
		var last []byte
		for ; k != nil && len(out) < n; k, _ = c.Prev() {
			id := string(k[12:])
			inc, err := indexed[herald.Incident](incidents, id)
			if err != nil {
				return err
			}
			out, last = append(out, inc), k
		}
		if k != nil {
			next = encodeCursor(last)
		}
		return nil
	})
	return out, next, err
}

// seekBefore positions c on the greatest key less than start, or on the last
// key when start is nil, and returns it.
func seekBefore(c *bbolt.Cursor, start []byte) []byte {
	if start == nil {
		k, _ := c.Last()
		return k
	}
	if k, _ := c.Seek(start); k == nil {
		k, _ = c.Last()
		return k
	}
	k, _ := c.Prev()
	return k
}
