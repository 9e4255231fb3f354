package dynamo_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
)

// calls are store methods that each reach DynamoDB once or more.
var calls = map[string]func(ctx context.Context, s *dynamo.Store) error{
	"Component": func(ctx context.Context, s *dynamo.Store) error {
		_, err := s.Component(ctx, "api")
		return err
	},
	"Components": func(ctx context.Context, s *dynamo.Store) error {
		_, err := s.Components(ctx)
		return err
	},
	"NextIncidentNumber": func(ctx context.Context, s *dynamo.Store) error {
		_, err := s.NextIncidentNumber(ctx)
		return err
	},
	"SaveIncident": func(ctx context.Context, s *dynamo.Store) error {
		return s.SaveIncident(ctx, herald.IncidentWrite{Incident: &herald.Incident{ID: "INC-0001"}})
	},
	"Incidents": func(ctx context.Context, s *dynamo.Store) error {
		_, _, err := s.Incidents(ctx, herald.FilterAll, herald.ListOptions{})
		return err
	},
	"CreateSubscriber": func(ctx context.Context, s *dynamo.Store) error {
		return s.CreateSubscriber(ctx, &herald.Subscriber{ID: "sub_a", Type: herald.Email,
			Address: "reader@example.com"})
	},
	"ClaimDelivery": func(ctx context.Context, s *dynamo.Store) error {
		_, err := s.ClaimDelivery(ctx, &herald.Delivery{ID: "u.s.email", IncidentID: "INC-0001"})
		return err
	},
	"CreateTable": func(ctx context.Context, s *dynamo.Store) error { return s.CreateTable(ctx) },
}

// wantUnavailable runs every call against s and checks each is EUNAVAILABLE.
func wantUnavailable(t *testing.T, ctx context.Context, s *dynamo.Store) {
	t.Helper()
	for name, call := range calls {
		if err := call(ctx, s); herald.ErrorCode(err) != herald.EUNAVAILABLE {
			t.Errorf("%s: got %v (code %q), want %q", name, err, herald.ErrorCode(err), herald.EUNAVAILABLE)
		}
	}
}

// quickClient is a client for endpoint that tries each request once.
func quickClient(endpoint string) *dynamodb.Client {
	return newClient(endpoint, func(o *dynamodb.Options) {
		o.RetryMaxAttempts = 1
		o.HTTPClient = &http.Client{Timeout: 2 * time.Second}
	})
}

func TestUnavailableClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	wantUnavailable(t, t.Context(), dynamo.New(quickClient("http://"+addr), "herald"))
}

// DynamoDB Local neither throttles nor times out, so these tests answer
// the DynamoDB JSON protocol the way DynamoDB does when it is overloaded.

func TestUnavailableThrottled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.WriteHeader(http.StatusBadRequest)
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".TransactWriteItems") {
			w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",` +
				`"Message":"Transaction cancelled [ThrottlingError]",` +
				`"CancellationReasons":[{"Code":"ThrottlingError","Message":"Throughput exceeds capacity"}]}`))
			return
		}
		w.Write([]byte(`{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException",` +
			`"message":"Rate of requests exceeds the allowed throughput."}`))
	}))
	defer srv.Close()
	wantUnavailable(t, t.Context(), dynamo.New(quickClient(srv.URL), "herald"))
}

func TestUnavailableTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // so that the server notices the client leave
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	wantUnavailable(t, ctx, dynamo.New(quickClient(srv.URL), "herald"))
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("calls past their deadline took %v; want them to end with the context", d)
	}
}

func TestItemTooLarge(t *testing.T) {
	s := openStore(t)
	inc := &herald.Incident{ID: "INC-0001", Title: "Large", Status: herald.Investigating}
	msg := strings.Repeat("x", herald.MaxMessageLen)
	for i := range 45 {
		inc.Updates = append(inc.Updates, herald.Update{ID: fmt.Sprint("upd_", i), Message: msg})
	}
	err := s.SaveIncident(t.Context(), herald.IncidentWrite{Incident: inc})
	if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Fatalf("save an incident over 400 KB: got %v, want %q", err, herald.EUNPROCESSABLE)
	}
	if _, err := s.Incident(t.Context(), inc.ID); !herald.IsNotFound(err) {
		t.Fatalf("the refused incident: got %v, want not found", err)
	}
}
