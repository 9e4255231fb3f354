package herald

import (
	"context"
	"slices"
	"strconv"
)

// save writes inc (with g, if any) together with the component statuses it
// implies, in one unit of work. old is the incident as read, nil if new.
func (s *Service) save(ctx context.Context, old, inc *Incident, g *AlertGroup) error {
	comps, err := s.componentChanges(ctx, old, inc)
	if err != nil {
		return err
	}
	return s.Store.SaveIncident(ctx, IncidentWrite{Incident: inc, Components: comps, Group: g})
}

// componentChanges returns the components whose status must change when
// inc is written: each component it affects, or affected before, takes the
// worst status any open incident gives it, or operational when none does.
func (s *Service) componentChanges(ctx context.Context, old, inc *Incident) ([]*Component, error) {
	touched := map[string]bool{}
	for _, x := range []*Incident{old, inc} {
		if x != nil && !x.Draft {
			for _, c := range x.Components {
				touched[c.ID] = true
			}
		}
	}
	if len(touched) == 0 {
		return nil, nil
	}
	open, err := s.openIncidents(ctx)
	if err != nil {
		return nil, err
	}
	open = slices.DeleteFunc(open, func(o *Incident) bool { return o.ID == inc.ID })
	if inc.Open() {
		open = append(open, inc)
	}
	want := map[string]ComponentStatus{}
	for id := range touched {
		want[id] = Operational
	}
	for _, o := range open {
		for _, c := range o.Components {
			if st, ok := want[c.ID]; ok && c.Status.Worse(st) {
				want[c.ID] = c.Status
			}
		}
	}
	return s.changedComponents(ctx, want)
}

// changedComponents returns every touched component, with the status it
// must take. Each is written, changed or not, under its version: two
// incident writes that touch one component then conflict, and the loser
// computes its status again from what the winner wrote. Without that, an
// incident resolved while another opens on the same component could leave
// it operational during the outage.
func (s *Service) changedComponents(ctx context.Context, want map[string]ComponentStatus) ([]*Component, error) {
	all, err := s.Store.Components(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Component
	for _, c := range all {
		st, ok := want[c.ID]
		if !ok {
			continue
		}
		if c.Status != st {
			c.Status = st
			c.UpdatedAt = s.now()
		}
		out = append(out, c)
	}
	return out, nil
}

// openIncidents returns every published, unresolved incident.
func (s *Service) openIncidents(ctx context.Context) ([]*Incident, error) {
	var out []*Incident
	o := ListOptions{Limit: 100}
	for {
		page, next, err := s.Store.Incidents(ctx, FilterUnresolved, o)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		o.Cursor = next
	}
}

// checkComponents reports the first affected component that does not exist.
func checkComponents(field string, cs []AffectedComponent, comps []*Component) error {
	if err := ValidateAffected(field, cs); err != nil {
		return err
	}
	for i, a := range cs {
		if !slices.ContainsFunc(comps, func(c *Component) bool { return c.ID == a.ID }) {
			return &Error{Code: ENOTFOUND, Field: field + "[" + strconv.Itoa(i) + "].id",
				Message: "there is no component " + quote(a.ID)}
		}
	}
	return nil
}

// clone returns a copy of inc that shares no slice with it, so that the
// image read stays as read. Time pointers are shared: nothing mutates a time
// in place.
func clone(inc *Incident) *Incident {
	out := *inc
	out.Components = slices.Clone(inc.Components)
	out.Updates = slices.Clone(inc.Updates)
	for i := range out.Updates {
		out.Updates[i].Components = slices.Clone(out.Updates[i].Components)
	}
	return &out
}
