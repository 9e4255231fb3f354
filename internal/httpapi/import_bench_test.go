package httpapi_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/httpapi"
)

// BenchmarkImport100k imports a file of 100,000 consented e-mail rows into
// a fresh embedded store, through the handler: CSV parsing, checks, and
// one store write per row.
func BenchmarkImport100k(b *testing.B) {
	const rows = 100_000
	var file strings.Builder
	file.WriteString("type,address,components,consented\n")
	for i := range rows {
		fmt.Fprintf(&file, "email,reader%06d@example.com,,yes\n", i)
	}
	body := file.String()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		h, key := benchEnv(b)
		b.StartTimer()
		req := httptest.NewRequest("POST", "/v1/subscribers/import", strings.NewReader(body))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"imported":100000`) {
			b.Fatalf("import: %d %.300s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchEnv returns the subscriptions router over a fresh embedded store,
// and an admin key.
func benchEnv(b *testing.B) (http.Handler, string) {
	db, err := bolt.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := herald.NewService(db)
	key, err := svc.Bootstrap(b.Context(), "")
	if err != nil {
		b.Fatal(err)
	}
	subs, links, _ := testSubscriptions(svc)
	return httpapi.NewSubscriptions(httpapi.Options{Service: svc, Subscriptions: subs,
		Links: links, Logger: slog.New(slog.DiscardHandler)}), key
}
