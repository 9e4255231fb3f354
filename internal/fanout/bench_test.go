package fanout_test

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
)

// BenchmarkFanout1000 measures one published update to 1,000 e-mail
// subscribers on the embedded store: claim, compose, write to a temporary
// outbox, record. Each iteration announces a new update, so every one
// sends all 1,000.
func BenchmarkFanout1000(b *testing.B) {
	const subscribers = 1000
	dir := b.TempDir()
	store := newStore(b)
	for i := range subscribers {
		store.mustAdd(b, &herald.Subscriber{ID: fmt.Sprintf("sub%04d", i), Type: herald.Email,
			Address: fmt.Sprintf("person%d@example.com", i), State: herald.Active})
	}
	f := &fanout.Fanout{
		Store: store,
		Senders: map[herald.SubscriberType]herald.Sender{
			herald.Email: outbox.NewEmailSender(dir, "Acme Status <status@example.com>",
				linker.Links),
		},
		Page:   page,
		Logger: slog.New(slog.DiscardHandler),
	}
	before := incident(false, []string{"api"})

	i := 0
	for b.Loop() {
		u := update(fmt.Sprintf("u%d", i), herald.KindUpdated, herald.Identified)
		err := f.HandleChange(b.Context(), change(before, incident(false, []string{"api"}, u)))
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()

	files, err := os.ReadDir(filepath.Join(dir, "outbox", "email"))
	if err != nil || len(files) != i*subscribers {
		b.Fatalf("%d files after %d iterations, %v", len(files), i, err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i*subscribers), "ns/notification")
}
