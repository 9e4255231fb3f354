package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// changeTTL is how long change records are kept. A consumer that falls
// further behind than this misses the oldest changes, as it would reading
// a DynamoDB stream, whose records live 24 hours.
const changeTTL = 7 * 24 * time.Hour

// trimBatch bounds the old records one write deletes, so that trimming a
// long-idle log never makes a single write slow.
const trimBatch = 64

// changeRecord is a herald.Change as stored. Its Seq is its key.
type changeRecord struct {
	Op           herald.Op         `json:"op"`
	Entity       herald.Entity     `json:"entity"`
	OldComponent *herald.Component `json:"old_component,omitempty"`
	NewComponent *herald.Component `json:"new_component,omitempty"`
	OldIncident  *herald.Incident  `json:"old_incident,omitempty"`
	NewIncident  *herald.Incident  `json:"new_incident,omitempty"`
}

// formatSeq turns the changes bucket's sequence number into a Seq: 20
// decimal digits, zero-padded. No uint64 has more than 20 digits, so two
// Seqs compare as strings (and as bbolt keys) exactly as their numbers
// do. bbolt runs one write transaction at a time and numbers the records
// inside it, so Seq order is commit order.
func formatSeq(n uint64) string { return fmt.Sprintf("%020d", n) }

// op returns the operation that turns old into new, either being nil.
func op(hadOld, hasNew bool) herald.Op {
	switch {
	case !hadOld:
		return herald.OpInsert
	case !hasNew:
		return herald.OpRemove
	}
	return herald.OpModify
}

// emit appends rec to the change log inside tx, so that it commits or
// rolls back with the write it records. Each stored record is the time it
// was written (8 bytes, Unix nanoseconds) followed by its JSON.
func (db *DB) emit(tx *bbolt.Tx, rec changeRecord) error {
	b := tx.Bucket(bucketChanges)
	now := db.now()
	if err := trimChanges(b, now.Add(-changeTTL)); err != nil {
		return fmt.Errorf("trim changes: %w", err)
	}

	n, err := b.NextSequence()
	if err != nil {
		return err
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return &herald.Error{Code: herald.EINTERNAL, Message: "cannot encode a change", Err: err}
	}
	val := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(data)), uint64(now.UnixNano()))
	return b.Put([]byte(formatSeq(n)), append(val, data...))
}

// trimChanges deletes up to trimBatch records written before cutoff,
// oldest first.
func trimChanges(b *bbolt.Bucket, cutoff time.Time) error {
	c := b.Cursor()
	for range trimBatch {
		k, v := c.First()
		if k == nil || len(v) < 8 || int64(binary.BigEndian.Uint64(v)) >= cutoff.UnixNano() {
			return nil
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// Changes returns up to limit changes after the one with sequence after,
// oldest first. A limit of 0 or less means 100; at most 1000 are returned.
func (db *DB) Changes(ctx context.Context, after string, limit int) ([]herald.Change, error) {
	n := pageSize(limit)
	var out []herald.Change
	err := db.view(ctx, "read changes", func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketChanges).Cursor()
		for k, v := seekAfter(c, []byte(after)); k != nil && len(out) < n; k, v = c.Next() {
			ch, err := decodeChange(k, v)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	return out, err
}

// decodeChange turns a stored record back into a herald.Change.
func decodeChange(k, v []byte) (herald.Change, error) {
	var rec changeRecord
	if len(v) < 8 {
		return herald.Change{}, corrupt(string(k), errors.New("record too short"))
	}
	if err := json.Unmarshal(v[8:], &rec); err != nil {
		return herald.Change{}, corrupt(string(k), err)
	}
	return herald.Change{
		Seq: string(k), Op: rec.Op, Entity: rec.Entity,
		OldComponent: rec.OldComponent, NewComponent: rec.NewComponent,
		OldIncident: rec.OldIncident, NewIncident: rec.NewIncident,
	}, nil
}

// Cursor returns the last sequence the consumer acknowledged, or "".
func (db *DB) Cursor(ctx context.Context, consumer string) (string, error) {
	var seq string
	err := db.view(ctx, "read cursor", func(tx *bbolt.Tx) error {
		seq = string(tx.Bucket(bucketCursors).Get([]byte(consumer)))
		return nil
	})
	return seq, err
}

// SetCursor records that the consumer has handled every change up to and
// including seq.
func (db *DB) SetCursor(ctx context.Context, consumer, seq string) error {
	if err := requireID("consumer", consumer); err != nil {
		return err
	}
	return db.update(ctx, "set cursor", func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketCursors).Put([]byte(consumer), []byte(seq))
	})
}
