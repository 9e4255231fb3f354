package local_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestDeadWebhookDelaysNoOne points one webhook subscriber at a receiver
// that fails, then posts two updates: the e-mail subscriber hears of both
// at once, and the webhook, retried from the local queue, gets each in the
// end, once.
func TestDeadWebhookDelaysNoOne(t *testing.T) {
	var calls, fails atomic.Int32
	failing := atomic.Bool{}
	failing.Store(true)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if failing.Load() {
			fails.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()

	s := start(t, t.TempDir())
	s.do("POST", "/v1/components", adminKey, []byte(`{"name":"API"}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"ops@example.com","consented":true}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(fmt.Sprintf(`{"type":"webhook","address":%q,"consented":true}`, hook.URL)),
		http.StatusCreated, nil)
	var inc struct{ ID string }
	s.do("POST", "/v1/incidents", adminKey, []byte(`{"title":"Slow API","message":"Looking.",`+
		`"components":[{"id":"api","status":"degraded_performance"}]}`), http.StatusCreated, &inc)
	eventually(t, "the first webhook attempt", func() bool { return calls.Load() >= 1 })
	s.do("POST", "/v1/incidents/"+inc.ID+"/updates", adminKey, []byte(`{"message":"Found it."}`),
		http.StatusCreated, nil)

	// The e-mails do not wait for the failing webhook's retries.
	start := time.Now()
	eventually(t, "both e-mails", func() bool { return len(emails(t, s.dir)) == 2 })
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the second e-mail took %v behind a failing webhook", d)
	}
	failing.Store(false)
	deadline := time.Now().Add(20 * time.Second)
	for calls.Load()-fails.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the webhook got %d successful deliveries, want 2", calls.Load()-fails.Load())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestSlowWebhooksDelayNoOne points two webhook subscribers at receivers
// that do not answer, then opens two incidents: the e-mail about the
// second goes out at once, not after the receivers' timeouts.
func TestSlowWebhooksDelayNoOne(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)

	s := start(t, t.TempDir())
	s.do("POST", "/v1/components", adminKey, []byte(`{"name":"API"}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"ops@example.com","consented":true}`), http.StatusCreated, nil)
	for i := range 2 {
		s.do("POST", "/v1/subscribers", adminKey,
			[]byte(fmt.Sprintf(`{"type":"webhook","address":"%s/hook/%d","consented":true}`, slow.URL, i)),
			http.StatusCreated, nil)
	}
	for i := range 2 {
		s.do("POST", "/v1/incidents", adminKey, []byte(fmt.Sprintf(`{"title":"Incident %d",`+
			`"message":"Looking.","components":[{"id":"api","status":"degraded_performance"}]}`, i)),
			http.StatusCreated, nil)
		posted := time.Now()
		eventually(t, "the e-mail", func() bool { return len(emails(t, s.dir)) == i+1 })
		if d := time.Since(posted); d > 3*time.Second {
			t.Errorf("incident %d's e-mail took %v behind receivers that do not answer", i, d)
		}
	}
}
