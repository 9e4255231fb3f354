package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/httpapi"
)

// badInput is a request the API must refuse without storing anything.
type badInput struct {
	name   string
	body   string
	ctype  string // Content-Type; application/json when empty
	status int
	field  string
	detail string // a part of the detail that must be there
}

// badBodies returns the inputs that every route taking a JSON body must
// refuse, built around one of its string fields.
func badBodies(field string) []badInput {
	f := `"` + field + `"`
	return []badInput{
		{name: "malformed", body: "{\n  " + f + ": \"API\",\n}", status: 400,
			detail: "line 3, column 1"},
		{name: "cut short", body: `{` + f + `: "API"`, status: 400, detail: "ends"},
		{name: "trailing data", body: `{` + f + `: "API"} {` + f + `: "B"}`, status: 400,
			detail: "more follows"},
		{name: "unknown field", body: `{` + f + `: "API", "colour": "red"}`, status: 400,
			field: "colour"},
		{name: "empty", body: "", status: 400, detail: "empty"},
		{name: "not an object", body: `["API"]`, status: 400, detail: "object"},
		{name: "null", body: `null`, status: 400, detail: "object"},
		{name: "not JSON", body: `{` + f + `: "API"}`, ctype: "text/plain", status: 415},
		{name: "no content type", body: `{` + f + `: "API"}`, ctype: "-", status: 415},
		{name: "too large", body: `{` + f + `: "` + strings.Repeat("a", httpapi.MaxBody) + `"}`,
			status: 413},
	}
}

// send posts a bad input to path with method, and checks the problem.
func (e *env) send(t *testing.T, method, path string, in badInput) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(in.body))
	switch in.ctype {
	case "":
		req.Header.Set("Content-Type", "application/json")
	case "-":
	default:
		req.Header.Set("Content-Type", in.ctype)
	}
	req.Header.Set("Authorization", "Bearer "+e.key)
	p := mustProblem(t, mustServe(t, e.h, req), in.status, in.field)
	if !strings.Contains(p.Detail, in.detail) {
		t.Errorf("detail %q does not say %q", p.Detail, in.detail)
	}
}

func TestBadInput_Components(t *testing.T) {
	e := newEnv(t)
	cases := append(badBodies("name"),
		badInput{name: "wrong type", body: `{"name": "API", "position": "first"}`,
			status: 400, field: "position", detail: "an integer"},
		badInput{name: "no name", body: `{"description": "x"}`, status: 422, field: "name",
			detail: "name: is required"},
		badInput{name: "long name", body: `{"name": "` + strings.Repeat("n", 101) + `"}`,
			status: 422, field: "name"},
		badInput{name: "bad status", body: `{"name": "API", "status": "fine"}`,
			status: 422, field: "status"},
		badInput{name: "version", body: `{"name": "API", "version": 7}`, status: 400,
			field: "version"},
	)
	for _, in := range cases {
		t.Run(in.name, func(t *testing.T) {
			e.send(t, "POST", "/v1/components", in)
			if got := e.components(t); len(got) != 0 {
				t.Errorf("stored %+v", got)
			}
		})
	}
}

func TestBadInput_Incidents(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	e.mustCreateIncident(t, map[string]any{"title": "Down", "message": "Looking",
		"draft": true})
	before := e.incident(t, "INC-0001")

	cases := append(badBodies("title"),
		badInput{name: "wrong type", body: `{"title": 5}`, status: 400, field: "title"},
		badInput{name: "nested wrong type", body: `{"components": [{"id": "api", "status": 3}]}`,
			status: 400, field: "components.status"},
		badInput{name: "bad time", body: `{"eta": "tomorrow"}`, status: 400, field: "eta",
			detail: "RFC 3339"},
		badInput{name: "time not a string", body: `{"started_at": 1700000000}`, status: 400,
			field: "started_at", detail: "RFC 3339"},
		badInput{name: "unknown component", body: `{"components": [{"id": "web",
			"status": "major_outage"}]}`, status: 404, field: "components[0].id"},
		badInput{name: "bad component status", body: `{"components": [{"id": "api",
			"status": "down"}]}`, status: 422, field: "components[0].status"},
		badInput{name: "long title", body: `{"title": "` + strings.Repeat("t", 201) + `"}`,
			status: 422, field: "title"},
		badInput{name: "status by patch", body: `{"status": "resolved"}`, status: 400,
			field: "status"},
	)
	for _, in := range cases {
		t.Run(in.name, func(t *testing.T) {
			e.send(t, "PATCH", "/v1/incidents/INC-0001", in)
			if got := e.incident(t, "INC-0001"); !reflect.DeepEqual(got, before) {
				t.Errorf("changed:\n%+v\nwas\n%+v", got, before)
			}
		})
	}
	updates := []badInput{
		{name: "no message", body: `{"status": "identified"}`, status: 422, field: "message"},
		{name: "bad status", body: `{"status": "exploded", "message": "m"}`, status: 422,
			field: "status"},
		{name: "unknown component", body: `{"message": "m", "components": [{"id": "web",
			"status": "major_outage"}]}`, status: 404, field: "components[0].id"},
	}
	for _, in := range append(updates, badBodies("message")...) {
		t.Run("update "+in.name, func(t *testing.T) {
			e.send(t, "POST", "/v1/incidents/INC-0001/updates", in)
			if got := e.incident(t, "INC-0001"); !reflect.DeepEqual(got, before) {
				t.Errorf("changed:\n%+v\nwas\n%+v", got, before)
			}
		})
	}
}

func TestBadInput_NewIncident(t *testing.T) {
	e := newEnv(t)
	cases := []badInput{
		{name: "no title", body: `{"message": "m"}`, status: 422, field: "title"},
		{name: "no message", body: `{"title": "t"}`, status: 422, field: "message"},
		{name: "bad status", body: `{"title": "t", "message": "m", "status": "on fire"}`,
			status: 422, field: "status"},
		{name: "bad impact", body: `{"title": "t", "message": "m", "impact": "huge"}`,
			status: 422, field: "impact"},
		{name: "unknown component", body: `{"title": "t", "message": "m",
			"components": [{"id": "web", "status": "major_outage"}]}`, status: 404,
			field: "components[0].id"},
		{name: "draft as string", body: `{"title": "t", "message": "m", "draft": "yes"}`,
			status: 400, field: "draft", detail: "true or false"},
	}
	for _, in := range append(cases, badBodies("title")...) {
		t.Run(in.name, func(t *testing.T) {
			e.send(t, "POST", "/v1/incidents", in)
			if l := e.incidents(t, ""); len(l.Items) != 0 {
				t.Errorf("stored %s", ids(l.Items))
			}
		})
	}
	mustStatus(t, e.do(t, "POST", "/v1/incidents", map[string]any{"title": "t", "message": "m"}),
		http.StatusCreated)
	if l := e.incidents(t, ""); ids(l.Items) != "[INC-0001]" {
		t.Errorf("the first stored incident is %s: refused ones took numbers", ids(l.Items))
	}
}

func TestBadInput_Publish(t *testing.T) {
	e := newEnv(t)
	e.mustCreateIncident(t, map[string]any{"title": "Down", "message": "m", "draft": true})
	before := e.incident(t, "INC-0001")
	for _, in := range badBodies("message") {
		if in.name == "empty" {
			continue // publishing takes no body at all
		}
		t.Run(in.name, func(t *testing.T) {
			e.send(t, "POST", "/v1/incidents/INC-0001/publish", in)
			if got := e.incident(t, "INC-0001"); !reflect.DeepEqual(got, before) {
				t.Errorf("changed:\n%+v\nwas\n%+v", got, before)
			}
		})
	}
}
