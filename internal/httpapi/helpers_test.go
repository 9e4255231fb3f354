package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/httpapi"
	"github.com/herald-status/herald/internal/signedlink"
)

// env is a Herald served through the real router on a real embedded store.
type env struct {
	h    http.Handler
	db   *bolt.DB
	svc  *herald.Service
	key  string // an admin key
	site string // the folder the status site is served from
	logs *syncBuffer

	subs  *herald.Subscriptions // the subscribers' side, see testSubscriptions
	links *signedlink.Linker
	sent  *sentBox // the confirmations sent
}

// newEnv starts a Herald on a fresh store with the real alert parsers.
// Options can be changed by edit before the router is built.
func newEnv(t *testing.T, edit ...func(*httpapi.Options)) *env {
	t.Helper()
	db, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := herald.NewService(db)
	key, err := svc.Bootstrap(context.Background(), "")
	if err != nil || key == "" {
		t.Fatalf("Bootstrap: %q, %v", key, err)
	}

	e := &env{db: db, svc: svc, key: key, site: t.TempDir(), logs: &syncBuffer{}}
	e.subs, e.links, e.sent = testSubscriptions(svc)
	o := httpapi.Options{
		Service: svc, Parsers: alerts.Parsers(), SiteFS: os.DirFS(e.site),
		Logger:        slog.New(slog.NewJSONHandler(e.logs, nil)),
		Subscriptions: e.subs, Links: e.links,
	}
	for _, f := range edit {
		f(&o)
	}
	e.h = httpapi.New(o)
	return e
}

// mustDo sends a request through h and checks the response against the
// OpenAPI document. body is sent as it is if it is a string, as JSON
// otherwise; nil sends none. key, if any, goes in a Bearer header.
func mustDo(t *testing.T, h http.Handler, method, path, key string,
	body any) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	return mustServe(t, h, req)
}

// mustServe serves req and checks the response against the document.
func mustServe(t *testing.T, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkResponse(t, req, rec)
	return rec
}

// do is mustDo with the environment's handler and admin key.
func (e *env) do(t *testing.T, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	return mustDo(t, e.h, method, path, e.key, body)
}

// mustStatus fails the test unless rec has the given status.
func mustStatus(t *testing.T, rec *httptest.ResponseRecorder, want int) {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("status %d, want %d; body %s", rec.Code, want, rec.Body)
	}
}

// decodeAs decodes rec's JSON body into a T.
func decodeAs[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	return v
}

// problem is a problem+json body as a client reads it.
type problem struct {
	Type, Title, Detail, Code, Field string
	Status                           int
	RequestID                        string `json:"request_id"`
}

// mustProblem checks that rec is a problem with the given status and
// field, and returns it.
func mustProblem(t *testing.T, rec *httptest.ResponseRecorder, status int, field string) problem {
	t.Helper()
	mustStatus(t, rec, status)
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	p := decodeAs[problem](t, rec)
	if p.Status != status || p.Field != field || p.Detail == "" || p.Type != "about:blank" {
		t.Fatalf("problem %+v, want status %d and field %q", p, status, field)
	}
	return p
}

// list is a list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// writeSite writes files of the status site, by slash-separated name.
func (e *env) writeSite(t *testing.T, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(e.site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// syncBuffer is a log destination that concurrent requests may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
