package bolt

import (
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// The store keeps every time in UTC, whatever zone the caller used, so that
// stored items and change records read the same everywhere. Each function
// here returns a copy; the caller's item is left alone.

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func utcComponent(c *herald.Component) *herald.Component {
	out := *c
	out.CreatedAt = c.CreatedAt.UTC()
	out.UpdatedAt = c.UpdatedAt.UTC()
	return &out
}

func utcIncident(inc *herald.Incident) *herald.Incident {
	out := *inc
	out.StartedAt = inc.StartedAt.UTC()
	out.ETA = utcPtr(inc.ETA)
	out.NextUpdateAt = utcPtr(inc.NextUpdateAt)
	out.ResolvedAt = utcPtr(inc.ResolvedAt)
	out.CreatedAt = inc.CreatedAt.UTC()
	out.UpdatedAt = inc.UpdatedAt.UTC()
	out.PublishedAt = utcPtr(inc.PublishedAt)
	out.Updates = slices.Clone(inc.Updates)
	for i := range out.Updates {
		out.Updates[i].CreatedAt = out.Updates[i].CreatedAt.UTC()
	}
	return &out
}

func utcGroup(g *herald.AlertGroup) *herald.AlertGroup {
	out := *g
	out.UpdatedAt = g.UpdatedAt.UTC()
	out.NotifiedAt = g.NotifiedAt.UTC()
	out.DueAt = utcPtr(g.DueAt)
	return &out
}

func utcSubscriber(s *herald.Subscriber) *herald.Subscriber {
	out := *s
	out.CreatedAt = s.CreatedAt.UTC()
	out.UpdatedAt = s.UpdatedAt.UTC()
	out.PendingUntil = utcPtr(s.PendingUntil)
	return &out
}

func utcDelivery(d *herald.Delivery) *herald.Delivery {
	out := *d
	out.CreatedAt = d.CreatedAt.UTC()
	out.UpdatedAt = d.UpdatedAt.UTC()
	out.LeaseUntil = d.LeaseUntil.UTC()
	return &out
}
