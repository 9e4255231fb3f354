package dynamo

import (
	"context"

	"github.com/herald-status/herald/internal/herald"
)

// attrSigningSecret keeps an integration's signing secret beside its key
// hash, out of the domain type's JSON.
const attrSigningSecret = "signing_secret"

// setSecret adds in's signing secret, if it has one, to its item.
func setSecret(item attrMap, in *herald.Integration) {
	if in.SigningSecret != "" {
		item[attrSigningSecret] = str(in.SigningSecret)
	}
}

// UpdateIntegration writes in if its stored version is still in.Version;
// ENOTFOUND if there is none, ECONFLICT if it moved.
func (s *Store) UpdateIntegration(ctx context.Context, in *herald.Integration) error {
	if err := requireID("id", in.ID); err != nil {
		return err
	}
	v := *in
	v.Version = in.Version + 1
	item, err := encode(&v, integrationKey(in.ID), typeIntegration, index{})
	if err != nil {
		return err
	}
	item[attrKeyHash] = str(in.KeyHash)
	setSecret(item, in)
	if err := s.replace(ctx, item, in.Version, "integration "+in.ID); err != nil {
		return err
	}
	in.Version = v.Version
	return nil
}
