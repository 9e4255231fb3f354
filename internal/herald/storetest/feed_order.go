package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func testFeedSilence(t *testing.T, open openFeed) {
	t.Run("Invisible", func(t *testing.T) {
		s, f := open(t)
		noError(t, s.CreateIntegration(t.Context(), newIntegration("int_a", 0)), "integration")
		noError(t, s.CreateAPIKey(t.Context(), newAPIKey("key_a", 0)), "API key")
		_, err := s.NextIncidentNumber(t.Context())
		noError(t, err, "incident number")
		d := mustClaim(t, s, newDelivery("INC-0001", "u1", "sub_a"))
		d.State = herald.DeliverySent
		noError(t, s.UpdateDelivery(t.Context(), d), "update delivery")
		wantChanges(t, allChanges(t, f, ""), nil, "changes of invisible writes")
	})

	t.Run("ErrNothingOnFailure", func(t *testing.T) {
		s, f := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		MustSaveIncident(t, s, herald.IncidentWrite{
			Incident: newIncident("INC-0001", at(0)), Group: newGroup("int_1/g", "INC-0001"),
		})
		after := lastSeq(t, f)

		stale := newComponent("api", "API", 1)
		stale.Version = 7
		failures := map[string]error{
			"duplicate component": s.CreateComponent(t.Context(), newComponent("api", "API", 1)),
			"stale component":     s.UpdateComponent(t.Context(), stale),
			"missing component":   s.DeleteComponent(t.Context(), "ghost"),
			"existing incident": s.SaveIncident(t.Context(), herald.IncidentWrite{
				Incident: newIncident("INC-0001", at(1)),
			}),
			"stale component in an incident": s.SaveIncident(t.Context(), herald.IncidentWrite{
				Incident: newIncident("INC-0002", at(1)), Components: []*herald.Component{stale},
			}),
			"taken alert group": s.SaveIncident(t.Context(), herald.IncidentWrite{
				Incident: newIncident("INC-0003", at(1)), Group: newGroup("int_1/g", "INC-0003"),
			}),
			"taken address": s.CreateSubscriber(t.Context(),
				newSubscriber("sub_b", 1, herald.Active)),
			"missing subscriber": s.DeleteSubscriber(t.Context(), "sub_ghost"),
		}
		for what, err := range failures {
			if err == nil {
				t.Fatalf("%s: the write succeeded, want an error", what)
			}
		}
		wantChanges(t, allChanges(t, f, after), nil, "changes of failed writes")
	})
}

func testFeedOrder(t *testing.T, open openFeed) {
	t.Run("CommitOrder", func(t *testing.T) {
		s, f := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		const workers, writes = 4, 5
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range writes {
					if err := bump(t, s, fmt.Sprintf("worker %d write %d", w, i)); err != nil {
						t.Errorf("bump component: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()

		changes := allChanges(t, f, "")
		if len(changes) != 1+workers*writes {
			t.Fatalf("got %d changes, want %d", len(changes), 1+workers*writes)
		}
		for i, c := range changes[1:] {
			if c.NewComponent == nil || c.NewComponent.Version != int64(i+2) {
				t.Fatalf("change %d does not carry version %d: %+v", i+1, i+2, c.NewComponent)
			}
			wantEqual(t, c.OldComponent, changes[i].NewComponent, "old image of change "+c.Seq)
		}
	})

	t.Run("Pages", func(t *testing.T) {
		s, f := open(t)
		for i := range 7 {
			MustCreateComponent(t, s, newComponent(fmt.Sprintf("c%d", i), "C", i))
		}
		all := allChanges(t, f, "")
		for _, limit := range []int{1, 2, 7, 100} {
			page, err := f.Changes(t.Context(), "", limit)
			noError(t, err, "read changes")
			wantEqual(t, page, all[:min(limit, len(all))], fmt.Sprintf("first %d changes", limit))
		}
		page, err := f.Changes(t.Context(), all[2].Seq, 2)
		noError(t, err, "read changes")
		wantEqual(t, page, all[3:5], "two changes after the third")
		page, err = f.Changes(t.Context(), all[6].Seq, 10)
		noError(t, err, "read changes after the last")
		wantChanges(t, page, nil, "changes after the last")
	})
}

// bump updates the component "api", retrying until its write wins.
func bump(t *testing.T, s herald.Store, desc string) error {
	for range 1000 {
		c, err := s.Component(t.Context(), "api")
		if err != nil {
			return err
		}
		c.Description = desc
		if err = s.UpdateComponent(t.Context(), c); !herald.IsConflict(err) {
			return err
		}
	}
	return fmt.Errorf("%s lost 1000 races", desc)
}

func testFeedCursor(t *testing.T, open openFeed) {
	s, f := open(t)
	for i := range 4 {
		MustCreateComponent(t, s, newComponent(fmt.Sprintf("c%d", i), "C", i))
	}
	all := allChanges(t, f, "")
	cursor := func(consumer string) string {
		seq, err := f.Cursor(t.Context(), consumer)
		noError(t, err, "read cursor of "+consumer)
		return seq
	}
	if seq := cursor("render"); seq != "" {
		t.Fatalf("cursor of a new consumer is %q, want empty", seq)
	}
	noError(t, f.SetCursor(t.Context(), "render", all[1].Seq), "set cursor")
	noError(t, f.SetCursor(t.Context(), "fanout", all[0].Seq), "set cursor")
	if got := cursor("render"); got != all[1].Seq {
		t.Fatalf("cursor of render is %q, want %q", got, all[1].Seq)
	}
	wantEqual(t, allChanges(t, f, cursor("fanout")), all[1:], "changes fanout has not handled")

	noError(t, f.SetCursor(t.Context(), "render", all[3].Seq), "move cursor")
	if got, other := cursor("render"), cursor("fanout"); got != all[3].Seq || other != all[0].Seq {
		t.Fatalf("cursors are render %q, fanout %q; want %q and %q",
			got, other, all[3].Seq, all[0].Seq)
	}
}
