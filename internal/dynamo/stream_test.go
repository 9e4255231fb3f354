package dynamo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/herald-status/herald/internal/dynamo"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/herald/storetest"
)

// feed polls a store's stream and converts what it reads.
type feed struct {
	poller  *dynamo.StreamPoller
	records []events.DynamoDBEventRecord // every record handed over
	changes []herald.Change              // the visible ones, since the last take
}

func newFeed(t *testing.T, s *dynamo.Store) *feed {
	t.Helper()
	arn, err := s.StreamARN(t.Context())
	if err != nil {
		t.Fatalf("stream ARN: %v", err)
	}
	f := &feed{}
	f.poller = dynamo.NewStreamPoller(newStreamsClient(endpoint(t)), arn,
		func(ctx context.Context, e events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
			for _, rec := range e.Records {
				c, ok, err := dynamo.ChangeFromStreamRecord(rec)
				if err != nil {
					t.Errorf("convert record %s: %v", rec.Change.SequenceNumber, err)
				}
				if ok {
					f.changes = append(f.changes, c)
				}
			}
			f.records = append(f.records, e.Records...)
			return events.DynamoDBEventResponse{}, nil
		})
	return f
}

// take polls the stream and returns the changes read since the last take.
func (f *feed) take(t *testing.T) []herald.Change {
	t.Helper()
	if _, err := f.poller.Poll(t.Context()); err != nil {
		t.Fatalf("poll: %v", err)
	}
	out := f.changes
	f.changes = nil
	return out
}

func wantChanges(t *testing.T, got, want []herald.Change, what string) {
	t.Helper()
	for _, c := range got {
		if c.Seq == "" {
			t.Fatalf("%s: a change without a sequence number: %+v", what, c)
		}
	}
	opts := []cmp.Option{cmpopts.EquateEmpty(), cmpopts.IgnoreFields(herald.Change{}, "Seq")}
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		t.Fatalf("%s differ (-want +got):\n%s", what, diff)
	}
}

func TestStreamChanges(t *testing.T) {
	s := openStore(t)
	f := newFeed(t, s)
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 123456789, time.UTC)

	api := &herald.Component{ID: "api", Name: "API", Status: herald.Operational,
		CreatedAt: t0, UpdatedAt: t0}
	storetest.MustCreateComponent(t, s, api)
	apiV1 := *api
	wantChanges(t, f.take(t), []herald.Change{
		{Op: herald.OpInsert, Entity: herald.EntityComponent, NewComponent: &apiV1},
	}, "changes of a new component")

	// A new incident changes its component and creates its alert group,
	// which is not visible, in one transaction.
	inc := &herald.Incident{ID: "INC-0001", Title: "Errors on the API", Status: herald.Investigating,
		Impact: herald.ImpactMajor, StartedAt: t0, CreatedAt: t0, UpdatedAt: t0, PublishedAt: &t0,
		Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}},
		Updates: []herald.Update{{ID: "upd_1", Kind: herald.KindCreated,
			Status: herald.Investigating, Message: "We are looking into it.", CreatedAt: t0}}}
	api.Status = herald.PartialOutage
	group := &herald.AlertGroup{Key: "int_1/g", IncidentID: inc.ID,
		Alerts: map[string]herald.AlertState{"fp": herald.Firing}, UpdatedAt: t0}
	storetest.MustSaveIncident(t, s, herald.IncidentWrite{Incident: inc,
		Components: []*herald.Component{api}, Group: group})
	incV1, apiV2 := *inc, *api
	got := f.take(t)
	slices.SortFunc(got, func(a, b herald.Change) int {
		return strings.Compare(string(a.Entity), string(b.Entity))
	})
	wantChanges(t, got, []herald.Change{
		{Op: herald.OpModify, Entity: herald.EntityComponent, OldComponent: &apiV1, NewComponent: &apiV2},
		{Op: herald.OpInsert, Entity: herald.EntityIncident, NewIncident: &incV1},
	}, "changes of a new incident")

	next := incV1
	next.Updates = append([]herald.Update{{ID: "upd_2", Kind: herald.KindUpdated,
		Status: herald.Identified, Message: "Found it.", CreatedAt: t0.Add(time.Minute)}}, inc.Updates...)
	next.Status = herald.Identified
	storetest.MustSaveIncident(t, s, herald.IncidentWrite{Incident: &next})
	changes := f.take(t)
	wantChanges(t, changes, []herald.Change{
		{Op: herald.OpModify, Entity: herald.EntityIncident, OldIncident: &incV1, NewIncident: &next},
	}, "changes of an incident update")
	if ups := changes[0].NewPublicUpdates(); len(ups) != 1 || ups[0].ID != "upd_2" {
		t.Fatalf("announced updates: %+v, want upd_2 only", ups)
	}

	testInvisibleAndRemoved(t, s, f, &apiV2)
}

// testInvisibleAndRemoved checks that writes of invisible items give no
// change, that subscribers' changes carry no images, and that a deletion
// carries the old image.
func testInvisibleAndRemoved(t *testing.T, s *dynamo.Store, f *feed, api *herald.Component) {
	t.Helper()
	if _, err := s.NextIncidentNumber(t.Context()); err != nil {
		t.Fatal(err)
	}
	d := &herald.Delivery{ID: "upd_2.sub_a.email", IncidentID: "INC-0001", UpdateID: "upd_2",
		SubscriberID: "sub_a", Channel: herald.Email, State: herald.DeliveryPending}
	if _, err := s.ClaimDelivery(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	key := &herald.APIKey{ID: "key_a", Name: "Ops", Hash: herald.HashSecret("not-a-real-secret")}
	if err := s.CreateAPIKey(t.Context(), key); err != nil {
		t.Fatal(err)
	}
	before := len(f.records)
	wantChanges(t, f.take(t), nil, "changes of invisible writes")
	if n := len(f.records) - before; n != 3 {
		t.Fatalf("invisible writes made %d stream records, want 3", n)
	}

	sub := &herald.Subscriber{ID: "sub_a", Type: herald.Email, Address: "reader@example.com",
		State: herald.Pending}
	storetest.MustCreateSubscriber(t, s, sub)
	sub.State = herald.Active
	if err := s.UpdateSubscriber(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteComponent(t.Context(), "api"); err != nil {
		t.Fatal(err)
	}
	wantChanges(t, f.take(t), []herald.Change{
		{Op: herald.OpInsert, Entity: herald.EntitySubscriber},
		{Op: herald.OpModify, Entity: herald.EntitySubscriber},
		{Op: herald.OpRemove, Entity: herald.EntityComponent, OldComponent: api},
	}, "changes of subscribers and a deletion")
}
