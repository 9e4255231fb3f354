package bolt_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/herald/storetest"
)

// TestReopen checks that every kind of item, the change feed, consumer
// cursors and the incident counter survive closing and reopening.
func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	now := time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)
	db, err := bolt.Open(dir)
	if err != nil {
		t.Fatal(err)
	}

	c := storetest.MustCreateComponent(t, db, &herald.Component{
		ID: "api", Name: "API", Status: herald.PartialOutage, CreatedAt: now, UpdatedAt: now,
	})
	number, err := db.NextIncidentNumber(ctx)
	must(t, err)
	inc := &herald.Incident{ID: "INC-0001", Title: "Errors", Status: herald.Investigating,
		Impact: herald.ImpactMinor, CreatedAt: now, UpdatedAt: now}
	g := &herald.AlertGroup{Key: "int_a/g", IncidentID: inc.ID,
		Alerts: map[string]herald.AlertState{"fp": herald.Firing}, UpdatedAt: now}
	storetest.MustSaveIncident(t, db, herald.IncidentWrite{Incident: inc, Group: g})
	sub := storetest.MustCreateSubscriber(t, db, &herald.Subscriber{ID: "sub_a",
		Type: herald.SMS, Address: "+15550100", State: herald.Active, CreatedAt: now})
	in := &herald.Integration{ID: "int_a", Source: herald.SourceGeneric, Name: "Probe",
		KeyHash: herald.HashSecret("integration secret"), CreatedAt: now}
	must(t, db.CreateIntegration(ctx, in))
	key := &herald.APIKey{ID: "key_a", Name: "Admin", Hash: herald.HashSecret("admin"),
		CreatedAt: now}
	must(t, db.CreateAPIKey(ctx, key))
	d := &herald.Delivery{ID: "u1.sub_a.sms", IncidentID: inc.ID, UpdateID: "u1",
		SubscriberID: sub.ID, Channel: herald.SMS, State: herald.DeliverySent}
	_, err = db.ClaimDelivery(ctx, d)
	must(t, err)
	changes, err := db.Changes(ctx, "", 100)
	must(t, err)
	must(t, db.SetCursor(ctx, "fanout", changes[1].Seq))
	must(t, db.Close())

	db = MustOpen(t, dir)
	same(t, get(t, db.Component, "api"), c, "component")
	same(t, get(t, db.Incident, inc.ID), inc, "incident")
	same(t, get(t, db.AlertGroup, g.Key), g, "alert group")
	same(t, get(t, db.Subscriber, sub.ID), sub, "subscriber")
	same(t, get(t, db.Integration, in.ID), in, "integration")
	same(t, get(t, db.APIKey, key.ID), key, "API key")
	deliveries, _, err := db.Deliveries(ctx, inc.ID, herald.ListOptions{})
	must(t, err)
	same(t, deliveries, []*herald.Delivery{d}, "deliveries")
	followers, _, err := db.Followers(ctx, herald.SMS, []string{"api"}, herald.ListOptions{})
	must(t, err)
	same(t, followers, []*herald.Subscriber{sub}, "followers")
	active, _, err := db.Subscribers(ctx, true, herald.ListOptions{Limit: 10})
	must(t, err)
	same(t, active, []*herald.Subscriber{sub}, "active subscribers")
	same(t, get(t, db.Cursor, "fanout"), changes[1].Seq, "cursor")

	// The feed holds the same changes, and goes on after them.
	reread, err := db.Changes(ctx, "", 100)
	must(t, err)
	same(t, reread, changes, "changes")
	if next, err := db.NextIncidentNumber(ctx); err != nil || next <= number {
		t.Fatalf("incident number after reopening: %d, %v; want above %d", next, err, number)
	}
	c.Status = herald.Operational
	must(t, db.UpdateComponent(ctx, c))
	latest, err := db.Changes(ctx, changes[len(changes)-1].Seq, 10)
	must(t, err)
	if len(latest) != 1 || latest[0].NewComponent == nil || latest[0].NewComponent.Version != 2 {
		t.Fatalf("changes after reopening: %+v, want the component's update", latest)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func same(t *testing.T, got, want any, what string) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%s after reopening differs (-want +got):\n%s", what, diff)
	}
}

// get calls a one-argument read and fails t on error.
func get[T any](t *testing.T, read func(context.Context, string) (T, error), arg string) T {
	t.Helper()
	v, err := read(t.Context(), arg)
	must(t, err)
	return v
}
