package sns_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/sns"
)

// TestSendErrors has the stand-in answer each error SNS can give, its
// text naming the phone number as SNS's does, and checks what Send makes
// of it: a code fan-out can act on, and no number anywhere.
func TestSendErrors(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   string
	}{
		{"Throttling", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"Throttled", http.StatusTooManyRequests, herald.EUNAVAILABLE},
		{"InternalError", http.StatusInternalServerError, herald.EUNAVAILABLE},
		{"AuthorizationError", http.StatusForbidden, herald.EUNAVAILABLE},
		{"KMSThrottling", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"InvalidParameter", http.StatusBadRequest, herald.EUNPROCESSABLE},
		{"ParameterValueInvalid", http.StatusBadRequest, herald.EUNPROCESSABLE},
		{"OptedOut", http.StatusBadRequest, herald.EUNPROCESSABLE},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			srv := newStandIn(t)
			srv.fail(tt.status, tt.code, "Invalid parameter: PhoneNumber Reason: +15550103 is bad")

			err := sns.New(srv.client(), 0).Send(context.Background(), notification("+15550103"))
			if got := herald.ErrorCode(err); got != tt.want {
				t.Fatalf("Send = %v; code %q, want %q", err, got, tt.want)
			}
			for _, s := range []string{err.Error(), herald.ErrorMessage(err)} {
				if strings.Contains(s, "5550103") {
					t.Errorf("the error names the phone number: %q", s)
				}
			}
			if !strings.Contains(err.Error(), tt.code) || !strings.Contains(err.Error(), "req-0001") {
				t.Errorf("the error lacks SNS's code or request id: %q", err)
			}
			if _, calls := srv.published(); calls != 1 {
				t.Errorf("SNS was called %d times, want 1", calls)
			}
		})
	}
}

// TestSendUnreachable publishes to an address where nothing listens.
func TestSendUnreachable(t *testing.T) {
	srv := newStandIn(t)
	client := srv.client()
	srv.Close()

	err := sns.New(client, 0).Send(context.Background(), notification("+15550104"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("Send = %v, want EUNAVAILABLE", err)
	}
}

// TestSendRate checks that every goroutine of one Sender draws on one
// bucket: at one message in 1000 s with a deadline a minute away, one
// send gets the only token and the rest are refused at once.
func TestSendRate(t *testing.T) {
	for _, tt := range []struct {
		perSecond float64
		wantSent  int
	}{{0.001, 1}, {0, 8}} {
		t.Run(fmt.Sprint(tt.perSecond), func(t *testing.T) {
			srv := newStandIn(t)
			s := sns.New(srv.client(), tt.perSecond)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()

			var refused atomic.Int64
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					err := s.Send(ctx, notification(fmt.Sprintf("+155501%02d", i)))
					if herald.ErrorCode(err) == herald.EUNAVAILABLE {
						refused.Add(1)
					} else if err != nil {
						t.Errorf("Send = %v", err)
					}
				})
			}
			wg.Wait()

			sent, calls := srv.published()
			if len(sent) != tt.wantSent || calls != tt.wantSent || refused.Load() != int64(8-tt.wantSent) {
				t.Errorf("%d sent in %d calls, %d refused; want %d sent",
					len(sent), calls, refused.Load(), tt.wantSent)
			}
		})
	}
}

// BenchmarkSend publishes to the stand-in from about 8 goroutines.
func BenchmarkSend(b *testing.B) {
	srv := newStandIn(b)
	s := sns.New(srv.client(), 0)
	n := notification("+15550105")
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Send(context.Background(), n); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sends/s")
}
