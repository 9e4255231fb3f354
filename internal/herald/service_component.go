package herald

import (
	"context"
	"strings"
)

// ComponentPatch is a partial update of a component; nil fields are left.
type ComponentPatch struct {
	Name        *string          `json:"name"`
	Description *string          `json:"description"`
	Group       *string          `json:"group"`
	Position    *int             `json:"position"`
	Status      *ComponentStatus `json:"status"`
}

// CreateComponent validates and stores a new component. Its id defaults to
// a slug of its name and its status to operational.
func (s *Service) CreateComponent(ctx context.Context, c *Component) error {
	c.Name = strings.TrimSpace(c.Name)
	if c.ID == "" {
		if c.Name == "" {
			return FieldError("name", "is required")
		}
		c.ID = Slug(c.Name)
		if c.ID == "" {
			return FieldError("id", "cannot be made from the name; give one")
		}
	}
	if c.Status == "" {
		c.Status = Operational
	}
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt = s.now()
	c.UpdatedAt = c.CreatedAt
	c.Version = 0
	if err := s.Store.CreateComponent(ctx, c); err != nil {
		if IsConflict(err) {
			return &Error{Code: ECONFLICT, Field: "id", Message: "a component with id " +
				quote(c.ID) + " already exists"}
		}
		return err
	}
	return nil
}

// UpdateComponent applies p to the component with the given id.
func (s *Service) UpdateComponent(ctx context.Context, id string, p ComponentPatch) (*Component, error) {
	var c *Component
	err := retry(ctx, func() error {
		var err error
		if c, err = s.Store.Component(ctx, id); err != nil {
			return err
		}
		p.apply(c)
		if err := c.Validate(); err != nil {
			return err
		}
		c.UpdatedAt = s.now()
		return s.Store.UpdateComponent(ctx, c)
	})
	return c, err
}

func (p ComponentPatch) apply(c *Component) {
	if p.Name != nil {
		c.Name = strings.TrimSpace(*p.Name)
	}
	if p.Description != nil {
		c.Description = *p.Description
	}
	if p.Group != nil {
		c.Group = *p.Group
	}
	if p.Position != nil {
		c.Position = *p.Position
	}
	if p.Status != nil {
		c.Status = *p.Status
	}
}

// DeleteComponent removes a component that no open incident affects.
func (s *Service) DeleteComponent(ctx context.Context, id string) error {
	if _, err := s.Store.Component(ctx, id); err != nil {
		return err
	}
	open, err := s.openIncidents(ctx)
	if err != nil {
		return err
	}
	for _, inc := range open {
		for _, a := range inc.Components {
			if a.ID == id {
				return Errorf(ECONFLICT, "component %q is affected by open incident %s; "+
					"resolve it first", id, inc.ID)
			}
		}
	}
	return s.Store.DeleteComponent(ctx, id)
}

// resolveComponent finds a component by id or, failing that, by name, both
// case-insensitively, as monitoring tools spell them. It returns nil when
// nothing matches.
func resolveComponent(comps []*Component, ref string) *Component {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	for _, c := range comps {
		if strings.EqualFold(c.ID, ref) {
			return c
		}
	}
	for _, c := range comps {
		if strings.EqualFold(c.Name, ref) {
			return c
		}
	}
	return nil
}

func quote(s string) string { return `"` + s + `"` }

// Component returns one component.
func (s *Service) Component(ctx context.Context, id string) (*Component, error) {
	return s.Store.Component(ctx, id)
}

// Components returns every component, in page order.
func (s *Service) Components(ctx context.Context) ([]*Component, error) {
	return s.Store.Components(ctx)
}
