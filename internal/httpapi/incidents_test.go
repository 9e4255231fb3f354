package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// mustCreateIncident opens an incident through the API.
func (e *env) mustCreateIncident(t *testing.T, body map[string]any) herald.Incident {
	t.Helper()
	rec := e.do(t, "POST", "/v1/incidents", body)
	mustStatus(t, rec, http.StatusCreated)
	return decodeAs[herald.Incident](t, rec)
}

// incident reads an incident through the API.
func (e *env) incident(t *testing.T, id string) herald.Incident {
	t.Helper()
	rec := e.do(t, "GET", "/v1/incidents/"+id, nil)
	mustStatus(t, rec, http.StatusOK)
	return decodeAs[herald.Incident](t, rec)
}

// incidents lists incidents through the API.
func (e *env) incidents(t *testing.T, query string) list[herald.Incident] {
	t.Helper()
	rec := e.do(t, "GET", "/v1/incidents"+query, nil)
	mustStatus(t, rec, http.StatusOK)
	return decodeAs[list[herald.Incident]](t, rec)
}

func TestIncidents_Lifecycle(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	inc := e.mustCreateIncident(t, map[string]any{
		"title": "API errors", "impact": "major", "category": "availability",
		"reported_by": "Ops", "eta": "2026-06-01T12:00:00+02:00", "message": "We are looking.",
		"components": []map[string]any{{"id": "api", "status": "partial_outage"}}})
	if inc.ID != "INC-0001" || inc.Draft || inc.Status != herald.Investigating ||
		inc.ETA == nil || inc.ETA.Format("15:04Z07:00") != "10:00Z" || len(inc.Updates) != 1 {
		t.Fatalf("created %+v", inc)
	}
	if got := e.components(t); got[0].Status != herald.PartialOutage {
		t.Errorf("component after a published incident: %s", got[0].Status)
	}

	rec := e.do(t, "PATCH", "/v1/incidents/INC-0001",
		map[string]any{"title": "API errors in EU", "eta": nil})
	mustStatus(t, rec, http.StatusOK)
	if got := decodeAs[herald.Incident](t, rec); got.Title != "API errors in EU" ||
		got.ETA != nil || got.Impact != herald.ImpactMajor {
		t.Fatalf("patched %+v", got)
	}

	rec = e.do(t, "POST", "/v1/incidents/INC-0001/updates",
		map[string]any{"message": "Only admins read this.", "private": true})
	mustStatus(t, rec, http.StatusCreated)
	rec = e.do(t, "POST", "/v1/incidents/INC-0001/updates", map[string]any{
		"status": "resolved", "message": "Fixed.",
		"components": []map[string]any{{"id": "api", "status": "operational"}}})
	mustStatus(t, rec, http.StatusCreated)

	got := e.incident(t, "INC-0001")
	kinds := []herald.UpdateKind{}
	for _, u := range got.Updates {
		kinds = append(kinds, u.Kind)
	}
	if fmt.Sprint(kinds) != "[resolved note created]" || got.Status != herald.Resolved ||
		got.ResolvedAt == nil {
		t.Errorf("after updates: status %s, kinds %v", got.Status, kinds)
	}
	if c := e.components(t); c[0].Status != herald.Operational {
		t.Errorf("component after resolution: %s", c[0].Status)
	}
	rec = e.do(t, "POST", "/v1/incidents/INC-0001/updates",
		map[string]any{"status": "monitoring", "message": "Again?"})
	mustProblem(t, rec, http.StatusConflict, "")
}

// TestIncidents_Publish checks the states a draft goes through. Publishing
// notifies nobody by itself; the fan-out follows the store's changes.
func TestIncidents_Publish(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	draft := e.mustCreateIncident(t, map[string]any{"title": "Slow", "draft": true,
		"message": "machine text", "components": []map[string]any{{"id": "api",
			"status": "degraded_performance"}}})
	if !draft.Draft || draft.PublishedAt != nil || draft.Updates[0].Kind != herald.KindNote {
		t.Fatalf("draft %+v", draft)
	}
	if c := e.components(t); c[0].Status != herald.Operational {
		t.Errorf("a draft set the component to %s", c[0].Status)
	}
	if l := e.incidents(t, "?state=unresolved"); len(l.Items) != 0 {
		t.Errorf("a draft is listed as unresolved")
	}

	rec := e.do(t, "POST", "/v1/incidents/INC-0001/publish",
		map[string]any{"message": "Some pages load slowly."})
	mustStatus(t, rec, http.StatusOK)
	pub := decodeAs[herald.Incident](t, rec)
	if pub.Draft || pub.PublishedAt == nil || pub.Updates[0].Kind != herald.KindCreated ||
		pub.Updates[0].Message != "Some pages load slowly." {
		t.Fatalf("published %+v", pub)
	}
	if c := e.components(t); c[0].Status != herald.DegradedPerformance {
		t.Errorf("component after publish: %s", c[0].Status)
	}
	mustProblem(t, e.do(t, "POST", "/v1/incidents/INC-0001/publish", nil),
		http.StatusConflict, "")

	// Without a body, the draft's latest note is what is published.
	e.mustCreateIncident(t, map[string]any{"title": "Two", "draft": true, "message": "note"})
	rec = mustDo(t, e.h, "POST", "/v1/incidents/INC-0002/publish", e.key, nil)
	mustStatus(t, rec, http.StatusOK)
	if got := decodeAs[herald.Incident](t, rec); got.Updates[0].Message != "note" {
		t.Errorf("published without a body: %+v", got.Updates[0])
	}
	mustProblem(t, e.do(t, "POST", "/v1/incidents/INC-0404/publish", nil),
		http.StatusNotFound, "")
}

func TestIncidents_List(t *testing.T) {
	e := newEnv(t)
	e.mustCreateIncident(t, map[string]any{"title": "One", "message": "m", "draft": true})
	e.mustCreateIncident(t, map[string]any{"title": "Two", "message": "m"})
	e.mustCreateIncident(t, map[string]any{"title": "Three", "message": "m"})
	mustStatus(t, e.do(t, "POST", "/v1/incidents/INC-0003/updates",
		map[string]any{"status": "resolved", "message": "done"}), http.StatusCreated)

	for query, want := range map[string]string{
		"":                  "[INC-0003 INC-0002 INC-0001]",
		"?state=all":        "[INC-0003 INC-0002 INC-0001]",
		"?state=draft":      "[INC-0001]",
		"?state=unresolved": "[INC-0002]",
		"?state=resolved":   "[INC-0003]",
	} {
		if got := ids(e.incidents(t, query).Items); got != want {
			t.Errorf("GET /v1/incidents%s: %s, want %s", query, got, want)
		}
	}

	var seen []herald.Incident
	l := e.incidents(t, "?limit=2")
	for seen = l.Items; l.NextCursor != ""; seen = append(seen, l.Items...) {
		l = e.incidents(t, "?limit=2&cursor="+l.NextCursor)
	}
	if got := ids(seen); got != "[INC-0003 INC-0002 INC-0001]" {
		t.Errorf("paged: %s", got)
	}
	mustProblem(t, e.do(t, "GET", "/v1/incidents?state=open", nil), http.StatusBadRequest, "state")
	mustProblem(t, e.do(t, "GET", "/v1/incidents?limit=0", nil), http.StatusBadRequest, "limit")
	mustProblem(t, e.do(t, "GET", "/v1/incidents?limit=101", nil), http.StatusBadRequest, "limit")
	mustProblem(t, e.do(t, "GET", "/v1/incidents?limit=x", nil), http.StatusBadRequest, "limit")
	mustProblem(t, e.do(t, "GET", "/v1/incidents/INC-0404", nil), http.StatusNotFound, "")
}

func ids(incs []herald.Incident) string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return fmt.Sprint(out)
}
