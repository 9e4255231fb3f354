package httpapi_test

import (
	"bytes"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/httpapi"
)

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestOpenAPI_RoutesMatchDocument holds the route tables and openapi.yaml
// to each other: every route is documented, and every documented
// operation is a route.
func TestOpenAPI_RoutesMatchDocument(t *testing.T) {
	routes := map[string]bool{}
	for _, rt := range httpapi.Routes() {
		routes[strings.ToLower(rt.Method)+" "+rt.Path] = true
	}
	documented := map[string]bool{}
	for path, item := range document(t)["paths"].(map[string]any) {
		for _, m := range methods {
			if resolve(t, item)[m] != nil {
				documented[m+" "+path] = true
			}
		}
	}
	for r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in openapi.yaml", r)
		}
	}
	for d := range documented {
		if !routes[d] {
			t.Errorf("openapi.yaml documents %s, which no router serves", d)
		}
	}
	if len(routes) < 25 {
		t.Errorf("only %d routes", len(routes))
	}
}

// TestOpenAPI_Security checks that the document asks for an admin key on
// exactly the routes that take one.
func TestOpenAPI_Security(t *testing.T) {
	paths := document(t)["paths"].(map[string]any)
	for _, rt := range httpapi.Routes() {
		op := resolve(t, paths[rt.Path])[strings.ToLower(rt.Method)].(map[string]any)
		sec, declared := op["security"].([]any)
		usesGlobal := !declared // the global requirement is the admin key
		if rt.Admin != usesGlobal {
			t.Errorf("%s %s: admin %v, but the document says security %v",
				rt.Method, rt.Path, rt.Admin, sec)
		}
	}
}

// TestRoutes_Reachable sends a request to every route through New and
// checks that it reaches its handler rather than the router's 404 or 405.
func TestRoutes_Reachable(t *testing.T) {
	e := newEnv(t)
	e.writeSite(t, map[string]string{"index.html": "<p>ok</p>"})
	for _, rt := range httpapi.Routes() {
		if strings.HasPrefix(rt.Path, "/api/v2/") {
			e.writeSite(t, map[string]string{rt.Path[1:]: `{"page":{"id":"x"}}`})
		}
	}
	for _, rt := range httpapi.Routes() {
		path := strings.ReplaceAll(rt.Path, "{id}", "nothing-here")
		rec := mustDo(t, e.h, rt.Method, path, "", nil)
		switch {
		case rt.Admin:
			mustProblem(t, rec, http.StatusUnauthorized, "")
		case strings.HasPrefix(rt.Path, "/v1/integrations/"):
			mustProblem(t, rec, http.StatusUnauthorized, "")
		case strings.HasPrefix(rt.Path, "/v1/subscriptions/"), rt.Method == "POST":
			// Without a token or a body the handler refuses the request,
			// with a page of its own.
			if rec.Code/100 != 4 || rec.Code == http.StatusNotFound ||
				rec.Code == http.StatusMethodNotAllowed ||
				!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Errorf("%s %s: %d %s, want the handler's page", rt.Method, rt.Path,
					rec.Code, rec.Header().Get("Content-Type"))
			}
		default:
			mustStatus(t, rec, http.StatusOK)
		}
	}
}

func TestOpenAPI_Served(t *testing.T) {
	e := newEnv(t)
	rec := mustDo(t, e.h, "GET", "/v1/openapi.yaml", "", nil)
	mustStatus(t, rec, http.StatusOK)
	want, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec.Body.Bytes(), want) {
		t.Error("GET /v1/openapi.yaml is not openapi.yaml")
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/yaml" {
		t.Errorf("Content-Type %q", ct)
	}
	if v := document(t)["openapi"]; v != "3.1.0" {
		t.Errorf("openapi: %v", v)
	}
}

func TestHealth(t *testing.T) {
	e := newEnv(t)
	rec := mustDo(t, e.h, "GET", "/healthz", "", nil)
	mustStatus(t, rec, http.StatusOK)
	if got := decodeAs[map[string]string](t, rec); got["status"] != "ok" || len(got) != 1 {
		t.Errorf("body %v", got)
	}
}

// TestSchemaCheck makes sure the checker every test relies on does reject
// what the document forbids.
func TestSchemaCheck(t *testing.T) {
	component := map[string]any{"$ref": "#/components/schemas/Component"}
	good := map[string]any{"id": "api", "name": "API", "description": "", "group": "",
		"position": 1.0, "status": "operational", "created_at": "2026-01-02T03:04:05Z",
		"updated_at": "2026-01-02T03:04:05.123Z", "version": 1.0}
	if errs := validate(t, component, good, "c"); len(errs) != 0 {
		t.Fatalf("a good component fails: %v", errs)
	}
	for name, edit := range map[string]func(m map[string]any){
		"extra field":   func(m map[string]any) { m["secret"] = "x" },
		"missing field": func(m map[string]any) { delete(m, "status") },
		"bad enum":      func(m map[string]any) { m["status"] = "fine" },
		"bad type":      func(m map[string]any) { m["position"] = "1" },
		"fraction":      func(m map[string]any) { m["version"] = 1.5 },
		"bad time":      func(m map[string]any) { m["created_at"] = "yesterday" },
	} {
		bad := maps.Clone(good)
		edit(bad)
		if errs := validate(t, component, bad, "c"); len(errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}

// TestRouters_Split checks that each Lambda's router serves its own routes
// and no other's, as API Gateway will send it only those.
func TestRouters_Split(t *testing.T) {
	e := newEnv(t, func(o *httpapi.Options) { o.Parsers = nil })
	o := httpapi.Options{Service: e.svc, Logger: slog.New(slog.DiscardHandler)}
	routers := map[string]http.Handler{
		"incidents":     httpapi.NewIncidents(o),
		"subscriptions": httpapi.NewSubscriptions(o),
		"status":        httpapi.NewStatus(o),
	}
	for _, rt := range httpapi.Routes() {
		if !rt.Admin {
			continue
		}
		for name, h := range routers {
			req := httptest.NewRequest(rt.Method, strings.ReplaceAll(rt.Path, "{id}", "x"), nil)
			req.Header.Set("Authorization", "Bearer "+e.key)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			missed := rec.Code == 405 || rec.Code == 404 &&
				strings.Contains(rec.Body.String(), "there is no such ")
			if missed == (name == rt.Router) {
				t.Errorf("%s router: %s %s answers %d %s", name, rt.Method, rt.Path, rec.Code,
					rec.Body)
			}
		}
	}

	// A source without a parser is not served.
	key := e.mustCreateIntegration(t, "generic", false)
	mustProblem(t, mustDo(t, e.h, "POST", "/v1/integrations/generic", key, genericFiring),
		http.StatusNotFound, "")
}
