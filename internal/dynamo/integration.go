package dynamo

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// Integrations and admin keys keep only the hash of their key, in the
// key_hash attribute: the domain types leave the hash out of their JSON.

// CreateIntegration stores a new integration at version 1; ECONFLICT if
// its id is taken.
func (s *Store) CreateIntegration(ctx context.Context, in *herald.Integration) error {
	if err := requireID("id", in.ID); err != nil {
		return err
	}
	v := *in
	v.Version = 1
	item, err := encode(&v, integrationKey(in.ID), typeIntegration, index{})
	if err != nil {
		return err
	}
	item[attrKeyHash] = str(in.KeyHash)
	setSecret(item, in)
	if err := s.create(ctx, item, "integration "+in.ID); err != nil {
		return err
	}
	in.Version = 1
	return nil
}

// Integration returns one integration; ENOTFOUND if there is none.
func (s *Store) Integration(ctx context.Context, id string) (*herald.Integration, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	item, err := s.getItem(ctx, integrationKey(id), "integration "+id)
	if err != nil {
		return nil, err
	}
	in := new(herald.Integration)
	if err := decode(item, in); err != nil {
		return nil, err
	}
	in.KeyHash = stringAttr(item, attrKeyHash)
	in.SigningSecret = stringAttr(item, attrSigningSecret)
	return in, nil
}

// Integrations returns every integration, oldest first.
func (s *Store) Integrations(ctx context.Context) ([]*herald.Integration, error) {
	items, err := s.queryAll(ctx, integrationKey("").pk, "integrations")
	if err != nil {
		return nil, err
	}
	ins, err := decodeAll[herald.Integration](items)
	if err != nil {
		return nil, err
	}
	for i, in := range ins {
		in.KeyHash = stringAttr(items[i], attrKeyHash)
		in.SigningSecret = stringAttr(items[i], attrSigningSecret)
	}
	sortOldestFirst(ins, func(in *herald.Integration) (time.Time, string) {
		return in.CreatedAt, in.ID
	})
	return ins, nil
}

// CreateAPIKey stores a new admin key at version 1; ECONFLICT if its id is
// taken.
func (s *Store) CreateAPIKey(ctx context.Context, k *herald.APIKey) error {
	if err := requireID("id", k.ID); err != nil {
		return err
	}
	v := *k
	v.Version = 1
	item, err := encode(&v, apiKeyKey(k.ID), typeAPIKey, index{})
	if err != nil {
		return err
	}
	item[attrKeyHash] = str(k.Hash)
	if err := s.create(ctx, item, "API key "+k.ID); err != nil {
		return err
	}
	k.Version = 1
	return nil
}

// APIKey returns one admin key; ENOTFOUND if there is none.
func (s *Store) APIKey(ctx context.Context, id string) (*herald.APIKey, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	k := new(herald.APIKey)
	hash, err := s.getHashed(ctx, apiKeyKey(id), k, "API key "+id)
	if err != nil {
		return nil, err
	}
	k.Hash = hash
	return k, nil
}

// APIKeys returns every admin key, oldest first.
func (s *Store) APIKeys(ctx context.Context) ([]*herald.APIKey, error) {
	items, err := s.queryAll(ctx, apiKeyKey("").pk, "API keys")
	if err != nil {
		return nil, err
	}
	keys, err := decodeAll[herald.APIKey](items)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		k.Hash = stringAttr(items[i], attrKeyHash)
	}
	sortOldestFirst(keys, func(k *herald.APIKey) (time.Time, string) { return k.CreatedAt, k.ID })
	return keys, nil
}

// getHashed reads an item into v and returns its key hash.
func (s *Store) getHashed(ctx context.Context, k key, v any, what string) (string, error) {
	item, err := s.getItem(ctx, k, what)
	if err != nil {
		return "", err
	}
	if err := decode(item, v); err != nil {
		return "", err
	}
	return stringAttr(item, attrKeyHash), nil
}

// sortOldestFirst sorts xs by creation time, then id.
func sortOldestFirst[T any](xs []T, by func(T) (time.Time, string)) {
	slices.SortFunc(xs, func(a, b T) int {
		ta, ia := by(a)
		tb, ib := by(b)
		return cmp.Or(ta.Compare(tb), cmp.Compare(ia, ib))
	})
}
