package statuspage

import (
	"net/url"
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// IncidentURL returns the address of an incident's page on the status site,
// which is also its shortlink.
func IncidentURL(p herald.Page, id string) string {
	return p.URL + "/incidents/" + url.PathEscape(id) + ".html"
}

// incident returns the public view of inc in Statuspage's form. byID holds
// the page's components, for names and for the components block.
func incident(p herald.Page, inc *herald.Incident, byID map[string]*herald.Component) Incident {
	pub := inc.Public()
	slices.SortStableFunc(pub.Updates, func(a, b herald.Update) int {
		return b.CreatedAt.Compare(a.CreatedAt)
	})
	out := Incident{
		ID:              pub.ID,
		Name:            pub.Title,
		Status:          string(pub.Status),
		CreatedAt:       publishedAt(&pub),
		UpdatedAt:       pub.UpdatedAt.UTC(),
		ResolvedAt:      utc(pub.ResolvedAt),
		Impact:          string(pub.Impact),
		Shortlink:       IncidentURL(p, pub.ID),
		StartedAt:       pub.StartedAt.UTC(),
		PageID:          p.ID,
		IncidentUpdates: updates(&pub, byID),
		Components:      []Component{},
	}
	if pub.Status != herald.Resolved {
		out.ResolvedAt = nil
	}
	for i := len(pub.Updates) - 1; i >= 0; i-- {
		if out.MonitoringAt == nil && pub.Updates[i].Status == herald.Monitoring {
			out.MonitoringAt = utc(&pub.Updates[i].CreatedAt)
		}
	}
	for _, a := range pub.Components {
		if c := byID[a.ID]; c != nil {
			out.Components = append(out.Components, component(p, c))
		}
	}
	return out
}

// updates returns inc's public updates, newest first, each with the
// components whose status it changed. Statuses are followed from the
// oldest update, every component starting operational.
func updates(inc *herald.Incident, byID map[string]*herald.Component) []IncidentUpdate {
	out := make([]IncidentUpdate, len(inc.Updates))
	seen := map[string]herald.ComponentStatus{}
	for i := len(inc.Updates) - 1; i >= 0; i-- {
		u := &inc.Updates[i]
		at := u.CreatedAt.UTC()
		out[i] = IncidentUpdate{
			ID:                   u.ID,
			Status:               string(u.Status),
			Body:                 u.Message,
			IncidentID:           inc.ID,
			CreatedAt:            at,
			UpdatedAt:            at,
			DisplayAt:            at,
			AffectedComponents:   affected(u, seen, byID),
			DeliverNotifications: true,
		}
	}
	return out
}

// affected lists the components update u names, with the status each had
// before it, and records their new statuses in seen. It returns nil when u
// names none, as Statuspage writes null.
func affected(u *herald.Update, seen map[string]herald.ComponentStatus,
	byID map[string]*herald.Component) []AffectedComponent {
	var out []AffectedComponent
	for _, a := range u.Components {
		old, ok := seen[a.ID]
		if !ok {
			old = herald.Operational
		}
		seen[a.ID] = a.Status
		name := a.ID
		if c := byID[a.ID]; c != nil {
			name = c.Name
		}
		out = append(out, AffectedComponent{a.ID, name, string(old), string(a.Status)})
	}
	return out
}

// publishedAt is when the incident became public: Statuspage's created_at.
func publishedAt(inc *herald.Incident) time.Time {
	if inc.PublishedAt != nil {
		return inc.PublishedAt.UTC()
	}
	return inc.CreatedAt.UTC()
}

// utc returns t in UTC, or nil.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
