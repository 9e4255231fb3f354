package storetest

import (
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func newIntegration(id string, min int) *herald.Integration {
	_, hash := herald.NewKey(herald.IntegrationKeyPrefix, id)
	return &herald.Integration{
		ID: id, Source: herald.SourceAlertmanager, Name: "Alertmanager " + id,
		AutoPublish: true, KeyHash: hash, CreatedAt: at(min),
	}
}

func newAPIKey(id string, min int) *herald.APIKey {
	_, hash := herald.NewKey(herald.AdminKeyPrefix, id)
	return &herald.APIKey{ID: id, Name: "Key of " + id, Hash: hash, CreatedAt: at(min)}
}

func testIntegrations(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("CreateOK", func(t *testing.T) {
		s := open(t)
		in := newIntegration("int_a", 0)
		in.CreatedAt = in.CreatedAt.In(zone)
		noError(t, s.CreateIntegration(t.Context(), in), "create integration")
		wantVersion(t, in.Version, 1, "created integration")
		got, err := s.Integration(t.Context(), in.ID)
		noError(t, err, "read integration")
		wantEqual(t, got, in, "stored integration (with its key hash)")
		wantUTC(t, "stored integration", got.CreatedAt)
	})

	t.Run("ErrDuplicate", func(t *testing.T) {
		s := open(t)
		noError(t, s.CreateIntegration(t.Context(), newIntegration("int_a", 0)), "create")
		err := s.CreateIntegration(t.Context(), newIntegration("int_a", 1))
		wantCode(t, err, herald.ECONFLICT, "create a taken id")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).Integration(t.Context(), "int_ghost")
		wantCode(t, err, herald.ENOTFOUND, "read a missing integration")
	})

	t.Run("OldestFirst", func(t *testing.T) {
		s := open(t)
		got, err := s.Integrations(t.Context())
		noError(t, err, "list no integrations")
		wantEqual(t, got, []*herald.Integration{}, "no integrations")

		a, b := newIntegration("int_a", 20), newIntegration("int_b", 0)
		c := newIntegration("int_c", 10)
		for _, in := range []*herald.Integration{a, b, c} {
			noError(t, s.CreateIntegration(t.Context(), in), "create integration")
		}
		got, err = s.Integrations(t.Context())
		noError(t, err, "list integrations")
		wantEqual(t, got, []*herald.Integration{b, c, a}, "integrations")
	})
}

func testAPIKeys(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("CreateOK", func(t *testing.T) {
		s := open(t)
		k := newAPIKey("key_a", 0)
		noError(t, s.CreateAPIKey(t.Context(), k), "create API key")
		wantVersion(t, k.Version, 1, "created API key")
		got, err := s.APIKey(t.Context(), k.ID)
		noError(t, err, "read API key")
		wantEqual(t, got, k, "stored API key (with its hash)")
	})

	t.Run("ErrDuplicate", func(t *testing.T) {
		s := open(t)
		noError(t, s.CreateAPIKey(t.Context(), newAPIKey("key_a", 0)), "create")
		err := s.CreateAPIKey(t.Context(), newAPIKey("key_a", 1))
		wantCode(t, err, herald.ECONFLICT, "create a taken id")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).APIKey(t.Context(), "key_ghost")
		wantCode(t, err, herald.ENOTFOUND, "read a missing API key")
	})

	t.Run("OldestFirst", func(t *testing.T) {
		s := open(t)
		a, b, c := newAPIKey("key_a", 5), newAPIKey("key_b", 5), newAPIKey("key_c", 0)
		for _, k := range []*herald.APIKey{b, a, c} {
			noError(t, s.CreateAPIKey(t.Context(), k), "create API key")
		}
		got, err := s.APIKeys(t.Context())
		noError(t, err, "list API keys")
		wantEqual(t, got, []*herald.APIKey{c, a, b}, "API keys")
	})
}
