package sqsretry_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/webhook"
)

// receiver answers webhooks with the given statuses in turn, then 200.
type receiver struct {
	srv     *httptest.Server
	mu      sync.Mutex
	answers []int
	ids     []string // the webhook-id of each request
	ok      int      // requests answered 2xx
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	rc := &receiver{answers: answers}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.ids = append(rc.ids, req.Header.Get(webhook.HeaderID))
		status := http.StatusOK
		if len(rc.answers) > 0 {
			status, rc.answers = rc.answers[0], rc.answers[1:]
		}
		if status < 300 {
			rc.ok++
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

// seen returns the webhook-ids received and how many were answered 2xx.
func (rc *receiver) seen() ([]string, int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.ids...), rc.ok
}
