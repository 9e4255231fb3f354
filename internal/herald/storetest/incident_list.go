package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

var allFilters = []herald.IncidentFilter{
	herald.FilterAll, herald.FilterDraft, herald.FilterUnresolved, herald.FilterResolved,
}

func testIncidents(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		for _, f := range allFilters {
			wantEqual(t, walkIncidents(t, s, f, 10), []*herald.Incident{}, string(f))
		}
	})

	t.Run("FiltersAndPages", func(t *testing.T) {
		s := open(t)
		history := seedHistory(t, s)
		for _, f := range allFilters {
			want := expectIncidents(history, f)
			for _, limit := range []int{1, 2, 3, len(want), 100} {
				got := walkIncidents(t, s, f, max(limit, 1))
				wantEqual(t, got, want, fmt.Sprintf("%s incidents by %d", f, limit))
			}
		}
	})

	t.Run("StateChanges", func(t *testing.T) {
		s := open(t)
		history := seedHistory(t, s)
		live, draft := mustIncident(t, s, "INC-0002"), mustIncident(t, s, "INC-0007")
		addUpdate(live, herald.Resolved, at(60))
		draft.Draft = false
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: live})
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: draft})
		for i, inc := range history {
			switch inc.ID {
			case live.ID:
				history[i] = live
			case draft.ID:
				history[i] = draft
			}
		}
		for _, f := range allFilters {
			got := walkIncidents(t, s, f, 2)
			wantEqual(t, got, expectIncidents(history, f), string(f)+" incidents")
		}
	})

	t.Run("CursorOutlivesWrites", func(t *testing.T) {
		s := open(t)
		want := expectIncidents(seedHistory(t, s), herald.FilterAll)
		page, cursor, err := s.Incidents(t.Context(), herald.FilterAll,
			herald.ListOptions{Limit: 3})
		noError(t, err, "first page")
		newest, oldest := newIncident("INC-0100", at(500)), newIncident("INC-0101", at(-500))
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: newest})
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: oldest})

		rest := walkFrom(t, s, herald.FilterAll, 3, cursor)
		wantEqual(t, append(page, rest...), append(want, oldest), "incidents across writes")
	})

	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := open(t).Incidents(t.Context(), herald.FilterAll,
			herald.ListOptions{Cursor: "%%% not a cursor %%%", Limit: 10})
		wantCode(t, err, herald.EINVALID, "list with a made-up cursor")
	})

	t.Run("ErrFilter", func(t *testing.T) {
		_, _, err := open(t).Incidents(t.Context(), "bogus", herald.ListOptions{Limit: 10})
		wantCode(t, err, herald.EINVALID, "list with an unknown filter")
	})
}

// seedHistory saves incidents of every state, out of order, some created
// at the same instant, one in another zone, and returns them as saved.
func seedHistory(t *testing.T, s herald.Store) []*herald.Incident {
	t.Helper()
	specs := []struct {
		min   int
		state string
	}{
		{0, "resolved"}, {10, "open"}, {10, "draft"}, {20, "resolved"}, {30, "open"},
		{30, "resolved"}, {40, "draft"}, {-5, "open"}, {50, "resolved draft"},
		{10, "resolved"}, {25, "open"},
	}
	var out []*herald.Incident
	for i, sp := range specs {
		inc := newIncident(fmt.Sprintf("INC-%04d", i+1), at(sp.min))
		if i == len(specs)-1 {
			inc.CreatedAt = inc.CreatedAt.In(zone)
		}
		if sp.state == "resolved" || sp.state == "resolved draft" {
			addUpdate(inc, herald.Resolved, at(sp.min+5))
		}
		inc.Draft = sp.state == "draft" || sp.state == "resolved draft"
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: inc})
		out = append(out, inc)
	}
	return out
}

// expectIncidents returns the incidents passing f, newest first, ties by
// id descending.
func expectIncidents(all []*herald.Incident, f herald.IncidentFilter) []*herald.Incident {
	out := []*herald.Incident{}
	for _, inc := range all {
		if f.Match(inc) {
			out = append(out, inc)
		}
	}
	slices.SortFunc(out, func(a, b *herald.Incident) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	return out
}

func walkIncidents(t *testing.T, s herald.Store, f herald.IncidentFilter,
	limit int) []*herald.Incident {
	t.Helper()
	return walkFrom(t, s, f, limit, "")
}

// walkFrom reads every page of a list from cursor on, as walk does.
func walkFrom(t *testing.T, s herald.Store, f herald.IncidentFilter, limit int,
	cursor string) []*herald.Incident {
	t.Helper()
	return walk(t, string(f)+" incidents", limit, cursor,
		func(o herald.ListOptions) ([]*herald.Incident, string, error) {
			return s.Incidents(t.Context(), f, o)
		})
}
