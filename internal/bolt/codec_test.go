package bolt

import (
	"path/filepath"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// TestIndexed checks that an item an index names is read, and that one it
// names but that is not stored is reported as a corrupt index.
func TestIndexed(t *testing.T) {
	db, err := bbolt.Open(filepath.Join(t.TempDir(), "t.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	err = db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("subscribers"))
		if err != nil {
			return err
		}
		if err := put(b, "sub_1", &herald.Subscriber{ID: "sub_1"}); err != nil {
			return err
		}

		t.Run("OK", func(t *testing.T) {
			s, err := indexed[herald.Subscriber](b, "sub_1")
			if err != nil || s == nil || s.ID != "sub_1" {
				t.Errorf("indexed(sub_1) = %v, %v", s, err)
			}
		})
		t.Run("ErrMissing", func(t *testing.T) {
			s, err := indexed[herald.Subscriber](b, "sub_2")
			if s != nil || herald.ErrorCode(err) != herald.EINTERNAL {
				t.Errorf("indexed(sub_2) = %v, %v; want EINTERNAL", s, err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDecodeCursor(t *testing.T) {
	if k, err := decodeCursor(""); k != nil || err != nil {
		t.Errorf(`decodeCursor("") = %q, %v; want the first page`, k, err)
	}
	if k, err := decodeCursor(encodeCursor([]byte("sub_1"))); string(k) != "sub_1" || err != nil {
		t.Errorf("decodeCursor(sub_1's cursor) = %q, %v", k, err)
	}
	if _, err := decodeCursor("not base64!"); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("decodeCursor(junk) = %v, want EINVALID", err)
	}
}
