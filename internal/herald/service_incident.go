package herald

import (
	"context"
	"fmt"
	"time"
)

// IncidentInput is what an admin or tool gives to open an incident.
type IncidentInput struct {
	Title        string              `json:"title"`
	Status       IncidentStatus      `json:"status"`
	Impact       Impact              `json:"impact"`
	Category     string              `json:"category"`
	ReportedBy   string              `json:"reported_by"`
	StartedAt    *time.Time          `json:"started_at"`
	ETA          *time.Time          `json:"eta"`
	NextUpdateAt *time.Time          `json:"next_update_at"`
	Draft        bool                `json:"draft"`
	Components   []AffectedComponent `json:"components"`
	Message      string              `json:"message"`
}

// UpdateInput is a new entry on an incident's timeline. Status defaults to
// the incident's current one. A Private update is a note only admins see.
type UpdateInput struct {
	Status       IncidentStatus      `json:"status"`
	Message      string              `json:"message"`
	Components   []AffectedComponent `json:"components"`
	Private      bool                `json:"private"`
	ETA          Nullable[time.Time] `json:"eta"`
	NextUpdateAt Nullable[time.Time] `json:"next_update_at"`
}

// CreateIncident opens an incident. A draft notifies nobody and sets no
// component status until it is published.
func (s *Service) CreateIncident(ctx context.Context, in IncidentInput) (*Incident, error) {
	now := s.now()
	inc := &Incident{
		Title: in.Title, Status: in.Status, Impact: in.Impact, Category: in.Category,
		ReportedBy: in.ReportedBy, ETA: utc(in.ETA), NextUpdateAt: utc(in.NextUpdateAt),
		Draft: in.Draft, Components: in.Components, StartedAt: now,
		CreatedAt: now, UpdatedAt: now,
	}
	if in.StartedAt != nil {
		inc.StartedAt = in.StartedAt.UTC()
	}
	if inc.Status == "" {
		inc.Status = Investigating
	}
	if inc.Impact == "" {
		inc.Impact = ImpactNone
	}
	if inc.Components == nil {
		inc.Components = []AffectedComponent{}
	}
	if err := inc.Validate(); err != nil {
		return nil, err
	}
	if err := ValidateMessage("message", in.Message); err != nil {
		return nil, err
	}
	if inc.Status == Resolved && !inc.Draft {
		return nil, FieldError("status", "a new incident cannot be resolved already")
	}
	if err := s.openIncident(ctx, inc, in.Message, nil); err != nil {
		return nil, err
	}
	return inc, nil
}

// openIncident numbers a new incident, adds its first update and saves it
// with the component statuses it sets and, for an alert, its group.
func (s *Service) openIncident(ctx context.Context, inc *Incident, msg string, g *AlertGroup) error {
	comps, err := s.Store.Components(ctx)
	if err != nil {
		return err
	}
	if err := checkComponents("components", inc.Components, comps); err != nil {
		return err
	}
	n, err := s.Store.NextIncidentNumber(ctx)
	if err != nil {
		return err
	}
	inc.ID = fmt.Sprintf("INC-%04d", n)
	kind := KindCreated
	if inc.Draft {
		kind = KindNote
	} else {
		inc.PublishedAt = &inc.CreatedAt
	}
	s.addUpdate(inc, kind, inc.Status, msg, inc.Components)
	if g != nil {
		// A conflict here may be the group's: another copy of the same
		// alert won. The caller's retry reads the group again.
		g.IncidentID = inc.ID
		return s.save(ctx, nil, inc, g)
	}
	// A conflict here is a component's, changed by another incident: its
	// statuses are computed again from what that incident wrote.
	return retry(ctx, func() error { return s.save(ctx, nil, inc, nil) })
}

// AddUpdate puts a new entry on an incident's timeline. On a published
// incident every public update notifies subscribers and sets the statuses
// of the components it names; a resolving one puts them back.
func (s *Service) AddUpdate(ctx context.Context, id string, in UpdateInput) (*Incident, error) {
	if err := ValidateMessage("message", in.Message); err != nil {
		return nil, err
	}
	if in.Status != "" && !in.Status.Valid() {
		return nil, FieldError("status", "must be one of investigating, identified, monitoring, resolved")
	}
	comps, err := s.Store.Components(ctx)
	if err != nil {
		return nil, err
	}
	// checkComponents validates the list, then that each component exists.
	if err := checkComponents("components", in.Components, comps); err != nil {
		return nil, err
	}
	var inc *Incident
	err = retry(ctx, func() error {
		var err error
		if inc, err = s.Store.Incident(ctx, id); err != nil {
			return err
		}
		old := clone(inc)
		if err := s.applyUpdate(inc, in); err != nil {
			return err
		}
		return s.save(ctx, old, inc, nil)
	})
	return inc, err
}

// applyUpdate changes inc as the update says, enforcing the state rules.
func (s *Service) applyUpdate(inc *Incident, in UpdateInput) error {
	status := in.Status
	if status == "" {
		status = inc.Status
	}
	if inc.Status == Resolved && status != Resolved && !in.Private {
		return Errorf(ECONFLICT, "incident %s is resolved; open a new incident instead", inc.ID)
	}
	if in.ETA.Set {
		inc.ETA = utc(in.ETA.Value)
	}
	if in.NextUpdateAt.Set {
		inc.NextUpdateAt = utc(in.NextUpdateAt.Value)
	}
	kind := KindUpdated
	switch {
	case in.Private || inc.Draft:
		kind = KindNote
	case status == Resolved:
		kind = KindResolved
	}
	changes := in.Components
	if kind != KindNote || inc.Draft {
		inc.Status = status
		if status == Resolved {
			changes = allOperational(inc.Components)
		}
		inc.Components = mergeAffected(inc.Components, changes)
	}
	if inc.Status == Resolved && inc.ResolvedAt == nil {
		t := s.now()
		inc.ResolvedAt = &t
	}
	s.addUpdate(inc, kind, status, in.Message, changes)
	return nil
}

// allOperational returns cs with every status operational: what resolving
// an incident does to the components it affected.
func allOperational(cs []AffectedComponent) []AffectedComponent {
	out := make([]AffectedComponent, len(cs))
	for i, c := range cs {
		out[i] = AffectedComponent{ID: c.ID, Status: Operational}
	}
	return out
}

func (s *Service) addUpdate(inc *Incident, kind UpdateKind, st IncidentStatus, msg string,
	cs []AffectedComponent) {
	now := s.now()
	if cs == nil {
		cs = []AffectedComponent{}
	}
	u := Update{ID: NewID("upd"), Kind: kind, Status: st, Message: msg, Components: cs, CreatedAt: now}
	inc.Updates = append([]Update{u}, inc.Updates...)
	inc.UpdatedAt = now
}

// Incident returns one incident.
func (s *Service) Incident(ctx context.Context, id string) (*Incident, error) {
	return s.Store.Incident(ctx, id)
}

// Incidents lists incidents passing f, newest first.
func (s *Service) Incidents(ctx context.Context, f IncidentFilter, o ListOptions) ([]*Incident, string, error) {
	if f == "" {
		f = FilterAll
	}
	if !f.Valid() {
		return nil, "", FieldError("state", "must be one of draft, unresolved, resolved, all")
	}
	if o.Limit <= 0 || o.Limit > 100 {
		o.Limit = 50
	}
	return s.Store.Incidents(ctx, f, o)
}
