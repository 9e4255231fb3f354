package herald

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// CreateIntegration adds a monitoring tool and returns its key, which is
// shown this once and stored only as a hash.
func (s *Service) CreateIntegration(ctx context.Context, in *Integration) (string, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.ResolveTo == "" {
		in.ResolveTo = Resolved
	}
	if in.Mapping.Rules == nil {
		in.Mapping.Rules = []MappingRule{}
	}
	if err := s.checkIntegration(ctx, in); err != nil {
		return "", err
	}
	in.ID = NewID("int")
	in.CreatedAt = s.now()
	in.UpdatedAt = in.CreatedAt
	in.Version = 0
	key, hash := NewKey(IntegrationKeyPrefix, in.ID)
	in.KeyHash = hash
	if err := s.Store.CreateIntegration(ctx, in); err != nil {
		return "", err
	}
	return key, nil
}

// checkIntegration validates in and checks that the components its
// mapping names exist.
func (s *Service) checkIntegration(ctx context.Context, in *Integration) error {
	if err := in.Validate(); err != nil {
		return err
	}
	ids := in.Mapping.componentIDs()
	if len(ids) == 0 {
		return nil
	}
	comps, err := s.Store.Components(ctx)
	if err != nil {
		return err
	}
	for i, r := range in.Mapping.Rules {
		if resolveComponent(comps, r.Component) == nil {
			return &Error{Code: ENOTFOUND, Field: fmt.Sprintf("mapping.rules[%d].component", i),
				Message: "there is no component " + quote(r.Component)}
		}
	}
	if d := in.Mapping.DefaultComponent; d != "" && resolveComponent(comps, d) == nil {
		return &Error{Code: ENOTFOUND, Field: "mapping.default_component",
			Message: "there is no component " + quote(d)}
	}
	return nil
}

// Integrations lists the integrations.
func (s *Service) Integrations(ctx context.Context) ([]*Integration, error) {
	return s.Store.Integrations(ctx)
}

// Integration returns one integration.
func (s *Service) Integration(ctx context.Context, id string) (*Integration, error) {
	return s.Store.Integration(ctx, id)
}

// IntegrationPatch is a partial update of an integration. A null
// signing_secret removes the secret.
type IntegrationPatch struct {
	Name          *string          `json:"name"`
	AutoPublish   *bool            `json:"auto_publish"`
	Mapping       *Mapping         `json:"mapping"`
	ResolveTo     *IncidentStatus  `json:"resolve_to"`
	FlapWindow    *int             `json:"flap_window"`
	SigningSecret Nullable[string] `json:"signing_secret"`
}

// UpdateIntegration changes an integration's settings. Alerts already
// mapped keep what the old mapping made of them.
func (s *Service) UpdateIntegration(ctx context.Context, id string, p IntegrationPatch) (*Integration, error) {
	var in *Integration
	err := retry(ctx, func() error {
		var err error
		if in, err = s.Store.Integration(ctx, id); err != nil {
			return err
		}
		if p.Name != nil {
			in.Name = strings.TrimSpace(*p.Name)
		}
		setIf(&in.AutoPublish, p.AutoPublish)
		setIf(&in.Mapping, p.Mapping)
		setIf(&in.ResolveTo, p.ResolveTo)
		setIf(&in.FlapWindow, p.FlapWindow)
		if p.SigningSecret.Set {
			in.SigningSecret = ""
			if p.SigningSecret.Value != nil {
				in.SigningSecret = strings.TrimSpace(*p.SigningSecret.Value)
			}
		}
		if in.Mapping.Rules == nil {
			in.Mapping.Rules = []MappingRule{}
		}
		if err := s.checkIntegration(ctx, in); err != nil {
			return err
		}
		in.UpdatedAt = s.now()
		return s.Store.UpdateIntegration(ctx, in)
	})
	return in, err
}

// RotateIntegrationKey gives an integration a new key and returns it,
// shown this once. The old key stops working at once.
func (s *Service) RotateIntegrationKey(ctx context.Context, id string) (*Integration, string, error) {
	var in *Integration
	var key string
	err := retry(ctx, func() error {
		var err error
		if in, err = s.Store.Integration(ctx, id); err != nil {
			return err
		}
		var hash string
		key, hash = NewKey(IntegrationKeyPrefix, in.ID)
		now := s.now()
		in.KeyHash, in.KeyRotatedAt, in.UpdatedAt = hash, &now, now
		return s.Store.UpdateIntegration(ctx, in)
	})
	if err != nil {
		return nil, "", err
	}
	return in, key, nil
}

// RecordDelivery logs a request a tool made of an integration, dated now.
// Its id starts with the time to the nanosecond, so that records of one
// millisecond still list in the order they came.
func (s *Service) RecordDelivery(ctx context.Context, d *IntegrationDelivery) error {
	now := s.Now().UTC()
	d.ID = fmt.Sprintf("idl_%016x%s", now.UnixNano(), strings.TrimPrefix(NewID(""), "_"))
	d.ReceivedAt = now.Truncate(time.Millisecond)
	if d.Results == nil {
		d.Results = []AlertResult{}
	}
	d.Reason = clip(d.Reason, MaxShortLen*5)
	return s.Store.AddIntegrationDelivery(ctx, d)
}

// IntegrationDeliveries returns an integration's recent requests, newest
// first, after checking that the integration exists.
func (s *Service) IntegrationDeliveries(ctx context.Context, id string, limit int) ([]*IntegrationDelivery, error) {
	if _, err := s.Store.Integration(ctx, id); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxIntegrationDeliveries {
		limit = MaxIntegrationDeliveries
	}
	return s.Store.IntegrationDeliveries(ctx, id, limit)
}

// KeyOwner returns the integration that a key names by its id, whether or
// not the rest of the key is right, or nil: so that a request refused for
// a wrong key still shows in that integration's log of deliveries.
func (s *Service) KeyOwner(ctx context.Context, key string) *Integration {
	id, _, ok := SplitKey(IntegrationKeyPrefix, key)
	if !ok {
		return nil
	}
	in, err := s.Store.Integration(ctx, id)
	if err != nil {
		return nil
	}
	return in
}
