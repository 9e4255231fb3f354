package storetest

import (
	"cmp"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/herald-status/herald/internal/herald"
)

type openFeed = func(*testing.T) (herald.Store, herald.ChangeFeed)

func testFeedWrites(t *testing.T, open openFeed) {
	t.Run("Empty", func(t *testing.T) {
		_, f := open(t)
		wantChanges(t, allChanges(t, f, ""), nil, "changes of an empty store")
	})

	t.Run("Component", func(t *testing.T) {
		s, f := open(t)
		c := MustCreateComponent(t, s, newComponent("api", "API", 1))
		v1 := *c
		c.Status = herald.MajorOutage
		noError(t, s.UpdateComponent(t.Context(), c), "update component")
		v2 := *c
		noError(t, s.DeleteComponent(t.Context(), "api"), "delete component")

		wantChanges(t, allChanges(t, f, ""), []herald.Change{
			{Op: herald.OpInsert, Entity: herald.EntityComponent, NewComponent: &v1},
			{Op: herald.OpModify, Entity: herald.EntityComponent,
				OldComponent: &v1, NewComponent: &v2},
			{Op: herald.OpRemove, Entity: herald.EntityComponent, OldComponent: &v2},
		}, "component changes")
	})

	t.Run("Incident", func(t *testing.T) {
		s, f := open(t)
		api := MustCreateComponent(t, s, newComponent("api", "API", 1))
		apiV1 := *api
		after := lastSeq(t, f)

		inc, g := newIncident("INC-0001", at(0), "api"), newGroup("int_1/g", "INC-0001")
		api.Status = herald.PartialOutage
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: inc, Components: []*herald.Component{api}, Group: g,
		})
		created := allChanges(t, f, after)
		slices.SortFunc(created, func(a, b herald.Change) int {
			return cmp.Compare(a.Entity, b.Entity)
		})
		wantChanges(t, created, []herald.Change{
			{Op: herald.OpModify, Entity: herald.EntityComponent,
				OldComponent: &apiV1, NewComponent: api},
			{Op: herald.OpInsert, Entity: herald.EntityIncident, NewIncident: inc},
		}, "changes of a new incident")

		after = lastSeq(t, f)
		next := mustIncident(t, s, inc.ID)
		addUpdate(next, herald.Identified, at(5))
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: next})
		updated := allChanges(t, f, after)
		wantChanges(t, updated, []herald.Change{
			{Op: herald.OpModify, Entity: herald.EntityIncident,
				OldIncident: inc, NewIncident: next},
		}, "changes of an incident update")
		wantEqual(t, updated[0].NewPublicUpdates(), next.Updates[:1], "announced updates")
	})

	t.Run("Subscriber", func(t *testing.T) {
		s, f := open(t)
		sub := MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Pending))
		sub.State = herald.Active
		noError(t, s.UpdateSubscriber(t.Context(), sub), "update subscriber")
		noError(t, s.DeleteSubscriber(t.Context(), sub.ID), "delete subscriber")
		wantChanges(t, allChanges(t, f, ""), []herald.Change{
			{Op: herald.OpInsert, Entity: herald.EntitySubscriber},
			{Op: herald.OpModify, Entity: herald.EntitySubscriber},
			{Op: herald.OpRemove, Entity: herald.EntitySubscriber},
		}, "subscriber changes")
	})
}

// allChanges reads every change after the given sequence, three at a
// time, checking that sequences rise strictly, compared as strings.
func allChanges(t *testing.T, f herald.ChangeFeed, after string) []herald.Change {
	t.Helper()
	var out []herald.Change
	for range 10000 {
		page, err := f.Changes(t.Context(), after, 3)
		noError(t, err, "read changes")
		if len(page) > 3 {
			t.Fatalf("asked for 3 changes after %q, got %d", after, len(page))
		}
		if len(page) == 0 {
			return out
		}
		for _, c := range page {
			if c.Seq <= after {
				t.Fatalf("change %q follows %q: sequences must rise as strings", c.Seq, after)
			}
			after = c.Seq
		}
		out = append(out, page...)
	}
	t.Fatal("the change feed did not end")
	return nil
}

// lastSeq returns the sequence of the newest change, "" if none.
func lastSeq(t *testing.T, f herald.ChangeFeed) string {
	t.Helper()
	all := allChanges(t, f, "")
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1].Seq
}

// wantChanges compares changes, leaving out their sequences.
func wantChanges(t *testing.T, got, want []herald.Change, what string) {
	t.Helper()
	opts := []gocmp.Option{cmpopts.EquateEmpty(), cmpopts.IgnoreFields(herald.Change{}, "Seq")}
	if diff := gocmp.Diff(want, got, opts...); diff != "" {
		t.Fatalf("%s differ (-want +got):\n%s", what, diff)
	}
}
