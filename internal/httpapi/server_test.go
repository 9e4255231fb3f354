package httpapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestOverHTTP serves the API on a loopback socket, as the local runner
// does, to see the body limit and headers survive a real connection.
func TestOverHTTP(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	send := func(method, path, body string) *http.Response {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path,
			strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}

	if resp := send("POST", "/v1/components", `{"name": "API"}`); resp.StatusCode != 201 {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
	big := `{"name": "` + strings.Repeat("a", 1<<20) + `"}`
	resp := send("POST", "/v1/components", big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge ||
		resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("a body over 1 MiB: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got := e.components(t); len(got) != 1 {
		t.Errorf("%d components, want 1", len(got))
	}
	if resp := send("GET", "/healthz", ""); resp.Header.Get("X-Request-Id") == "" {
		t.Error("no request id over HTTP")
	}
}
