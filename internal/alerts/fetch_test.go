package alerts_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/alerts"
)

// TestFetchHTTPSHidesQuery: a SubscribeURL's query carries the
// subscription's token, so no error of the fetch may quote it.
func TestFetchHTTPSHidesQuery(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	fetch := alerts.FetchHTTPS(srv.Client())
	const q = "/?Action=ConfirmSubscription&Token=not-a-real-token-0123"
	if _, err := fetch(t.Context(), srv.URL+q); err == nil || strings.Contains(err.Error(), "Token") {
		t.Errorf("refused fetch: err = %v, want an error without the query", err)
	}
	srv.Close()
	if _, err := fetch(t.Context(), srv.URL+q); err == nil || strings.Contains(err.Error(), "Token") {
		t.Errorf("failed connection: err = %v, want an error without the query", err)
	}
}
