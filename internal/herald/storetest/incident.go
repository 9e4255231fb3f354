package storetest

import (
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func testIncidentNumber(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		prev := int64(0)
		for i := range 5 {
			n, err := s.NextIncidentNumber(t.Context())
			noError(t, err, "next incident number")
			if i == 0 && n != 1 || n <= prev {
				t.Fatalf("number %d is %d after %d; want 1 first, then larger", i, n, prev)
			}
			prev = n
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		const workers = 20
		nums := make([]int64, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for i := range workers {
			wg.Go(func() { nums[i], errs[i] = s.NextIncidentNumber(t.Context()) })
		}
		wg.Wait()

		seen := map[int64]bool{}
		highest := int64(0)
		for i, n := range nums {
			noError(t, errs[i], "concurrent next incident number")
			if n < 1 || seen[n] {
				t.Fatalf("number %d given out twice or below 1 (all: %v)", n, nums)
			}
			seen[n], highest = true, max(highest, n)
		}
		n, err := s.NextIncidentNumber(t.Context())
		noError(t, err, "next incident number")
		if n <= highest {
			t.Fatalf("number after the race is %d, want above %d", n, highest)
		}
	})
}

func testSaveIncident(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("CreateOK", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		api := mustComponent(t, s, "api")
		api.Status = herald.PartialOutage
		inc := newIncident("INC-0001", at(0), "api")
		g := newGroup("int_1/HighErrorRate", inc.ID)
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: inc, Components: []*herald.Component{api}, Group: g,
		})

		wantVersion(t, inc.Version, 1, "created incident")
		wantVersion(t, api.Version, 2, "component of the incident")
		wantVersion(t, g.Version, 1, "created alert group")
		wantEqual(t, mustIncident(t, s, inc.ID), inc, "stored incident")
		wantEqual(t, mustComponent(t, s, "api"), api, "stored component")
		wantEqual(t, mustGroup(t, s, g.Key), g, "stored alert group")
	})

	t.Run("UpdateOK", func(t *testing.T) {
		s := open(t)
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: newIncident("INC-0001", at(0)), Group: newGroup("int_1/g", "INC-0001"),
		})
		inc, g := mustIncident(t, s, "INC-0001"), mustGroup(t, s, "int_1/g")
		addUpdate(inc, herald.Identified, at(5))
		g.Alerts["fp-2"] = herald.Firing
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: inc, Group: g})

		wantVersion(t, inc.Version, 2, "updated incident")
		wantVersion(t, g.Version, 2, "updated alert group")
		wantEqual(t, mustIncident(t, s, inc.ID), inc, "stored incident")
		wantEqual(t, mustGroup(t, s, g.Key), g, "stored alert group")
	})

	t.Run("TimesInUTC", func(t *testing.T) {
		s := open(t)
		inc := newIncident("INC-0001", at(0).In(zone))
		eta, next := at(60).In(zone), at(30).In(zone)
		inc.ETA, inc.NextUpdateAt, inc.StartedAt = &eta, &next, at(-3).In(zone)
		addUpdate(inc, herald.Resolved, at(45).In(zone))
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: inc})

		got := mustIncident(t, s, inc.ID)
		wantEqual(t, got, inc, "stored incident")
		wantUTC(t, "stored incident", got.CreatedAt, got.UpdatedAt, got.StartedAt, *got.ETA,
			*got.NextUpdateAt, *got.ResolvedAt, *got.PublishedAt, got.Updates[0].CreatedAt)
	})

	t.Run("ComponentVersionZero", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		db := newComponent("db", "Database", 2)
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: newIncident("INC-0001", at(0)), Components: []*herald.Component{db},
		})
		wantVersion(t, db.Version, 1, "component created by an incident")
		wantEqual(t, mustComponent(t, s, "db"), db, "stored component")

		err := s.SaveIncident(t.Context(), herald.IncidentWrite{
			Incident:   newIncident("INC-0002", at(1)),
			Components: []*herald.Component{newComponent("api", "API", 1)},
		})
		wantCode(t, err, herald.ECONFLICT, "an incident creating a component that exists")
	})

	t.Run("ErrEmptyID", func(t *testing.T) {
		err := open(t).SaveIncident(t.Context(), herald.IncidentWrite{
			Incident: newIncident("", at(0)),
		})
		wantCode(t, err, herald.EINVALID, "save an incident without id")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Incident(t.Context(), "INC-9999")
		wantCode(t, err, herald.ENOTFOUND, "read a missing incident")
		_, err = s.AlertGroup(t.Context(), "int_1/none")
		wantCode(t, err, herald.ENOTFOUND, "read a missing alert group")
	})
}
