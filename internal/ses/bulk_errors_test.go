package ses_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
)

// TestSendBatchEntryErrors answers a bulk call with a status for each
// destination, each naming its recipient as SES's error text may.
func TestSendBatchEntryErrors(t *testing.T) {
	statuses := []string{"SUCCESS", "MESSAGE_REJECTED", "ACCOUNT_THROTTLED",
		"TRANSIENT_FAILURE", "ACCOUNT_SENDING_PAUSED", "INVALID_PARAMETER"}
	want := []string{"", herald.EUNPROCESSABLE, herald.EUNAVAILABLE,
		herald.EUNAVAILABLE, herald.EUNAVAILABLE, herald.EUNPROCESSABLE}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var results []map[string]string
		for _, s := range statuses {
			results = append(results, map[string]string{"Status": s,
				"Error": "Email address is not verified: someone@example.com"})
		}
		json.NewEncoder(w).Encode(map[string]any{"BulkEmailEntryResults": results})
	}))
	defer srv.Close()
	client, _ := newClient(t, srv.URL)

	ns := make([]*herald.Notification, len(statuses))
	for i := range ns {
		ns[i] = notification(t, fmt.Sprintf("sub_%d", i))
	}
	errs := ses.New(client, from, links, 0).SendBatch(context.Background(), ns)
	for i, err := range errs {
		if got := herald.ErrorCode(err); got != want[i] {
			t.Errorf("%s: %v; want code %q", statuses[i], err, want[i])
		}
		if err != nil && (strings.Contains(err.Error(), "@") ||
			!strings.Contains(err.Error(), statuses[i])) {
			t.Errorf("%s: error %q names the recipient or lacks the status", statuses[i], err)
		}
	}
}

// TestSendBatchCallErrors fails the bulk call as a whole.
func TestSendBatchCallErrors(t *testing.T) {
	ns := []*herald.Notification{notification(t, "sub_1"), notification(t, "sub_2"),
		notification(t, "sub_3")}

	t.Run("Throttled", func(t *testing.T) {
		srv, _ := fakeSES(t, http.StatusTooManyRequests, "TooManyRequestsException", "slow down")
		client, wire := newClient(t, srv.URL)
		for i, err := range ses.New(client, from, links, 0).SendBatch(context.Background(), ns) {
			if herald.ErrorCode(err) != herald.EUNAVAILABLE {
				t.Errorf("notification %d: %v, want EUNAVAILABLE", i, err)
			}
		}
		if wire.calls(bulkPath) != 1 || wire.calls(singlePath) != 0 {
			t.Errorf("%d bulk and %d single calls, want 1 and 0",
				wire.calls(bulkPath), wire.calls(singlePath))
		}
	})
	t.Run("RefusedWhole", func(t *testing.T) {
		// Nothing went: each is tried alone, and is refused alone.
		srv, _ := fakeSES(t, http.StatusBadRequest, "BadRequestException", "bad")
		client, wire := newClient(t, srv.URL)
		for i, err := range ses.New(client, from, links, 0).SendBatch(context.Background(), ns) {
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
				t.Errorf("notification %d: %v, want EUNPROCESSABLE", i, err)
			}
		}
		if wire.calls(bulkPath) != 1 || wire.calls(singlePath) != len(ns) {
			t.Errorf("%d bulk and %d single calls, want 1 and %d",
				wire.calls(bulkPath), wire.calls(singlePath), len(ns))
		}
	})
	t.Run("NoRate", func(t *testing.T) {
		// One message in 1000 s: the bucket's one token is not enough.
		srv, calls := fakeSES(t, http.StatusOK, "", "")
		client, _ := newClient(t, srv.URL)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for i, err := range ses.New(client, from, links, 0.001).SendBatch(ctx, ns) {
			if herald.ErrorCode(err) != herald.EUNAVAILABLE {
				t.Errorf("notification %d: %v, want EUNAVAILABLE", i, err)
			}
		}
		if calls.Load() != 0 {
			t.Errorf("SES was called %d times", calls.Load())
		}
	})
}

// BenchmarkSendBatch sends batches of 50 to aws-ses-v2-local from about
// 8 goroutines.
func BenchmarkSendBatch(b *testing.B) {
	endpoint := standIn(b)
	client, _ := newClient(b, endpoint)
	s := ses.New(client, from, links, 0)
	var batch atomic.Int64
	b.SetParallelism(parallelism())
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ns := make([]*herald.Notification, ses.MaxBatch)
		for pb.Next() {
			k := batch.Add(1)
			for i := range ns {
				ns[i] = notification(b, fmt.Sprintf("bulk%d_%d", k, i))
			}
			for _, err := range s.SendBatch(context.Background(), ns) {
				if err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.ReportMetric(float64(b.N*ses.MaxBatch)/b.Elapsed().Seconds(), "sends/s")
}
