package httpapi_test

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

var loadDoc = sync.OnceValues(func() (map[string]any, error) {
	b, err := os.ReadFile("openapi.yaml")
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	return doc, yaml.Unmarshal(b, &doc)
})

// document returns openapi.yaml, parsed.
func document(t *testing.T) map[string]any {
	t.Helper()
	doc, err := loadDoc()
	if err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	return doc
}

// resolve follows node's $ref, if it has one, within the document.
func resolve(t *testing.T, node any) map[string]any {
	m, _ := node.(map[string]any)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = document(t)
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = cur.(map[string]any)[part]
	}
	return resolve(t, cur)
}

// operation returns the documented operation a request is served by: the
// path template it matches, or else the status site's catch-all "/".
func operation(t *testing.T, method, urlPath string) map[string]any {
	paths := document(t)["paths"].(map[string]any)
	if method == http.MethodHead {
		method = http.MethodGet
	}
	method = strings.ToLower(method)
	if item, ok := paths[urlPath]; ok {
		// A path of its own wins over a template it also fits, as in the mux.
		op, _ := resolve(t, item)[method].(map[string]any)
		return op
	}
	for tmpl, item := range paths {
		if matchTemplate(tmpl, urlPath) {
			op, _ := resolve(t, item)[method].(map[string]any)
			return op
		}
	}
	if !strings.HasPrefix(urlPath, "/v1/") && urlPath != "/healthz" {
		op, _ := resolve(t, paths["/"])[method].(map[string]any)
		return op
	}
	return nil
}

// matchTemplate reports whether urlPath fits a path template such as
// /v1/incidents/{id}.
func matchTemplate(tmpl, urlPath string) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(urlPath, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if strings.HasPrefix(ts[i], "{") && ps[i] != "" {
			continue
		}
		if ts[i] != ps[i] {
			return false
		}
	}
	return true
}

// checkResponse fails the test if rec is not a response the document
// allows for req: a documented status, content type and body.
func checkResponse(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if path.Clean(req.URL.Path) != req.URL.Path && req.URL.Path != "/" &&
		!strings.HasSuffix(req.URL.Path, "/") {
		// The mux redirects a path with . or .. to its clean form.
		if rec.Code/100 != 3 || rec.Header().Get("Location") == "" {
			t.Errorf("%s %s: %d, not a redirect to the clean path", req.Method, req.URL.Path, rec.Code)
		}
		return
	}
	resp := documentedResponse(t, req, rec.Code)
	if resp == nil {
		return
	}

	content, _ := resp["content"].(map[string]any)
	if content == nil {
		if rec.Body.Len() != 0 {
			t.Errorf("%s %s: %d has a body the document does not describe", req.Method,
				req.URL.Path, rec.Code)
		}
		return
	}
	ct, _, _ := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	media, ok := content[ct].(map[string]any)
	if !ok {
		t.Errorf("%s %s: %d as %q, not documented", req.Method, req.URL.Path, rec.Code, ct)
		return
	}
	if !strings.HasSuffix(ct, "json") || req.Method == http.MethodHead {
		return
	}
	var body any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("%s %s: body is not JSON: %v", req.Method, req.URL.Path, err)
		return
	}
	for _, msg := range validate(t, media["schema"], body, "body") {
		t.Errorf("%s %s: %d: %s", req.Method, req.URL.Path, rec.Code, msg)
	}
}

// documentedResponse returns the response the document describes for a
// request answered with status, or nil after failing the test.
func documentedResponse(t *testing.T, req *http.Request, status int) map[string]any {
	t.Helper()
	op := operation(t, req.Method, req.URL.Path)
	if op == nil {
		// No route: the router's own answer, a problem.
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: no documented route, yet status %d", req.Method, req.URL.Path,
				status)
		}
		return resolve(t, map[string]any{"$ref": "#/components/responses/NotFound"})
	}
	resp := resolve(t, op["responses"].(map[string]any)[strconv.Itoa(status)])
	if resp == nil {
		t.Errorf("%s %s: status %d is not documented", req.Method, req.URL.Path, status)
	}
	return resp
}
