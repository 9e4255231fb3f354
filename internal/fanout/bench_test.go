package fanout_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/webhook"
)

// BenchmarkFanout announces one update to 100,000 e-mail subscribers,
// 5,000 SMS subscribers and 500 webhook subscribers, on the embedded
// store: claims, sends and records. E-mail goes to an in-process fake
// that takes batches, as the SES sender does, SMS to an in-process fake,
// and webhooks to a loopback HTTP server. Each iteration announces a new
// update, so every one sends all 105,500. It reports messages handed on
// per second, the seconds until the last e-mail was handed on, and the
// peak of the heap in use, sampled every 5 ms.
func BenchmarkFanout(b *testing.B) {
	const emails, texts, hooks = 100_000, 5_000, 500
	store := newStore(b)
	var subs []*herald.Subscriber
	for _, c := range []struct {
		t herald.SubscriberType
		n int
	}{{herald.Email, emails}, {herald.SMS, texts}, {herald.Webhook, hooks}} {
		for i, s := range subscribers(c.t, c.n) {
			s.ID = fmt.Sprintf("%s%06d", c.t, i)
			subs = append(subs, s)
		}
	}
	store.mustImport(b, subs)

	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	b.Cleanup(srv.Close)
	if err := pointWebhooks(b, store, srv.URL, hooks); err != nil {
		b.Fatal(err)
	}

	mail, texted := newCounter(), newCounter()
	var lastEmail atomic.Int64 // Unix nanoseconds
	mail.onSend = func(int64) error { lastEmail.Store(time.Now().UnixNano()); return nil }
	f := &fanout.Fanout{Store: store, Page: page, Logger: slog.New(slog.DiscardHandler),
		Senders: map[herald.SubscriberType]herald.Sender{
			herald.Email:   &batchCounter{counter: mail},
			herald.SMS:     texted,
			herald.Webhook: webhook.New(webhook.Options{AllowLoopback: true, Timeout: 5 * time.Second}),
		}}
	before := incident(false, []string{"api"})

	peak := sampleHeap(b)
	var emailTime time.Duration
	i := 0
	for b.Loop() {
		u := update(fmt.Sprintf("u%d", i), herald.KindUpdated, herald.Identified)
		start := time.Now()
		after := incident(false, []string{"api"}, u)
		if err := f.HandleChange(b.Context(), change(before, after)); err != nil {
			b.Fatal(err)
		}
		emailTime += time.Unix(0, lastEmail.Load()).Sub(start)
		i++
	}
	b.StopTimer()

	if n, twice := mail.tally(); n != i*emails || len(twice) != 0 {
		b.Fatalf("%d e-mails, %d twice, after %d runs", n, len(twice), i)
	}
	if n, _ := texted.tally(); n != i*texts {
		b.Fatalf("%d SMS after %d runs", n, i)
	}
	total := float64(i * (emails + texts + hooks))
	b.ReportMetric(total/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(emailTime.Seconds()/float64(i), "email-s")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
}

// pointWebhooks gives the webhook subscribers the receiver's address.
func pointWebhooks(b *testing.B, store *testStore, url string, n int) error {
	for i := range n {
		s, err := store.Subscriber(b.Context(), fmt.Sprintf("webhook%06d", i))
		if err != nil {
			return err
		}
		s.Address = fmt.Sprintf("%s/hook/%d", url, i)
		if err := store.UpdateSubscriber(b.Context(), s); err != nil {
			return err
		}
	}
	return nil
}

// sampleHeap reads the heap in use every 5 ms until b ends, and returns
// a function that stops sampling and gives the peak.
func sampleHeap(b *testing.B) func() uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return peak.Load()
	}
}
