package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func testDeliveryUpdates(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("UpdateOK", func(t *testing.T) {
		s := open(t)
		d := mustClaim(t, s, newDelivery("INC-0001", "INC-0001-u1", "sub_a"))
		d.State, d.Attempts, d.Error = herald.DeliveryFailed, 1, "timeout"
		d.UpdatedAt = at(1).In(zone)
		noError(t, s.UpdateDelivery(t.Context(), d), "update delivery")
		wantVersion(t, d.Version, 2, "updated delivery")
		got := mustDeliveries(t, s, "INC-0001")
		wantEqual(t, got, []*herald.Delivery{d}, "deliveries")
		wantUTC(t, "stored delivery", got[0].CreatedAt, got[0].UpdatedAt)
	})

	t.Run("ErrUpdateMissing", func(t *testing.T) {
		err := open(t).UpdateDelivery(t.Context(), newDelivery("INC-0001", "u1", "sub_a"))
		wantCode(t, err, herald.ENOTFOUND, "update a delivery never claimed")
	})

	t.Run("ErrUpdateStale", func(t *testing.T) {
		s := open(t)
		d := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_a"))
		stale := *d
		d.State = herald.DeliverySent
		noError(t, s.UpdateDelivery(t.Context(), d), "first update")

		stale.State, stale.Attempts = herald.DeliveryPending, 2
		wantCode(t, s.UpdateDelivery(t.Context(), &stale), herald.ECONFLICT, "stale update")
		wantVersion(t, stale.Version, 1, "refused update")
		wantEqual(t, mustDelivery(t, s, d.ID), d, "delivery after a refused update")
	})

	t.Run("UpdateRace", func(t *testing.T) {
		s := open(t)
		d := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_a"))
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				mine := *d
				mine.Attempts = i + 2
				err := s.UpdateDelivery(t.Context(), &mine)
				switch {
				case err == nil:
					wins.Add(1)
				case herald.ErrorCode(err) != herald.ECONFLICT:
					t.Errorf("concurrent update: %v", err)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("10 updates from one version: %d won, want 1", wins.Load())
		}
		wantVersion(t, mustDelivery(t, s, d.ID).Version, 2, "raced delivery")
	})

	t.Run("UpdateMany", func(t *testing.T) {
		s := open(t)
		a := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_a"))
		b := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_b"))
		stale := *b
		noError(t, s.UpdateDelivery(t.Context(), b), "move b on")
		ghost := newDelivery("INC-0001", "u1", "ghost")
		a.State, stale.State = herald.DeliverySent, herald.DeliveryDead

		errs := s.UpdateDeliveries(t.Context(), []*herald.Delivery{a, &stale, ghost})
		if len(errs) != 3 {
			t.Fatalf("%d answers to 3 updates", len(errs))
		}
		noError(t, errs[0], "update a")
		wantCode(t, errs[1], herald.ECONFLICT, "stale update of b")
		wantCode(t, errs[2], herald.ENOTFOUND, "update of a delivery never claimed")
		wantVersion(t, a.Version, 2, "a")
		wantVersion(t, stale.Version, 1, "stale b")
		wantEqual(t, mustDeliveries(t, s, "INC-0001"), []*herald.Delivery{a, b}, "deliveries")
	})
}

func testDeliveryLists(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("ByIncident", func(t *testing.T) {
		s := open(t)
		var first []*herald.Delivery
		for _, sub := range []string{"sub_c", "sub_a", "sub_b"} {
			first = append(first, mustClaim(t, s, newDelivery("INC-0001", "INC-0001-u1", sub)))
		}
		second := mustClaim(t, s, newDelivery("INC-0002", "INC-0002-u1", "sub_a"))

		wantEqual(t, mustDeliveries(t, s, "INC-0001"), sortedDeliveries(first...),
			"deliveries of INC-0001")
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

	t.Run("Pages", func(t *testing.T) {
		s := open(t)
		var all []*herald.Delivery
		for i := range 25 {
			u := fmt.Sprintf("INC-0001-u%d", i%2)
			all = append(all, newDelivery("INC-0001", u, fmt.Sprintf("sub_%02d", i)))
		}
		_, err := s.ClaimDeliveries(t.Context(), all)
		noError(t, err, "claim deliveries")
		mustClaim(t, s, newDelivery("INC-0002", "INC-0002-u1", "sub_00"))
		for _, limit := range []int{1, 7, 25, 100} {
			wantEqual(t, walkDeliveries(t, s, "INC-0001", limit), sortedDeliveries(all...),
				fmt.Sprintf("deliveries by %d", limit))
		}
	})

	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := open(t).Deliveries(t.Context(), "INC-0001",
			herald.ListOptions{Cursor: "%%% not a cursor %%%", Limit: 10})
		wantCode(t, err, herald.EINVALID, "list with a made-up cursor")
	})
}

// walkDeliveries reads every page of an incident's deliveries, as walk
// does.
func walkDeliveries(t *testing.T, s herald.Store, incidentID string,
	limit int) []*herald.Delivery {
	t.Helper()
	return walk(t, "deliveries", limit, "",
		func(o herald.ListOptions) ([]*herald.Delivery, string, error) {
			return s.Deliveries(t.Context(), incidentID, o)
		})
}
