package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func testDeliveries(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("ClaimOK", func(t *testing.T) {
		s := open(t)
		d := newDelivery("INC-0001", "INC-0001-u1", "sub_a")
		claimed, err := s.ClaimDelivery(t.Context(), d)
		noError(t, err, "first claim")
		if !claimed {
			t.Fatal("first claim of a delivery: got false, want true")
		}
		wantVersion(t, d.Version, 1, "claimed delivery")

		again := *d
		again.State, again.Attempts, again.Version = herald.DeliverySent, 3, 0
		claimed, err = s.ClaimDelivery(t.Context(), &again)
		noError(t, err, "second claim")
		if claimed {
			t.Fatal("second claim of a delivery: got true, want false")
		}
		wantEqual(t, mustDeliveries(t, s, "INC-0001"), []*herald.Delivery{d}, "deliveries")
	})

	t.Run("ClaimRace", func(t *testing.T) {
		s := open(t)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				d := newDelivery("INC-0001", "u1", "sub_a")
				claimed, err := s.ClaimDelivery(t.Context(), d)
				if err != nil {
					t.Errorf("concurrent claim: %v", err)
				}
				if claimed {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Fatalf("10 concurrent claims of one delivery: %d got true, want 1", n)
		}
		if n := len(mustDeliveries(t, s, "INC-0001")); n != 1 {
			t.Fatalf("after the race the incident has %d deliveries, want 1", n)
		}
	})

	t.Run("ClaimMany", func(t *testing.T) {
		s := open(t)
		taken := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_b"))
		a, b, c := newDelivery("INC-0001", "u1", "sub_a"),
			newDelivery("INC-0001", "u1", "sub_b"), newDelivery("INC-0001", "u1", "sub_c")
		b.Attempts = 7
		held, err := s.ClaimDeliveries(t.Context(), []*herald.Delivery{a, b, c})
		noError(t, err, "claim several")
		wantEqual(t, held, []*herald.Delivery{nil, taken, nil}, "held deliveries")
		wantVersion(t, a.Version, 1, "claimed a")
		wantVersion(t, c.Version, 1, "claimed c")
		wantEqual(t, mustDeliveries(t, s, "INC-0001"), []*herald.Delivery{a, taken, c},
			"deliveries")
	})

	t.Run("ClaimManyRace", func(t *testing.T) {
		s := open(t)
		var wins sync.Map // id → claims won
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				var ds []*herald.Delivery
				for i := range 20 {
					ds = append(ds, newDelivery("INC-0001", "u1", fmt.Sprintf("sub_%02d", i)))
				}
				held, err := s.ClaimDeliveries(t.Context(), ds)
				if err != nil {
					t.Errorf("concurrent claims: %v", err)
					return
				}
				for i, h := range held {
					if h == nil {
						n, _ := wins.LoadOrStore(ds[i].ID, new(atomic.Int32))
						n.(*atomic.Int32).Add(1)
					}
				}
			})
		}
		wg.Wait()
		count := 0
		wins.Range(func(id, n any) bool {
			if got := n.(*atomic.Int32).Load(); got != 1 {
				t.Errorf("%s claimed %d times, want once", id, got)
			}
			count++
			return true
		})
		if count != 20 {
			t.Errorf("%d deliveries claimed, want 20", count)
		}
	})

	t.Run("Lease", func(t *testing.T) {
		s := open(t)
		d := newDelivery("INC-0001", "u1", "sub_a")
		d.LeaseID, d.LeaseUntil = "run_1", at(2).In(zone)
		mustClaim(t, s, d)
		got := mustDelivery(t, s, d.ID)
		wantEqual(t, got, d, "leased delivery")
		wantUTC(t, "lease", got.LeaseUntil)
		if !got.Leased(at(1)) || got.Leased(at(2)) {
			t.Errorf("Leased(at 1, at 2) = %v, %v; want true, false",
				got.Leased(at(1)), got.Leased(at(2)))
		}

		d.State, d.LeaseID, d.LeaseUntil = herald.DeliverySent, "", time.Time{}
		noError(t, s.UpdateDelivery(t.Context(), d), "release the lease")
		if got := mustDelivery(t, s, d.ID); !got.LeaseUntil.IsZero() || got.LeaseID != "" {
			t.Errorf("released delivery keeps lease %q until %v", got.LeaseID, got.LeaseUntil)
		}
	})

	t.Run("Get", func(t *testing.T) {
		s := open(t)
		d := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_a"))
		wantEqual(t, mustDelivery(t, s, d.ID), d, "delivery")
		_, err := s.Delivery(t.Context(), "u1.ghost.email")
		wantCode(t, err, herald.ENOTFOUND, "read a delivery never claimed")
	})

	t.Run("ErrEmptyID", func(t *testing.T) {
		d := newDelivery("INC-0001", "u1", "sub_a")
		d.ID = ""
		_, err := open(t).ClaimDelivery(t.Context(), d)
		wantCode(t, err, herald.EINVALID, "claim without id")
	})

	testDeliveryUpdates(t, open)
	testDeliveryLists(t, open)
}

func mustClaim(t *testing.T, s herald.Store, d *herald.Delivery) *herald.Delivery {
	t.Helper()
	claimed, err := s.ClaimDelivery(t.Context(), d)
	noError(t, err, "claim delivery")
	if !claimed {
		t.Fatalf("claim of new delivery %q: got false", d.ID)
	}
	return d
}

func mustDelivery(t *testing.T, s herald.Store, id string) *herald.Delivery {
	t.Helper()
	d, err := s.Delivery(t.Context(), id)
	noError(t, err, "read delivery")
	return d
}

// mustDeliveries returns an incident's deliveries, read a page of 1000 at
// a time, in id order.
func mustDeliveries(t *testing.T, s herald.Store, incidentID string) []*herald.Delivery {
	t.Helper()
	return walkDeliveries(t, s, incidentID, 1000)
}

func byDeliveryID(a, b *herald.Delivery) int { return cmp.Compare(a.ID, b.ID) }

// sortedDeliveries returns ds in id order.
func sortedDeliveries(ds ...*herald.Delivery) []*herald.Delivery {
	return slices.SortedFunc(slices.Values(ds), byDeliveryID)
}
