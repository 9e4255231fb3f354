package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// mustCreateComponent adds a component through the API.
func (e *env) mustCreateComponent(t *testing.T, id, name string) herald.Component {
	t.Helper()
	rec := e.do(t, "POST", "/v1/components", map[string]any{"id": id, "name": name})
	mustStatus(t, rec, http.StatusCreated)
	return decodeAs[herald.Component](t, rec)
}

// components lists the stored components through the API.
func (e *env) components(t *testing.T) []herald.Component {
	t.Helper()
	rec := e.do(t, "GET", "/v1/components", nil)
	mustStatus(t, rec, http.StatusOK)
	return decodeAs[list[herald.Component]](t, rec).Items
}

func TestComponents(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		if got := e.components(t); len(got) != 0 {
			t.Fatalf("a new store lists %v", got)
		}
		rec := e.do(t, "POST", "/v1/components", map[string]any{
			"name": "EU Region", "description": "Frankfurt", "group": "Regions", "position": 2})
		mustStatus(t, rec, http.StatusCreated)
		c := decodeAs[herald.Component](t, rec)
		if c.ID != "eu-region" || c.Status != herald.Operational || c.Group != "Regions" ||
			c.Position != 2 || c.Version != 1 {
			t.Fatalf("created %+v", c)
		}
		if loc := rec.Header().Get("Location"); loc != "/v1/components/eu-region" {
			t.Errorf("Location %q", loc)
		}
		e.mustCreateComponent(t, "api", "API")

		rec = e.do(t, "PATCH", "/v1/components/eu-region",
			map[string]any{"status": "partial_outage", "position": 0, "group": nil})
		mustStatus(t, rec, http.StatusOK)
		c = decodeAs[herald.Component](t, rec)
		if c.Status != herald.PartialOutage || c.Position != 0 || c.Group != "Regions" ||
			c.Name != "EU Region" {
			t.Fatalf("patched %+v", c)
		}

		rec = e.do(t, "GET", "/v1/components/eu-region", nil)
		mustStatus(t, rec, http.StatusOK)
		if got := decodeAs[herald.Component](t, rec); got.Status != herald.PartialOutage ||
			got.Version != c.Version {
			t.Errorf("GET after PATCH: %+v", got)
		}
		if got := e.components(t); len(got) != 2 || got[0].ID != "api" || got[1].ID != "eu-region" {
			t.Errorf("list %+v, want api then eu-region (both at position 0, by name)", got)
		}

		mustStatus(t, e.do(t, "DELETE", "/v1/components/eu-region", nil), http.StatusNoContent)
		mustProblem(t, e.do(t, "GET", "/v1/components/eu-region", nil), http.StatusNotFound, "")
		if got := e.components(t); len(got) != 1 || got[0].ID != "api" {
			t.Errorf("after DELETE: %+v", got)
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		e := newEnv(t)
		e.mustCreateComponent(t, "api", "API")
		rec := e.do(t, "POST", "/v1/components", map[string]any{"id": "api", "name": "Other"})
		mustProblem(t, rec, http.StatusConflict, "id")
		if got := e.components(t); len(got) != 1 || got[0].Name != "API" {
			t.Errorf("after conflict: %+v", got)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		e := newEnv(t)
		mustProblem(t, e.do(t, "GET", "/v1/components/nope", nil), http.StatusNotFound, "")
		mustProblem(t, e.do(t, "PATCH", "/v1/components/nope", map[string]any{"name": "x"}),
			http.StatusNotFound, "")
		mustProblem(t, e.do(t, "DELETE", "/v1/components/nope", nil), http.StatusNotFound, "")
	})

	t.Run("ErrUnprocessable", func(t *testing.T) {
		e := newEnv(t)
		e.mustCreateComponent(t, "api", "API")
		mustProblem(t, e.do(t, "PATCH", "/v1/components/api", map[string]any{"status": "fine"}),
			http.StatusUnprocessableEntity, "status")
		mustProblem(t, e.do(t, "PATCH", "/v1/components/api", map[string]any{"name": " "}),
			http.StatusUnprocessableEntity, "name")
		if got := e.components(t); got[0].Name != "API" || got[0].Status != herald.Operational {
			t.Errorf("after refused patches: %+v", got[0])
		}
	})

	t.Run("ErrAffectedByOpenIncident", func(t *testing.T) {
		e := newEnv(t)
		e.mustCreateComponent(t, "api", "API")
		e.mustCreateIncident(t, map[string]any{"title": "Down", "message": "Looking",
			"components": []map[string]any{{"id": "api", "status": "major_outage"}}})
		mustProblem(t, e.do(t, "DELETE", "/v1/components/api", nil), http.StatusConflict, "")
		if got := e.components(t); len(got) != 1 || got[0].Status != herald.MajorOutage {
			t.Errorf("after refused delete: %+v", got)
		}
	})
}
