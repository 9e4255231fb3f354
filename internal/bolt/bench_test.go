package bolt_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

// BenchmarkClaimDelivery claims deliveries the way fan-out does: a new
// one, which commits (and syncs) a transaction, and one already claimed,
// which does not.
func BenchmarkClaimDelivery(b *testing.B) {
	db := MustOpen(b, b.TempDir())
	claim := func(i int) bool {
		d := &herald.Delivery{
			ID:         herald.DeliveryID("INC-0001-u1", fmt.Sprintf("sub_%08d", i), herald.Email),
			IncidentID: "INC-0001", UpdateID: "INC-0001-u1", Channel: herald.Email,
			State: herald.DeliveryPending, CreatedAt: time.Now(), UpdatedAt: time.Now(),
		}
		claimed, err := db.ClaimDelivery(b.Context(), d)
		if err != nil {
			b.Fatal(err)
		}
		return claimed
	}

	fresh := 0 // counts across runs, which share the store
	b.Run("New", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if fresh++; !claim(fresh) {
				b.Fatal("a new delivery was not claimed")
			}
		}
	})
	b.Run("Taken", func(b *testing.B) {
		claim(0)
		b.ReportAllocs()
		for b.Loop() {
			if claim(0) {
				b.Fatal("a taken delivery was claimed again")
			}
		}
	})
}

// BenchmarkActiveSubscribers pages through 100,000 active subscribers, as
// fan-out does for each update, in a store that also holds 20,000
// inactive ones. One op is the whole walk.
func BenchmarkActiveSubscribers(b *testing.B) {
	const active, inactive = 100_000, 20_000
	db := MustOpen(b, b.TempDir())
	subs := make([]*herald.Subscriber, 0, active+inactive)
	for i := range active + inactive {
		state := herald.Active
		if i%6 == 5 {
			state = herald.Unsubscribed
		}
		subs = append(subs, &herald.Subscriber{
			ID: herald.NewID("sub"), Type: herald.Email,
			Address: fmt.Sprintf("reader%d@example.com", i), State: state, Consented: true,
			Components: []string{"api"}, CreatedAt: time.Now(), UpdatedAt: time.Now(),
		})
	}
	if err := bolt.CreateSubscribers(db, subs); err != nil {
		b.Fatal(err)
	}

	for _, limit := range []int{100, 1000} {
		b.Run(fmt.Sprintf("Limit%d", limit), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n := walkActive(b, db, limit); n != active {
					b.Fatalf("walked %d active subscribers, want %d", n, active)
				}
			}
			perSub := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / active
			b.ReportMetric(perSub, "ns/subscriber")
		})
	}
}

func walkActive(b *testing.B, db *bolt.DB, limit int) int {
	n, cursor := 0, ""
	for {
		page, next, err := db.Subscribers(b.Context(), true,
			herald.ListOptions{Cursor: cursor, Limit: limit})
		if err != nil {
			b.Fatal(err)
		}
		n += len(page)
		if next == "" {
			return n
		}
		cursor = next
	}
}
