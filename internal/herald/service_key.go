package herald

import (
	"context"
	"strings"
)

// AuthenticateIntegration returns the integration a key belongs to, or an
// EUNAUTHORIZED error that does not say which part was wrong.
func (s *Service) AuthenticateIntegration(ctx context.Context, key string) (*Integration, error) {
	id, secret, ok := SplitKey(IntegrationKeyPrefix, key)
	if !ok {
		return nil, errBadKey
	}
	in, err := s.Store.Integration(ctx, id)
	if IsNotFound(err) {
		return nil, errBadKey
	} else if err != nil {
		return nil, err
	}
	if !SecretMatches(secret, in.KeyHash) {
		return nil, errBadKey
	}
	return in, nil
}

var errBadKey = Errorf(EUNAUTHORIZED, "the key is missing, malformed or wrong")

// CreateAPIKey adds an admin key and returns it, shown this once.
func (s *Service) CreateAPIKey(ctx context.Context, name string) (*APIKey, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > MaxNameLen {
		return nil, "", FieldError("name", "is required, at most %d characters", MaxNameLen)
	}
	k := &APIKey{ID: NewID("key"), Name: name, CreatedAt: s.now()}
	key, hash := NewKey(AdminKeyPrefix, k.ID)
	k.Hash = hash
	if err := s.Store.CreateAPIKey(ctx, k); err != nil {
		return nil, "", err
	}
	return k, key, nil
}

// Bootstrap makes sure an admin can get in. A key from configuration is
// accepted as it is, and only its hash is kept, in memory. Without one, a
// store with no admin keys gets a new key, which Bootstrap returns so that
// the caller can print it once; otherwise it returns "".
func (s *Service) Bootstrap(ctx context.Context, configured string) (string, error) {
	if configured != "" {
		s.bootstrapHash = HashSecret(configured)
		return "", nil
	}
	keys, err := s.Store.APIKeys(ctx)
	if err != nil || len(keys) > 0 {
		return "", err
	}
	_, key, err := s.CreateAPIKey(ctx, "first admin key")
	return key, err
}

// AuthenticateAdmin returns the admin key that key is, or EUNAUTHORIZED.
func (s *Service) AuthenticateAdmin(ctx context.Context, key string) (*APIKey, error) {
	if s.bootstrapHash != "" && SecretMatches(key, s.bootstrapHash) {
		return &APIKey{ID: "configured", Name: "HERALD_ADMIN_KEY"}, nil
	}
	id, secret, ok := SplitKey(AdminKeyPrefix, key)
	if !ok {
		return nil, errBadKey
	}
	k, err := s.Store.APIKey(ctx, id)
	if IsNotFound(err) {
		return nil, errBadKey
	} else if err != nil {
		return nil, err
	}
	if !SecretMatches(secret, k.Hash) {
		return nil, errBadKey
	}
	return k, nil
}
