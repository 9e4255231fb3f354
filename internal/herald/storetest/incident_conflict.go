package storetest

import (
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// testSaveIncidentConflict checks that SaveIncident is all or nothing: when
// any one item's version is stale, no item is written and the caller's
// versions stay as they were, ready for a retry.
func testSaveIncidentConflict(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("ErrExists", func(t *testing.T) {
		s := open(t)
		first := newIncident("INC-0001", at(0))
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: first})
		again := newIncident("INC-0001", at(1))
		again.Title = "Second try"
		err := s.SaveIncident(t.Context(), herald.IncidentWrite{Incident: again})
		wantCode(t, err, herald.ECONFLICT, "create an incident that exists")
		wantVersion(t, again.Version, 0, "the refused incident")
		wantEqual(t, mustIncident(t, s, "INC-0001"), first, "stored incident")
	})

	t.Run("ErrStaleIncident", func(t *testing.T) {
		s := open(t)
		api := MustCreateComponent(t, s, newComponent("api", "API", 1))
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: newIncident("INC-0001", at(0))})
		a, b := mustIncident(t, s, "INC-0001"), mustIncident(t, s, "INC-0001")
		addUpdate(a, herald.Identified, at(1))
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: a})

		addUpdate(b, herald.Monitoring, at(2))
		bAPI := mustComponent(t, s, "api")
		bAPI.Status = herald.MajorOutage
		g := newGroup("int_1/g", b.ID)
		err := s.SaveIncident(t.Context(), herald.IncidentWrite{
			Incident: b, Components: []*herald.Component{bAPI}, Group: g,
		})
		wantCode(t, err, herald.ECONFLICT, "save a stale incident")
		wantUnwritten(t, b, bAPI, g, 1, 1, 0)
		wantEqual(t, mustIncident(t, s, "INC-0001"), a, "stored incident")
		wantEqual(t, mustComponent(t, s, "api"), api, "stored component")
		_, err = s.AlertGroup(t.Context(), g.Key)
		wantCode(t, err, herald.ENOTFOUND, "alert group of a failed write")
	})

	t.Run("ErrStaleComponent", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		stale, fresh := mustComponent(t, s, "api"), mustComponent(t, s, "api")
		fresh.Status = herald.UnderMaintenance
		noError(t, s.UpdateComponent(t.Context(), fresh), "update component")

		stale.Status = herald.PartialOutage
		inc, g := newIncident("INC-0001", at(0), "api"), newGroup("int_1/g", "INC-0001")
		err := s.SaveIncident(t.Context(), herald.IncidentWrite{
			Incident: inc, Components: []*herald.Component{stale}, Group: g,
		})
		wantCode(t, err, herald.ECONFLICT, "save with a stale component")
		wantUnwritten(t, inc, stale, g, 0, 1, 0)
		wantEqual(t, mustComponent(t, s, "api"), fresh, "stored component")
		wantNoIncident(t, s, inc.ID, g.Key)
	})

	t.Run("ErrDeletedComponent", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		api := mustComponent(t, s, "api")
		noError(t, s.DeleteComponent(t.Context(), "api"), "delete component")

		inc := newIncident("INC-0001", at(0), "api")
		err := s.SaveIncident(t.Context(), herald.IncidentWrite{
			Incident: inc, Components: []*herald.Component{api},
		})
		wantCode(t, err, herald.ECONFLICT, "save with a deleted component")
		_, err = s.Component(t.Context(), "api")
		wantCode(t, err, herald.ENOTFOUND, "the deleted component")
		wantNoIncident(t, s, inc.ID, "")
	})

	t.Run("ErrStaleGroup", func(t *testing.T) {
		s := open(t)
		api := MustCreateComponent(t, s, newComponent("api", "API", 1))
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: newIncident("INC-0001", at(0)), Group: newGroup("int_1/g", "INC-0001"),
		})
		staleGroup := mustGroup(t, s, "int_1/g")
		a, g := mustIncident(t, s, "INC-0001"), mustGroup(t, s, "int_1/g")
		g.Alerts["fp-1"] = herald.Recovered
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: a, Group: g})

		b, bAPI := mustIncident(t, s, "INC-0001"), mustComponent(t, s, "api")
		b.Title, bAPI.Status = "Changed by a stale alert", herald.MajorOutage
		staleGroup.Alerts["fp-2"] = herald.Firing
		err := s.SaveIncident(t.Context(), herald.IncidentWrite{
			Incident: b, Components: []*herald.Component{bAPI}, Group: staleGroup,
		})
		wantCode(t, err, herald.ECONFLICT, "save with a stale alert group")
		wantUnwritten(t, b, bAPI, staleGroup, 2, 1, 1)
		wantEqual(t, mustIncident(t, s, "INC-0001"), a, "stored incident")
		wantEqual(t, mustComponent(t, s, "api"), api, "stored component")
		wantEqual(t, mustGroup(t, s, "int_1/g"), g, "stored alert group")
	})

	t.Run("ErrGroupExists", func(t *testing.T) {
		s := open(t)
		g := newGroup("int_1/g", "INC-0001")
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: newIncident("INC-0001", at(0)), Group: g,
		})
		inc := newIncident("INC-0002", at(0))
		err := s.SaveIncident(t.Context(), herald.IncidentWrite{
			Incident: inc, Group: newGroup("int_1/g", "INC-0002"),
		})
		wantCode(t, err, herald.ECONFLICT, "a second incident for one alert group")
		wantNoIncident(t, s, "INC-0002", "")
		wantEqual(t, mustGroup(t, s, "int_1/g"), g, "stored alert group")
	})

	t.Run("RaceSameVersion", func(t *testing.T) {
		s := open(t)
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: newIncident("INC-0001", at(0))})
		writes := make([]*herald.Incident, 2)
		for i := range writes {
			writes[i] = mustIncident(t, s, "INC-0001")
			writes[i].Title = []string{"Written by A", "Written by B"}[i]
		}
		won := race(t, s, []herald.IncidentWrite{{Incident: writes[0]}, {Incident: writes[1]}})
		wantVersion(t, writes[won].Version, 2, "the winner's incident")
		wantEqual(t, mustIncident(t, s, "INC-0001"), writes[won], "stored incident")
	})

	t.Run("RaceSameGroup", func(t *testing.T) {
		s := open(t)
		incs := []*herald.Incident{newIncident("INC-0001", at(0)), newIncident("INC-0002", at(0))}
		groups := []*herald.AlertGroup{
			newGroup("int_1/g", incs[0].ID), newGroup("int_1/g", incs[1].ID),
		}
		won := race(t, s, []herald.IncidentWrite{
			{Incident: incs[0], Group: groups[0]}, {Incident: incs[1], Group: groups[1]},
		})
		wantEqual(t, mustGroup(t, s, "int_1/g"), groups[won], "stored alert group")
		wantEqual(t, mustIncident(t, s, incs[won].ID), incs[won], "the winner's incident")
		wantNoIncident(t, s, incs[1-won].ID, "")
	})
}

// race saves two writes at once and returns the index of the one that won;
// it fails t unless exactly one won and the other got ECONFLICT.
func race(t *testing.T, s herald.Store, ws []herald.IncidentWrite) int {
	t.Helper()
	errs := make([]error, len(ws))
	var start, wg sync.WaitGroup
	start.Add(1)
	for i, w := range ws {
		wg.Go(func() { start.Wait(); errs[i] = s.SaveIncident(t.Context(), w) })
	}
	start.Done()
	wg.Wait()
	switch {
	case errs[0] == nil && herald.IsConflict(errs[1]):
		return 0
	case errs[1] == nil && herald.IsConflict(errs[0]):
		return 1
	}
	t.Fatalf("racing saves: got errors %v and %v, want one nil and one conflict", errs[0], errs[1])
	return -1
}

// wantUnwritten checks that a refused write left the caller's versions as
// they were.
func wantUnwritten(t *testing.T, inc *herald.Incident, c *herald.Component,
	g *herald.AlertGroup, incV, cV, gV int64) {
	t.Helper()
	wantVersion(t, inc.Version, incV, "incident of a refused write")
	wantVersion(t, c.Version, cV, "component of a refused write")
	wantVersion(t, g.Version, gV, "alert group of a refused write")
}

// wantNoIncident checks that neither the incident nor, if key is given,
// the alert group exists.
func wantNoIncident(t *testing.T, s herald.Store, id, key string) {
	t.Helper()
	_, err := s.Incident(t.Context(), id)
	wantCode(t, err, herald.ENOTFOUND, "incident of a refused write")
	if key != "" {
		_, err = s.AlertGroup(t.Context(), key)
		wantCode(t, err, herald.ENOTFOUND, "alert group of a refused write")
	}
}
