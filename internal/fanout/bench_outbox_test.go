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
	"github.com/herald-status/herald/internal/signedlink"
)

// BenchmarkFanoutOutbox1000 announces one published update to 1,000
// e-mail subscribers as `make run` does: on the embedded store, each
// message composed and written to the outbox as an RFC 5322 file.
func BenchmarkFanoutOutbox1000(b *testing.B) {
	const n = 1000
	store := newStore(b)
	store.mustImport(b, subscribers(herald.Email, n))
	dir := b.TempDir()
	linker := &signedlink.Linker{Signer: signedlink.NewSigner([]byte("benchmark-link-key-0123456789")),
		BaseURL: "https://status.example.com"}
	f := &fanout.Fanout{Store: store, Page: page, Logger: slog.New(slog.DiscardHandler),
		Senders: map[herald.SubscriberType]herald.Sender{
			herald.Email: outbox.NewEmailSender(dir, "Status <status@example.com>", linker.Links),
		}}
	before := incident(false, []string{"api"})
	i := 0
	for b.Loop() {
		after := incident(false, []string{"api"}, update(fmt.Sprintf("u%d", i), herald.KindUpdated,
			herald.Identified))
		if err := f.HandleChange(b.Context(), change(before, after)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	files, _ := filepath.Glob(filepath.Join(dir, "outbox", "email", "*.eml"))
	if len(files) != i*n {
		b.Fatalf("%d e-mail files after %d runs, want %d", len(files), i, i*n)
	}
	b.ReportMetric(float64(i*n)/b.Elapsed().Seconds(), "msgs/s")
	os.RemoveAll(dir)
}
