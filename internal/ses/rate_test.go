package ses_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
)

// TestSendRate checks that every goroutine of one Sender draws on one
// bucket. The rate is one message in 1000 s and the deadline a minute
// away, so one send gets the bucket's only token and the rest are told at
// once, without waiting, that no slot opens in time. Nothing here depends
// on how fast the machine is.
func TestSendRate(t *testing.T) {
	tests := []struct {
		name      string
		perSecond float64
		wantSent  int64
	}{
		{"Limited", 0.001, 1},
		{"Unlimited", 0, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := fakeSES(t, http.StatusOK, "", "")
			client, _ := newClient(t, srv.URL)
			s := ses.New(client, from, links, tt.perSecond)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()

			var sent, refused atomic.Int64
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					err := s.Send(ctx, notification(t, fmt.Sprintf("sub_%d", i)))
					switch herald.ErrorCode(err) {
					case "":
						sent.Add(1)
					case herald.EUNAVAILABLE:
						refused.Add(1)
					default:
						t.Errorf("Send = %v", err)
					}
				})
			}
			wg.Wait()

			if sent.Load() != tt.wantSent || refused.Load() != 8-tt.wantSent {
				t.Errorf("sent %d, refused %d; want %d sent", sent.Load(), refused.Load(), tt.wantSent)
			}
			if calls.Load() != tt.wantSent {
				t.Errorf("SES was called %d times, want %d", calls.Load(), tt.wantSent)
			}
		})
	}
}

// BenchmarkSend sends to aws-ses-v2-local from 8 goroutines: without a
// rate of its own, then at 200 messages a second, where sends/s shows the
// bucket holding the rate.
func BenchmarkSend(b *testing.B) {
	endpoint := standIn(b)
	for _, perSecond := range []float64{0, 200} {
		b.Run(fmt.Sprintf("rate=%g", perSecond), func(b *testing.B) {
			client, _ := newClient(b, endpoint)
			s := ses.New(client, from, links, perSecond)
			n := notification(b, "bench")
			var i atomic.Int64
			b.SetParallelism(parallelism())
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					m := *n
					m.ID = fmt.Sprintf("upd_1.bench%d.email", i.Add(1))
					if err := s.Send(context.Background(), &m); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sends/s")
		})
	}
}

// parallelism makes RunParallel use about 8 goroutines in all.
func parallelism() int { return max(1, 8/runtime.GOMAXPROCS(0)) }
