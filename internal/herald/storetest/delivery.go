package storetest

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

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

		again := *d
		again.State, again.Attempts = herald.DeliverySent, 3
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

	t.Run("UpdateOK", func(t *testing.T) {
		s := open(t)
		d := newDelivery("INC-0001", "INC-0001-u1", "sub_a")
		mustClaim(t, s, d)
		d.State, d.Attempts, d.Error = herald.DeliveryFailed, 1, "timeout"
		d.UpdatedAt = at(1).In(zone)
		noError(t, s.UpdateDelivery(t.Context(), d), "update delivery")
		got := mustDeliveries(t, s, "INC-0001")
		wantEqual(t, got, []*herald.Delivery{d}, "deliveries")
		wantUTC(t, "stored delivery", got[0].CreatedAt, got[0].UpdatedAt)
	})

	t.Run("ErrUpdateMissing", func(t *testing.T) {
		err := open(t).UpdateDelivery(t.Context(), newDelivery("INC-0001", "u1", "sub_a"))
		wantCode(t, err, herald.ENOTFOUND, "update a delivery never claimed")
	})

	t.Run("ErrEmptyID", func(t *testing.T) {
		d := newDelivery("INC-0001", "u1", "sub_a")
		d.ID = ""
		_, err := open(t).ClaimDelivery(t.Context(), d)
		wantCode(t, err, herald.EINVALID, "claim without id")
	})

	t.Run("ByIncident", func(t *testing.T) {
		s := open(t)
		var first []*herald.Delivery
		for _, sub := range []string{"sub_c", "sub_a", "sub_b"} {
			first = append(first, mustClaim(t, s, newDelivery("INC-0001", "INC-0001-u1", sub)))
		}
		second := mustClaim(t, s, newDelivery("INC-0002", "INC-0002-u1", "sub_a"))
		slices.SortFunc(first, byDeliveryID)

		wantEqual(t, mustDeliveries(t, s, "INC-0001"), first, "deliveries of INC-0001")
		wantEqual(t, mustDeliveries(t, s, "INC-0002"), []*herald.Delivery{second},
			"deliveries of INC-0002")
		wantEqual(t, mustDeliveries(t, s, "INC-0003"), []*herald.Delivery{},
			"deliveries of an incident without any")

		// An update that names another incident moves the delivery to it.
		second.IncidentID = "INC-0003"
		noError(t, s.UpdateDelivery(t.Context(), second), "move delivery")
		wantEqual(t, mustDeliveries(t, s, "INC-0002"), []*herald.Delivery{}, "moved from")
		wantEqual(t, mustDeliveries(t, s, "INC-0003"), []*herald.Delivery{second}, "moved to")
	})
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

// mustDeliveries returns an incident's deliveries in id order: the order
// a store returns them in is not part of the contract.
func mustDeliveries(t *testing.T, s herald.Store, incidentID string) []*herald.Delivery {
	t.Helper()
	ds, err := s.Deliveries(t.Context(), incidentID)
	noError(t, err, "list deliveries")
	slices.SortFunc(ds, byDeliveryID)
	return ds
}

func byDeliveryID(a, b *herald.Delivery) int { return cmp.Compare(a.ID, b.ID) }
