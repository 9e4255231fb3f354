package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/httpapi"
)

// logLines returns the JSON log lines with the given message.
func (e *env) logLines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(e.logs.String()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		if line["msg"] == msg {
			out = append(out, line)
		}
	}
	return out
}

func TestMiddleware_RequestID(t *testing.T) {
	e := newEnv(t)
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	if got := mustServe(t, e.h, req).Header().Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("echoed %q", got)
	}
	for _, bad := range []string{"", "has spaces", strings.Repeat("a", 101), "new\nline"} {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.Header["X-Request-Id"] = []string{bad}
		got := mustServe(t, e.h, req).Header().Get("X-Request-Id")
		if got == "" || got == bad || len(got) > 100 {
			t.Errorf("for %q: request id %q", bad, got)
		}
	}
	rec := mustDo(t, e.h, "GET", "/v1/components", "", nil)
	if p := mustProblem(t, rec, 401, ""); p.RequestID != rec.Header().Get("X-Request-Id") {
		t.Errorf("problem request id %q, header %q", p.RequestID, rec.Header().Get("X-Request-Id"))
	}
}

// TestMiddleware_Log checks the one line each request gets: what it was,
// how it ended, and nothing secret.
func TestMiddleware_Log(t *testing.T) {
	e := newEnv(t)
	generic := e.mustCreateIntegration(t, herald.SourceGeneric, false)
	rec := mustDo(t, e.h, "POST", "/v1/integrations/generic?key="+generic, "", genericFiring)
	mustStatus(t, rec, http.StatusAccepted)
	e.do(t, "POST", "/v1/subscribers", map[string]any{"type": "email", "address": "a@example.com"})
	e.do(t, "GET", "/v1/incidents/INC-0001", nil)

	lines := e.logLines(t, "request")
	if len(lines) != 4 {
		t.Fatalf("%d request lines for 4 requests:\n%s", len(lines), e.logs)
	}
	last := lines[3]
	if last["method"] != "GET" || last["route"] != "/v1/incidents/{id}" ||
		last["status"] != 200.0 || last["request_id"] == "" || last["duration_ms"] == nil {
		t.Errorf("line %v", last)
	}
	if lines[1]["status"] != 202.0 || lines[1]["route"] != "/v1/integrations/generic" {
		t.Errorf("ingest line %v", lines[1])
	}
	for _, secret := range []string{e.key, generic, "a@example.com", "Database latency", "?key"} {
		if strings.Contains(e.logs.String(), secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

func TestMiddleware_Panic(t *testing.T) {
	e := newEnv(t, func(o *httpapi.Options) {
		o.Parsers[herald.SourceGeneric] = func(context.Context, *herald.Intake) (*herald.Parsed, error) {
			panic("parser bug: secret detail")
		}
	})
	key := e.mustCreateIntegration(t, herald.SourceGeneric, false)
	rec := mustDo(t, e.h, "POST", "/v1/integrations/generic", key, genericFiring)
	p := mustProblem(t, rec, http.StatusInternalServerError, "")
	if p.Code != herald.EINTERNAL || strings.Contains(p.Detail, "secret") ||
		!strings.Contains(p.Detail, p.RequestID) {
		t.Errorf("problem %+v", p)
	}
	failed := e.logLines(t, "request failed")
	if len(failed) != 1 || failed[0]["request_id"] != p.RequestID ||
		!strings.Contains(failed[0]["error"].(string), "parser bug") {
		t.Errorf("logged %v", failed)
	}
	if l := e.logLines(t, "request"); l[len(l)-1]["status"] != 500.0 {
		t.Errorf("request line %v", l[len(l)-1])
	}
}

func TestMiddleware_ParserErrorHidden(t *testing.T) {
	e := newEnv(t, func(o *httpapi.Options) {
		o.Parsers[herald.SourceGeneric] = func(context.Context, *herald.Intake) (*herald.Parsed, error) {
			return nil, errors.New("internal parser state 0xdead")
		}
	})
	key := e.mustCreateIntegration(t, herald.SourceGeneric, false)
	p := mustProblem(t, mustDo(t, e.h, "POST", "/v1/integrations/generic", key, genericFiring),
		http.StatusBadRequest, "")
	if strings.Contains(p.Detail, "0xdead") {
		t.Errorf("detail %q shows the parser's error", p.Detail)
	}
}

func TestMiddleware_StoreDown(t *testing.T) {
	e := newEnv(t)
	e.db.Close()
	rec := e.do(t, "GET", "/v1/components", nil)
	p := mustProblem(t, rec, http.StatusServiceUnavailable, "")
	if rec.Header().Get("Retry-After") == "" || strings.Contains(p.Detail, "bolt") {
		t.Errorf("503: Retry-After %q, detail %q", rec.Header().Get("Retry-After"), p.Detail)
	}
	if got := e.logLines(t, "request failed"); len(got) != 1 {
		t.Errorf("%d error lines for one failure", len(got))
	}
}

func TestMiddleware_Headers(t *testing.T) {
	e := newEnv(t)
	rec := e.do(t, "GET", "/v1/components", nil)
	h := rec.Header()
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("API headers %v", h)
	}
}

func TestMiddleware_NoRoute(t *testing.T) {
	e := newEnv(t)
	mustProblem(t, e.do(t, "GET", "/v1/nothing", nil), http.StatusNotFound, "")
	rec := e.do(t, "PUT", "/v1/components", `{}`)
	mustProblem(t, rec, http.StatusMethodNotAllowed, "")
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") ||
		!strings.Contains(allow, "POST") {
		t.Errorf("Allow %q", allow)
	}
	mustProblem(t, e.do(t, "DELETE", "/v1/subscribers", nil), http.StatusMethodNotAllowed, "")
	mustProblem(t, e.do(t, "POST", "/", `{}`), http.StatusMethodNotAllowed, "")
}
