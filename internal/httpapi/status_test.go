package httpapi_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/httpapi"
)

func TestStatus(t *testing.T) {
	e := newEnv(t)
	e.writeSite(t, map[string]string{
		"index.html":                       "<h1>All good</h1>",
		"incidents/INC-0001.html":          "<h1>INC-0001</h1>",
		"api/v2/status.json":               `{"page": {"id": "p"}, "status": {}}`,
		"api/v2/incidents/unresolved.json": `{"page": {"id": "p"}, "incidents": []}`,
		".tmp-123":                         "half a file",
		"api/v2/.tmp-9":                    "half a file",
	})

	rec := mustDo(t, e.h, "GET", "/", "", nil)
	mustStatus(t, rec, http.StatusOK)
	h := rec.Header()
	if !strings.Contains(rec.Body.String(), "All good") ||
		!strings.HasPrefix(h.Get("Content-Type"), "text/html") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") ||
		strings.Contains(h.Get("Content-Security-Policy"), "unsafe-eval") ||
		h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET /: %v\n%s", h, rec.Body)
	}
	for _, p := range []string{"/incidents/INC-0001", "/incidents/INC-0001.html"} {
		if rec := mustDo(t, e.h, "GET", p, "", nil); !strings.Contains(rec.Body.String(),
			"INC-0001") {
			t.Errorf("GET %s: %d %s", p, rec.Code, rec.Body)
		}
	}

	rec = mustDo(t, e.h, "GET", "/api/v2/status.json", "", nil)
	mustStatus(t, rec, http.StatusOK)
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Errorf("status.json headers %v", rec.Header())
	}
	mustStatus(t, mustDo(t, e.h, "GET", "/api/v2/incidents/unresolved.json", "", nil), 200)
	mustStatus(t, mustDo(t, e.h, "HEAD", "/api/v2/status.json", "", nil), 200)

	// Missing files, hidden files and folders without an index are not found.
	for _, p := range []string{"/api/v2/summary.json", "/.tmp-123", "/api/v2/.tmp-9",
		"/incidents/", "/api/v2/", "/nothing.html", "/../index.html"} {
		if rec := mustDo(t, e.h, "GET", p, "", nil); rec.Code == 200 {
			t.Errorf("GET %s: 200 %s", p, rec.Body)
		}
	}
}

func TestStatus_NoSite(t *testing.T) {
	h := httpapi.NewStatus(httpapi.Options{Logger: slog.New(slog.DiscardHandler)})
	mustProblem(t, mustDo(t, h, "GET", "/api/v2/status.json", "", nil), http.StatusNotFound, "")
	mustProblem(t, mustDo(t, h, "GET", "/", "", nil), http.StatusNotFound, "")
}
