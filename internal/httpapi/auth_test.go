package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func TestAuth_Admin(t *testing.T) {
	e := newEnv(t)
	integrationKey := e.mustCreateIntegration(t, herald.SourceGeneric, false)
	wrong := e.key[:len(e.key)-1] + "x"
	if strings.HasSuffix(e.key, "x") {
		wrong = e.key[:len(e.key)-1] + "y"
	}
	for name, header := range map[string]string{
		"none":            "",
		"wrong secret":    "Bearer " + wrong,
		"unknown id":      "Bearer hka_key_nosuchkey_" + strings.Repeat("a", 52),
		"not a key":       "Bearer hello",
		"integration key": "Bearer " + integrationKey,
		"basic scheme":    "Basic " + e.key,
		"bare key":        e.key,
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/v1/components",
				strings.NewReader(`{"name": "API"}`))
			req.Header.Set("Content-Type", "application/json")
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			rec := mustServe(t, e.h, req)
			mustProblem(t, rec, http.StatusUnauthorized, "")
			if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
				t.Errorf("WWW-Authenticate %q", got)
			}
			if strings.Contains(rec.Body.String(), e.key) {
				t.Error("the problem repeats the key")
			}
		})
	}
	if got := e.components(t); len(got) != 0 {
		t.Errorf("unauthenticated requests stored %+v", got)
	}

	// The scheme is case-insensitive.
	rec := mustDo(t, e.h, "GET", "/v1/components", "", nil)
	mustStatus(t, rec, http.StatusUnauthorized)
	req := httptest.NewRequest("GET", "/v1/components", nil)
	req.Header.Set("Authorization", "bearer "+e.key)
	mustStatus(t, mustServe(t, e.h, req), http.StatusOK)
}

func TestAuth_ConfiguredKey(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.Bootstrap(t.Context(), "a-configured-admin-key-0123456789"); err != nil {
		t.Fatal(err)
	}
	rec := mustDo(t, e.h, "GET", "/v1/components", "a-configured-admin-key-0123456789", nil)
	mustStatus(t, rec, http.StatusOK)
	rec = mustDo(t, e.h, "GET", "/v1/components", "a-configured-admin-key-012345678", nil)
	mustProblem(t, rec, http.StatusUnauthorized, "")
}
