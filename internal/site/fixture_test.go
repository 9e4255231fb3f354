package site_test

import (
	"fmt"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

var (
	now  = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	page = herald.Page{ID: "pg1", Name: "Example Cloud", URL: "https://status.example.com"}
)

func ago(d time.Duration) time.Time { return now.Add(-d) }

func ptr[T any](v T) *T { return &v }

const (
	secretNote  = "SECRET-NOTE db01 swapping"
	secretDraft = "SECRET-DRAFT title"
)

// fixture returns a store with grouped components, an open incident with
// a private note, a recently resolved one, one resolved long ago, and a
// draft.
func fixture() *memStore {
	comps := []*herald.Component{
		{ID: "api", Name: "Public API", Position: 1, Status: herald.PartialOutage},
		{ID: "eu", Name: "Frankfurt", Group: "Regions", Position: 2, Status: herald.Operational},
		{ID: "us", Name: "Virginia", Group: "Regions", Position: 3,
			Status: herald.DegradedPerformance, Description: "US East data centre"},
		{ID: "web", Name: "Dashboard", Position: 4, Status: herald.Operational},
	}
	for _, c := range comps {
		c.CreatedAt, c.UpdatedAt = ago(90*24*time.Hour), ago(time.Hour)
	}
	open := incident("INC-0010", "API returns errors", herald.Identified, ago(2*time.Hour))
	open.Impact = herald.ImpactMajor
	open.ETA, open.NextUpdateAt = ptr(now.Add(3*time.Hour)), ptr(now.Add(30*time.Minute))
	open.Components = []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}}
	open.Updates = []herald.Update{
		update("u3", herald.KindUpdated, herald.Identified, "Bad deploy found.", ago(time.Hour)),
		update("u2", herald.KindNote, herald.Investigating, secretNote, ago(90*time.Minute)),
		update("u1", herald.KindCreated, herald.Investigating, "Errors on API.", ago(2*time.Hour)),
	}

	recent := resolved("INC-0009", "Slow dashboard", ago(3*24*time.Hour))
	old := resolved("INC-0008", "Old outage", ago(30*24*time.Hour))
	draft := incident("INC-0011", secretDraft, herald.Investigating, ago(10*time.Minute))
	draft.Draft = true
	draft.Updates = []herald.Update{
		update("d1", herald.KindCreated, herald.Investigating, secretDraft, ago(10*time.Minute))}

	return &memStore{comps: comps, incs: []*herald.Incident{open, recent, old, draft}}
}

func incident(id, title string, st herald.IncidentStatus, start time.Time) *herald.Incident {
	return &herald.Incident{ID: id, Title: title, Status: st, Impact: herald.ImpactMinor,
		StartedAt: start, CreatedAt: start, UpdatedAt: start, PublishedAt: ptr(start)}
}

func update(id string, k herald.UpdateKind, st herald.IncidentStatus, msg string,
	at time.Time) herald.Update {
	return herald.Update{ID: id, Kind: k, Status: st, Message: msg, CreatedAt: at}
}

// resolved returns an incident that started at start and ended an hour
// later.
func resolved(id, title string, start time.Time) *herald.Incident {
	inc := incident(id, title, herald.Resolved, start)
	end := start.Add(time.Hour)
	inc.ResolvedAt, inc.UpdatedAt = &end, end
	inc.Updates = []herald.Update{
		update(id+"-2", herald.KindResolved, herald.Resolved, "Fixed: "+title, end),
		update(id+"-1", herald.KindCreated, herald.Investigating, "Looking at "+title, start),
	}
	return inc
}

// bigStore returns a page of 20 components, 5 open incidents with 10
// updates each, and 50 resolved incidents, for the benchmark.
func bigStore() *memStore {
	s := &memStore{}
	for i := range 20 {
		s.comps = append(s.comps, &herald.Component{ID: fmt.Sprintf("c%02d", i),
			Name: fmt.Sprintf("Component %d", i), Group: []string{"", "Core", "Edge"}[i%3],
			Position: i, Status: herald.Operational, CreatedAt: ago(time.Hour), UpdatedAt: ago(time.Hour)})
	}
	for i := range 5 {
		inc := incident(fmt.Sprintf("INC-%04d", 100+i), "Open incident", herald.Identified,
			ago(time.Duration(i+1)*time.Hour))
		inc.Components = []herald.AffectedComponent{{ID: "c01", Status: herald.MajorOutage}}
		for j := range 10 {
			inc.Updates = append(inc.Updates, update(fmt.Sprintf("%s-%d", inc.ID, j),
				herald.KindUpdated, herald.Identified, "A long enough message about progress.",
				ago(time.Duration(j)*time.Minute)))
		}
		s.incs = append(s.incs, inc)
	}
	for i := range 50 {
		s.incs = append(s.incs, resolved(fmt.Sprintf("INC-%04d", i+1), "Resolved incident",
			ago(time.Duration(i+1)*6*time.Hour)))
	}
	return s
}
