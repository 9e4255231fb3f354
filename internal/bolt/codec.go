package bolt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// get decodes the JSON item under key into a new T, and returns nil when
// there is none.
func get[T any](b *bbolt.Bucket, key string) (*T, error) {
	data := b.Get([]byte(key))
	if data == nil {
		return nil, nil
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, corrupt(key, err)
	}
	return v, nil
}

// read returns the item under id; ENOTFOUND if there is none.
func read[T any](ctx context.Context, db *DB, bucket []byte, kind, id string) (*T, error) {
	var v *T
	err := db.view(ctx, "read "+kind, func(tx *bbolt.Tx) error {
		var err error
		v, err = get[T](tx.Bucket(bucket), id)
		if err == nil && v == nil {
			return notFound(kind, id)
		}
		return err
	})
	return v, err
}

// readAll returns every item of a bucket, in key order.
func readAll[T any](ctx context.Context, db *DB, bucket []byte, what string) ([]*T, error) {
	var out []*T
	err := db.view(ctx, "list "+what, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucket)
		return b.ForEach(func(k, _ []byte) error {
			v, err := get[T](b, string(k))
			if v != nil {
				out = append(out, v)
			}
			return err
		})
	})
	return out, err
}

// put stores v as JSON under key.
func put(b *bbolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return &herald.Error{Code: herald.EINTERNAL, Message: "cannot encode an item", Err: err}
	}
	return b.Put([]byte(key), data)
}

// corrupt reports an item that no longer decodes: a bug or a damaged file,
// which retrying will not mend.
func corrupt(key string, err error) error {
	return &herald.Error{
		Code:    herald.EINTERNAL,
		Message: "a stored item cannot be read",
		Err:     fmt.Errorf("bolt: decode %q: %w", key, err),
	}
}

// errIndexedMissing is the cause of a corrupt index: it names an item that
// is not stored.
var errIndexedMissing = errors.New("indexed but not stored")

// indexed returns the item with the key an index gave, which must be
// stored: a missing one is a corrupt index.
func indexed[T any](b *bbolt.Bucket, key string) (*T, error) {
	v, err := get[T](b, key)
	if err == nil && v == nil {
		return nil, corrupt(key, errIndexedMissing)
	}
	return v, err
}

// Page sizes: a list asked for no limit gets defaultLimit items, and none
// gets more than maxLimit.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

func pageSize(limit int) int {
	if limit <= 0 {
		return defaultLimit
	}
	return min(limit, maxLimit)
}

// A list cursor is the last key of the page before, base64url-encoded so
// that callers treat it as opaque.
func encodeCursor(key []byte) string {
	return base64.RawURLEncoding.EncodeToString(key)
}

// decodeCursor returns the key cursor names; nil for "", the first page.
func decodeCursor(cursor string) ([]byte, error) {
	if cursor == "" {
		return nil, nil
	}
	key, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(key) == 0 {
		return nil, herald.Errorf(herald.EINVALID, "the cursor is not one this list gave")
	}
	return key, nil
}
