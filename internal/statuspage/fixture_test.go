package statuspage_test

import (
	"time"

	"github.com/herald-status/herald/internal/herald"
)

var (
	t0   = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	page = herald.Page{ID: "pg1", Name: "Example Status", URL: "https://status.example.com"}
)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func ptr[T any](v T) *T { return &v }

// fixture returns a page's components, ordered by position, and its
// incidents, newest first: one open, one resolved, one draft.
func fixture() ([]*herald.Component, []*herald.Incident) {
	comps := []*herald.Component{
		{ID: "api", Name: "API", Position: 1, Status: herald.PartialOutage,
			CreatedAt: t0, UpdatedAt: at(5)},
		{ID: "eu", Name: "EU region", Group: "Regions", Position: 2,
			Status: herald.Operational, CreatedAt: t0, UpdatedAt: t0},
		{ID: "us", Name: "US region", Group: "Regions", Position: 3,
			Status: herald.DegradedPerformance, Description: "North America",
			CreatedAt: t0, UpdatedAt: at(5)},
	}
	open := &herald.Incident{
		ID: "INC-0003", Title: "API errors", Status: herald.Monitoring,
		Impact: herald.ImpactMajor, StartedAt: at(1), CreatedAt: at(2), UpdatedAt: at(30),
		PublishedAt: ptr(at(3)),
		Components: []herald.AffectedComponent{
			{ID: "api", Status: herald.PartialOutage}, {ID: "us", Status: herald.DegradedPerformance}},
		Updates: []herald.Update{
			{ID: "u4", Kind: herald.KindUpdated, Status: herald.Monitoring,
				Message: "A fix is out.", CreatedAt: at(30),
				Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}}},
			{ID: "u3", Kind: herald.KindNote, Status: herald.Identified,
				Message: "SECRET-NOTE db01 is swapping", CreatedAt: at(20)},
			{ID: "u2", Kind: herald.KindUpdated, Status: herald.Identified,
				Message: "Found it.", CreatedAt: at(10)},
			{ID: "u1", Kind: herald.KindCreated, Status: herald.Investigating,
				Message: "Looking.", CreatedAt: at(3),
				Components: []herald.AffectedComponent{
					{ID: "api", Status: herald.MajorOutage}, {ID: "us", Status: herald.DegradedPerformance}}},
		},
	}
	resolved := &herald.Incident{
		ID: "INC-0002", Title: "Slow logins", Status: herald.Resolved,
		Impact: herald.ImpactCritical, StartedAt: t0, CreatedAt: t0, UpdatedAt: at(1),
		ResolvedAt: ptr(at(1)),
		Updates: []herald.Update{
			{ID: "r2", Kind: herald.KindResolved, Status: herald.Resolved, Message: "Fixed.",
				CreatedAt: at(1)},
			{ID: "r1", Kind: herald.KindCreated, Status: herald.Investigating, Message: "Slow.",
				CreatedAt: t0},
		},
	}
	draft := &herald.Incident{
		ID: "INC-0004", Title: "SECRET-DRAFT maybe down", Status: herald.Investigating,
		Impact: herald.ImpactCritical, Draft: true, StartedAt: at(40), CreatedAt: at(40),
		UpdatedAt: at(40),
		Updates: []herald.Update{{ID: "d1", Kind: herald.KindCreated,
			Status: herald.Investigating, Message: "SECRET-DRAFT", CreatedAt: at(40)}},
	}
	return comps, []*herald.Incident{draft, open, resolved}
}
