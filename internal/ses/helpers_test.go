package ses_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

const from = "Acme Status <status@example.com>"

// links gives each subscriber links of its own, as signedlink.Linker does.
func links(sub *herald.Subscriber) signedlink.Links {
	return signedlink.Links{
		Unsubscribe: "https://api.example.com/v1/subscriptions/unsubscribe?token=" + sub.ID,
		Manage:      "https://api.example.com/v1/subscriptions/manage?token=" + sub.ID,
	}
}

// notification returns a published update for an e-mail subscriber whose
// address is unique to this test run.
func notification(tb testing.TB, subID string) *herald.Notification {
	tb.Helper()
	at := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
	return &herald.Notification{
		ID:   "upd_1." + subID + ".email",
		Page: herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: subID, Type: herald.Email,
			Address: subID + "-" + unique + "@example.com", State: herald.Active},
		Incident: herald.Incident{
			ID: "INC-0042", Title: "Database latency", Status: herald.Investigating,
			Impact:     herald.ImpactMajor,
			Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}},
		},
		Update: herald.Update{ID: "upd_1", Kind: herald.KindCreated, Status: herald.Investigating,
			Message: "Queries are slow.", CreatedAt: at},
		Components: []herald.Component{{ID: "api", Name: "API"}},
		CreatedAt:  at,
	}
}

// newClient returns an SES client for endpoint that tries each call once,
// and the recorder of the requests it sends.
func newClient(tb testing.TB, endpoint string) (*sesv2.Client, *wire) {
	tb.Helper()
	w := &wire{tb: tb}
	client := sesv2.New(sesv2.Options{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint:     aws.String(endpoint),
		RetryMaxAttempts: 1,
		HTTPClient:       w,
	})
	return client, w
}

// wire keeps the body of every request the client sends, then sends it.
type wire struct {
	tb     testing.TB
	mu     sync.Mutex
	paths  []string
	bodies [][]byte
}

func (w *wire) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		w.mu.Lock()
		w.paths = append(w.paths, req.URL.Path)
		w.bodies = append(w.bodies, body)
		w.mu.Unlock()
	}
	return http.DefaultClient.Do(req)
}

// calls returns how many requests went to path.
func (w *wire) calls(path string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, p := range w.paths {
		if p == path {
			n++
		}
	}
	return n
}

// sendEmailRequest is the JSON body of SendEmail; the SDK sends Raw.Data
// as base64, which encoding/json decodes into a []byte.
type sendEmailRequest struct {
	Destination struct{ ToAddresses []string }
	Content     struct{ Raw struct{ Data []byte } }
}

// request returns the i-th request that went over the wire.
func (w *wire) request(i int) sendEmailRequest {
	w.tb.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if i >= len(w.bodies) {
		w.tb.Fatalf("%d requests went out, want more than %d", len(w.bodies), i)
	}
	var req sendEmailRequest
	if err := json.Unmarshal(w.bodies[i], &req); err != nil {
		w.tb.Fatalf("request %d: %v", i, err)
	}
	return req
}

// fakeSES returns a server that answers every call with status, and, for
// an error status, the error code and message in SES's restJson form. A
// bulk call that succeeds gets SUCCESS for each destination. The counter
// counts calls of both kinds.
func fakeSES(tb testing.TB, status int, code, message string) (*httptest.Server, *atomic.Int64) {
	tb.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var req struct{ BulkEmailEntries []json.RawMessage }
		json.NewDecoder(r.Body).Decode(&req)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Requestid", "req-0001")
		switch {
		case status != http.StatusOK:
			w.Header().Set("X-Amzn-Errortype", code)
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(map[string]string{"message": message})
		case r.URL.Path == bulkPath:
			results := make([]map[string]string, len(req.BulkEmailEntries))
			for i := range results {
				results[i] = map[string]string{"Status": "SUCCESS", "MessageId": "fake"}
			}
			json.NewEncoder(w).Encode(map[string]any{"BulkEmailEntryResults": results})
		default:
			w.Write([]byte(`{"MessageId":"fake-0001"}`))
		}
	}))
	tb.Cleanup(srv.Close)
	return srv, &calls
}

// The paths of SendBulkEmail and SendEmail.
const (
	bulkPath   = "/v2/email/outbound-bulk-emails"
	singlePath = "/v2/email/outbound-emails"
)
