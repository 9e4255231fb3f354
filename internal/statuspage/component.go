package statuspage

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/herald-status/herald/internal/herald"
)

// componentList returns the components in Statuspage's form, in the order
// given. Herald names a component's group; Statuspage makes each group a
// component of its own, with group set and its members' ids, placed just
// before its first member. A group's status is the worst of its members'.
func componentList(p herald.Page, comps []*herald.Component) []Component {
	out := make([]Component, 0, len(comps))
	groups := map[string]int{} // group name -> index in out
	for _, c := range comps {
		sc := component(p, c)
		if c.Group != "" {
			i, ok := groups[c.Group]
			if !ok {
				i = len(out)
				groups[c.Group] = i
				out = append(out, group(p, c))
			}
			addMember(&out[i], c)
			sc.GroupID = &out[i].ID
		}
		out = append(out, sc)
	}
	return out
}

// component returns one herald component in Statuspage's form.
func component(p herald.Page, c *herald.Component) Component {
	return Component{
		ID:          c.ID,
		Name:        c.Name,
		Status:      string(c.Status),
		CreatedAt:   c.CreatedAt.UTC(),
		UpdatedAt:   c.UpdatedAt.UTC(),
		Position:    c.Position,
		Description: optional(c.Description),
		PageID:      p.ID,
	}
}

// group returns an empty group entry named for c's group.
func group(p herald.Page, c *herald.Component) Component {
	return Component{
		ID:         GroupID(c.Group),
		Name:       c.Group,
		Status:     string(herald.Operational),
		CreatedAt:  c.CreatedAt.UTC(),
		UpdatedAt:  c.UpdatedAt.UTC(),
		Position:   c.Position,
		PageID:     p.ID,
		Group:      true,
		Components: []string{},
	}
}

// addMember folds member c into group g.
func addMember(g *Component, c *herald.Component) {
	g.Components = append(g.Components, c.ID)
	if c.Status.Worse(herald.ComponentStatus(g.Status)) {
		g.Status = string(c.Status)
	}
	if c.CreatedAt.Before(g.CreatedAt) {
		g.CreatedAt = c.CreatedAt.UTC()
	}
	if c.UpdatedAt.After(g.UpdatedAt) {
		g.UpdatedAt = c.UpdatedAt.UTC()
	}
	g.Position = min(g.Position, c.Position)
}

// GroupID returns the stable id of the group with the given name: "g" and
// 11 hex digits, the length of a Statuspage id. Component ids are slugs of
// names, so they never look like this in practice.
func GroupID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "g" + hex.EncodeToString(sum[:])[:11]
}

// optional returns nil for "", as Statuspage writes null for empty text.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
