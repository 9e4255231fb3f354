package bolt

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"go.etcd.io/bbolt"
)

// Integrations and admin keys hide their hashes from JSON (json:"-"), so
// that no API answer can leak them. The store keeps them all the same, in
// these records.

type integrationRecord struct {
	herald.Integration
	KeyHash       string `json:"key_hash"`
	SigningSecret string `json:"signing_secret,omitempty"`
}

// integrationRecordOf returns in as stored, its times in UTC.
func integrationRecordOf(in *herald.Integration) integrationRecord {
	rec := integrationRecord{Integration: *in, KeyHash: in.KeyHash, SigningSecret: in.SigningSecret}
	rec.CreatedAt = in.CreatedAt.UTC()
	rec.UpdatedAt = in.UpdatedAt.UTC()
	rec.KeyRotatedAt = utcPtr(in.KeyRotatedAt)
	return rec
}

// integration returns the integration a record holds, secrets included.
func (rec *integrationRecord) integration() *herald.Integration {
	rec.Integration.KeyHash = rec.KeyHash
	rec.Integration.SigningSecret = rec.SigningSecret
	return &rec.Integration
}

type apiKeyRecord struct {
	herald.APIKey
	Hash string `json:"hash"`
}

// CreateIntegration stores a new integration, with its key hash, as
// version 1; ECONFLICT if its id is taken.
func (db *DB) CreateIntegration(ctx context.Context, in *herald.Integration) error {
	rec := integrationRecordOf(in)
	rec.Version = 1
	err := db.create(ctx, bucketIntegrations, "integration", in.ID, rec)
	if err == nil {
		in.Version = rec.Version
	}
	return err
}

// Integration returns one integration; ENOTFOUND if there is none.
func (db *DB) Integration(ctx context.Context, id string) (*herald.Integration, error) {
	rec, err := read[integrationRecord](ctx, db, bucketIntegrations, "integration", id)
	if err != nil {
		return nil, err
	}
	return rec.integration(), nil
}

// Integrations returns every integration, oldest first.
func (db *DB) Integrations(ctx context.Context) ([]*herald.Integration, error) {
	recs, err := readAll[integrationRecord](ctx, db, bucketIntegrations, "integrations")
	out := make([]*herald.Integration, len(recs))
	for i, rec := range recs {
		out[i] = rec.integration()
	}
	slices.SortFunc(out, func(a, b *herald.Integration) int {
		return oldestFirst(a.CreatedAt, b.CreatedAt, a.ID, b.ID)
	})
	return out, err
}

// CreateAPIKey stores a new admin key, with its hash, as version 1;
// ECONFLICT if its id is taken.
func (db *DB) CreateAPIKey(ctx context.Context, k *herald.APIKey) error {
	rec := apiKeyRecord{APIKey: *k, Hash: k.Hash}
	rec.CreatedAt = k.CreatedAt.UTC()
	rec.Version = 1
	err := db.create(ctx, bucketAPIKeys, "API key", k.ID, rec)
	if err == nil {
		k.Version = rec.Version
	}
	return err
}

// APIKey returns one admin key; ENOTFOUND if there is none.
func (db *DB) APIKey(ctx context.Context, id string) (*herald.APIKey, error) {
	rec, err := read[apiKeyRecord](ctx, db, bucketAPIKeys, "API key", id)
	if err != nil {
		return nil, err
	}
	rec.APIKey.Hash = rec.Hash
	return &rec.APIKey, nil
}

// APIKeys returns every admin key, oldest first.
func (db *DB) APIKeys(ctx context.Context) ([]*herald.APIKey, error) {
	recs, err := readAll[apiKeyRecord](ctx, db, bucketAPIKeys, "API keys")
	out := make([]*herald.APIKey, len(recs))
	for i, rec := range recs {
		rec.APIKey.Hash = rec.Hash
		out[i] = &rec.APIKey
	}
	slices.SortFunc(out, func(a, b *herald.APIKey) int {
		return oldestFirst(a.CreatedAt, b.CreatedAt, a.ID, b.ID)
	})
	return out, err
}

func oldestFirst(t, u time.Time, id, id2 string) int {
	return cmp.Or(t.Compare(u), cmp.Compare(id, id2))
}

// create stores v under id unless something is stored there already.
func (db *DB) create(ctx context.Context, bucket []byte, kind, id string, v any) error {
	if err := requireID(kind, id); err != nil {
		return err
	}
	return db.update(ctx, "create "+kind, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucket)
		if b.Get([]byte(id)) != nil {
			return conflict("%s %q already exists", kind, id)
		}
		return put(b, id, v)
	})
}
