package statuspage

import (
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// MaxIncidents is how many incidents incidents.json lists, newest first, as
// Statuspage does.
const MaxIncidents = 50

// Every builder below takes the page's components, ordered by position, and
// incidents, newest first, as the store returns them. Drafts among the
// incidents are skipped and private notes are dropped.

// Status returns the document of /api/v2/status.json.
func Status(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	now time.Time) StatusDoc {
	return StatusDoc{
		Page:   pageBlock(p, comps, incidents, now),
		Status: PageStatus(comps, incidents),
	}
}

// Summary returns the document of /api/v2/summary.json: the status, every
// component and the unresolved incidents.
func Summary(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	now time.Time) SummaryDoc {
	return SummaryDoc{
		Page:                  pageBlock(p, comps, incidents, now),
		Components:            componentList(p, comps),
		Incidents:             incidentList(p, comps, incidents, (*herald.Incident).Open, -1),
		ScheduledMaintenances: []ScheduledMaintenance{},
		Status:                PageStatus(comps, incidents),
	}
}

// Components returns the document of /api/v2/components.json.
func Components(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	now time.Time) ComponentsDoc {
	return ComponentsDoc{
		Page:       pageBlock(p, comps, incidents, now),
		Components: componentList(p, comps),
	}
}

// Incidents returns the document of /api/v2/incidents.json: the latest
// MaxIncidents published incidents, resolved or not.
func Incidents(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	now time.Time) IncidentsDoc {
	published := func(inc *herald.Incident) bool { return !inc.Draft }
	return IncidentsDoc{
		Page:      pageBlock(p, comps, incidents, now),
		Incidents: incidentList(p, comps, incidents, published, MaxIncidents),
	}
}

// Unresolved returns the document of /api/v2/incidents/unresolved.json.
func Unresolved(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	now time.Time) IncidentsDoc {
	return IncidentsDoc{
		Page:      pageBlock(p, comps, incidents, now),
		Incidents: incidentList(p, comps, incidents, (*herald.Incident).Open, -1),
	}
}

// ScheduledMaintenances returns the document of
// /api/v2/scheduled-maintenances.json, and of its upcoming and active
// variants. Herald has no maintenance yet, so the list is empty.
func ScheduledMaintenances(p herald.Page, comps []*herald.Component,
	incidents []*herald.Incident, now time.Time) ScheduledMaintenancesDoc {
	return ScheduledMaintenancesDoc{
		Page:                  pageBlock(p, comps, incidents, now),
		ScheduledMaintenances: []ScheduledMaintenance{},
	}
}

// pageBlock returns the page block. Its updated_at is the latest change of
// anything public on the page, or now when there is nothing.
func pageBlock(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	now time.Time) Page {
	var last time.Time
	for _, c := range comps {
		if c.UpdatedAt.After(last) {
			last = c.UpdatedAt
		}
	}
	for _, inc := range incidents {
		if !inc.Draft && inc.UpdatedAt.After(last) {
			last = inc.UpdatedAt
		}
	}
	if last.IsZero() {
		last = now
	}
	return Page{ID: p.ID, Name: p.Name, URL: p.URL, TimeZone: "Etc/UTC", UpdatedAt: last.UTC()}
}

// incidentList returns up to limit (all when negative) incidents that keep
// accepts, in the order given. Drafts are never kept.
func incidentList(p herald.Page, comps []*herald.Component, incidents []*herald.Incident,
	keep func(*herald.Incident) bool, limit int) []Incident {
	byID := make(map[string]*herald.Component, len(comps))
	for _, c := range comps {
		byID[c.ID] = c
	}
	out := []Incident{}
	for _, inc := range incidents {
		if limit >= 0 && len(out) == limit {
			break
		}
		if !inc.Draft && keep(inc) {
			out = append(out, incident(p, inc, byID))
		}
	}
	return out
}
