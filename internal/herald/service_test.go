package herald_test

import (
	"context"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

func newService(t *testing.T) (*herald.Service, *bolt.DB) {
	t.Helper()
	db, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return herald.NewService(db), db
}

func mustComponent(t *testing.T, s *herald.Service, id string) {
	t.Helper()
	if err := s.CreateComponent(context.Background(), &herald.Component{ID: id, Name: id}); err != nil {
		t.Fatal(err)
	}
}

func mustIncident(t *testing.T, s *herald.Service, in herald.IncidentInput) *herald.Incident {
	t.Helper()
	inc, err := s.CreateIncident(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func componentStatus(t *testing.T, db *bolt.DB, id string) herald.ComponentStatus {
	t.Helper()
	c, err := db.Component(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Status
}

func TestIncidentLife(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	mustComponent(t, s, "api")

	inc := mustIncident(t, s, herald.IncidentInput{Title: "Slow API", Message: "Looking into it.",
		Draft: true, Components: []herald.AffectedComponent{{ID: "api", Status: herald.MajorOutage}}})
	if inc.ID != "INC-0001" || !inc.Draft || inc.Updates[0].Kind != herald.KindNote {
		t.Fatalf("draft = %+v", inc)
	}
	if st := componentStatus(t, db, "api"); st != herald.Operational {
		t.Errorf("a draft set the component to %s", st)
	}

	inc, err := s.Publish(ctx, inc.ID, herald.PublishInput{Message: "The API is slow."})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Draft || inc.Updates[0].Kind != herald.KindCreated || inc.Updates[0].Message != "The API is slow." {
		t.Fatalf("published = %+v", inc)
	}
	if st := componentStatus(t, db, "api"); st != herald.MajorOutage {
		t.Errorf("after publishing, component is %s, want major_outage", st)
	}
	if _, err := s.Publish(ctx, inc.ID, herald.PublishInput{}); !herald.IsConflict(err) {
		t.Errorf("publishing twice: err = %v, want conflict", err)
	}

	inc, err = s.AddUpdate(ctx, inc.ID, herald.UpdateInput{Status: herald.Identified, Message: "Found it.",
		Components: []herald.AffectedComponent{{ID: "api", Status: herald.DegradedPerformance}}})
	if err != nil {
		t.Fatal(err)
	}
	if st := componentStatus(t, db, "api"); st != herald.DegradedPerformance {
		t.Errorf("after the update, component is %s, want degraded_performance", st)
	}

	inc, err = s.AddUpdate(ctx, inc.ID, herald.UpdateInput{Status: herald.Resolved, Message: "Fixed."})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Status != herald.Resolved || inc.ResolvedAt == nil || inc.Updates[0].Kind != herald.KindResolved {
		t.Errorf("resolved = %+v", inc)
	}
	if st := componentStatus(t, db, "api"); st != herald.Operational {
		t.Errorf("after resolving, component is %s, want operational", st)
	}
	if c := inc.Components; len(c) != 1 || c[0].Status != herald.Operational ||
		len(inc.Updates[0].Components) != 1 || inc.Updates[0].Components[0].Status != herald.Operational {
		t.Errorf("a resolved incident shows components %+v, update %+v; want operational",
			c, inc.Updates[0].Components)
	}
	if len(inc.PublicUpdates()) != 3 || len(inc.Updates) != 4 {
		t.Errorf("timeline has %d updates (%d public), want 4 (3)", len(inc.Updates), len(inc.PublicUpdates()))
	}
	_, err = s.AddUpdate(ctx, inc.ID, herald.UpdateInput{Status: herald.Investigating, Message: "Again?"})
	if !herald.IsConflict(err) {
		t.Errorf("reopening a resolved incident: err = %v, want conflict", err)
	}
}

func TestResolveKeepsOtherIncidentsComponents(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	mustComponent(t, s, "api")
	a := mustIncident(t, s, herald.IncidentInput{Title: "A", Message: "a",
		Components: []herald.AffectedComponent{{ID: "api", Status: herald.MajorOutage}}})
	mustIncident(t, s, herald.IncidentInput{Title: "B", Message: "b",
		Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}}})
	if st := componentStatus(t, db, "api"); st != herald.MajorOutage {
		t.Fatalf("component is %s, want the worst of both, major_outage", st)
	}
	if _, err := s.AddUpdate(ctx, a.ID, herald.UpdateInput{Status: herald.Resolved, Message: "ok"}); err != nil {
		t.Fatal(err)
	}
	if st := componentStatus(t, db, "api"); st != herald.PartialOutage {
		t.Errorf("component is %s, want partial_outage, held by the other open incident", st)
	}
}

func TestCreateIncidentErrors(t *testing.T) {
	s, db := newService(t)
	mustComponent(t, s, "api")
	tests := []struct {
		name  string
		in    herald.IncidentInput
		code  string
		field string
	}{
		{"NoTitle", herald.IncidentInput{Message: "m"}, herald.EUNPROCESSABLE, "title"},
		{"NoMessage", herald.IncidentInput{Title: "t"}, herald.EUNPROCESSABLE, "message"},
		{"BadStatus", herald.IncidentInput{Title: "t", Message: "m", Status: "on fire"},
			herald.EUNPROCESSABLE, "status"},
		{"UnknownComponent", herald.IncidentInput{Title: "t", Message: "m",
			Components: []herald.AffectedComponent{{ID: "nope", Status: herald.MajorOutage}}},
			herald.ENOTFOUND, "components[0].id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.CreateIncident(context.Background(), tt.in)
			if herald.ErrorCode(err) != tt.code || herald.ErrorField(err) != tt.field {
				t.Errorf("err = %v, want %s on %s", err, tt.code, tt.field)
			}
		})
	}
	list, _, err := db.Incidents(context.Background(), herald.FilterAll, herald.ListOptions{Limit: 10})
	if err != nil || len(list) != 0 {
		t.Errorf("bad input stored %d incidents (err %v)", len(list), err)
	}
}

func TestConcurrentPatchesLoseNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	inc := mustIncident(t, s, herald.IncidentInput{Title: "t", Message: "m"})
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Go(func() {
			_, err := s.AddUpdate(ctx, inc.ID, herald.UpdateInput{Message: "update " + string(rune('a'+i))})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got, err := s.Incident(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Updates) != 11 {
		t.Errorf("incident has %d updates, want 11: an update was lost", len(got.Updates))
	}
}

func TestBootstrap(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	key, err := s.Bootstrap(ctx, "")
	if err != nil || key == "" {
		t.Fatalf("first start: key %q, err %v", key, err)
	}
	if _, err := s.AuthenticateAdmin(ctx, key); err != nil {
		t.Errorf("the printed key does not work: %v", err)
	}
	if again, err := s.Bootstrap(ctx, ""); err != nil || again != "" {
		t.Errorf("second start made another key %q (err %v)", again, err)
	}
	if _, err := s.AuthenticateAdmin(ctx, key+"x"); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
		t.Errorf("a wrong key: err = %v, want unauthorized", err)
	}
	s2, _ := newService(t)
	if k, err := s2.Bootstrap(ctx, "configured-secret-key"); err != nil || k != "" {
		t.Fatalf("configured key: %q, %v", k, err)
	}
	if _, err := s2.AuthenticateAdmin(ctx, "configured-secret-key"); err != nil {
		t.Errorf("the configured key does not work: %v", err)
	}
}

// TestResolveRacesOpen resolves one incident while another opens on the
// same component, many times: the component must always end in the status
// of the incident left open.
func TestResolveRacesOpen(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	mustComponent(t, s, "api")
	for i := range 20 {
		a := mustIncident(t, s, herald.IncidentInput{Title: "A", Message: "a",
			Components: []herald.AffectedComponent{{ID: "api", Status: herald.MajorOutage}}})
		var wg sync.WaitGroup
		var b *herald.Incident
		wg.Go(func() {
			if _, err := s.AddUpdate(ctx, a.ID, herald.UpdateInput{Status: herald.Resolved, Message: "ok"}); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			var err error
			b, err = s.CreateIncident(ctx, herald.IncidentInput{Title: "B", Message: "b",
				Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}}})
			if err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		if st := componentStatus(t, db, "api"); st != herald.PartialOutage {
			t.Fatalf("round %d: component is %s with B open, want partial_outage", i, st)
		}
		if _, err := s.AddUpdate(ctx, b.ID, herald.UpdateInput{Status: herald.Resolved, Message: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPublishDeletedComponent(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	mustComponent(t, s, "doomed")
	inc := mustIncident(t, s, herald.IncidentInput{Title: "t", Message: "m", Draft: true,
		Components: []herald.AffectedComponent{{ID: "doomed", Status: herald.MajorOutage}}})
	if err := s.DeleteComponent(ctx, "doomed"); err != nil {
		t.Fatal(err)
	}
	_, err := s.Publish(ctx, inc.ID, herald.PublishInput{})
	if herald.ErrorCode(err) != herald.ENOTFOUND || herald.ErrorField(err) != "components[0].id" {
		t.Fatalf("publishing a draft on a deleted component: %v, want not found on components[0].id", err)
	}
	got, _ := s.Incident(ctx, inc.ID)
	if !got.Draft {
		t.Error("the refused publish changed the draft")
	}
}
