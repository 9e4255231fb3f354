package statuspage_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDocumentShapes(t *testing.T) {
	comps, incs := fixture()
	now := at(60)
	docs := map[string]any{
		"status.json":               statuspage.Status(page, comps, incs, now),
		"summary.json":              statuspage.Summary(page, comps, incs, now),
		"components.json":           statuspage.Components(page, comps, incs, now),
		"incidents.json":            statuspage.Incidents(page, comps, incs, now),
		"incidents_unresolved.json": statuspage.Unresolved(page, comps, incs, now),
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			body := mustJSON(t, doc)
			sameShape(t, name, body)
			for _, secret := range []string{"SECRET-NOTE", "SECRET-DRAFT", "INC-0004"} {
				if strings.Contains(string(body), secret) {
					t.Errorf("%s leaks %q", name, secret)
				}
			}
		})
	}
}

func TestScheduledMaintenances(t *testing.T) {
	comps, incs := fixture()
	doc := statuspage.ScheduledMaintenances(page, comps, incs, at(60))
	if body := string(mustJSON(t, doc)); !strings.Contains(body, `"scheduled_maintenances":[]`) {
		t.Errorf("want an empty list, got %s", body)
	}

	// The type itself has Statuspage's shape, for when maintenance comes.
	inc := statuspage.Unresolved(page, comps, incs, at(60)).Incidents[0]
	doc.ScheduledMaintenances = []statuspage.ScheduledMaintenance{
		{Incident: inc, ScheduledFor: at(100), ScheduledUntil: at(200)}}
	sameShape(t, "scheduled-maintenances.json", mustJSON(t, doc))
}

func TestSummary(t *testing.T) {
	comps, incs := fixture()
	doc := statuspage.Summary(page, comps, incs, at(60))

	if doc.Page.ID != "pg1" || doc.Page.TimeZone != "Etc/UTC" || !doc.Page.UpdatedAt.Equal(at(30)) {
		t.Errorf("page = %+v", doc.Page)
	}
	if len(doc.Incidents) != 1 || doc.Incidents[0].ID != "INC-0003" {
		t.Fatalf("incidents = %+v, want only INC-0003", doc.Incidents)
	}
	if !doc.Incidents[0].CreatedAt.Equal(at(3)) {
		t.Errorf("created_at = %v, want the publication time %v", doc.Incidents[0].CreatedAt, at(3))
	}
	var names []string
	for _, c := range doc.Incidents[0].Components {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "API,US region" {
		t.Errorf("incident components = %v", names)
	}
}

func TestGroups(t *testing.T) {
	comps, _ := fixture()
	got := statuspage.Components(page, comps, nil, at(60)).Components
	var order []string
	for _, c := range got {
		order = append(order, c.ID)
	}
	gid := statuspage.GroupID("Regions")
	if want := []string{"api", gid, "eu", "us"}; !slices.Equal(order, want) {
		t.Fatalf("order = %v, want %v", order, want)
	}
	g := got[1]
	if !g.Group || g.Name != "Regions" || g.Status != "degraded_performance" ||
		!slices.Equal(g.Components, []string{"eu", "us"}) || g.GroupID != nil {
		t.Errorf("group = %+v", g)
	}
	for _, m := range got[2:] {
		if m.Group || m.GroupID == nil || *m.GroupID != gid || m.Components != nil {
			t.Errorf("member %s = %+v", m.ID, m)
		}
	}
	if got[0].GroupID != nil || got[0].Description != nil || *got[3].Description != "North America" {
		t.Errorf("ungrouped = %+v, us = %+v", got[0], got[3])
	}
}

func TestIncidentsList(t *testing.T) {
	comps, incs := fixture()
	t.Run("PublishedNewestFirst", func(t *testing.T) {
		got := statuspage.Incidents(page, comps, incs, at(60)).Incidents
		if len(got) != 2 || got[0].ID != "INC-0003" || got[1].ID != "INC-0002" {
			t.Fatalf("incidents = %v", got)
		}
		if got[1].ResolvedAt == nil || !got[1].ResolvedAt.Equal(at(1)) {
			t.Errorf("resolved_at = %v", got[1].ResolvedAt)
		}
		for _, inc := range got {
			for i := 1; i < len(inc.IncidentUpdates); i++ {
				if inc.IncidentUpdates[i].CreatedAt.After(inc.IncidentUpdates[i-1].CreatedAt) {
					t.Errorf("%s: updates not newest first", inc.ID)
				}
			}
		}
	})
	t.Run("Limit", func(t *testing.T) {
		var many []*herald.Incident
		for i := range 60 {
			many = append(many, &herald.Incident{ID: fmt.Sprintf("INC-%04d", 60-i),
				Status: herald.Resolved, Impact: herald.ImpactNone})
		}
		got := statuspage.Incidents(page, comps, many, at(60)).Incidents
		if len(got) != statuspage.MaxIncidents || got[0].ID != "INC-0060" {
			t.Errorf("got %d incidents starting %s", len(got), got[0].ID)
		}
	})
}
