package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func testIntegrationUpdate(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		in := newIntegration("int_a", 0)
		noError(t, s.CreateIntegration(t.Context(), in), "create integration")
		_, hash := herald.NewKey(herald.IntegrationKeyPrefix, in.ID)
		rotated := at(5).In(zone)
		in.Name, in.KeyHash, in.KeyRotatedAt = "Renamed", hash, &rotated
		in.SigningSecret, in.ResolveTo, in.FlapWindow = "pd-secret-not-real", herald.Monitoring, 60
		in.Mapping = herald.Mapping{
			Rules: []herald.MappingRule{{Match: map[string]string{"service": "~api|web"},
				Component: "api", Status: herald.PartialOutage, Impact: herald.ImpactMajor}},
			Severities: map[string]herald.Impact{"P3": herald.ImpactMinor}, DefaultComponent: "web",
		}
		noError(t, s.UpdateIntegration(t.Context(), in), "update integration")
		wantVersion(t, in.Version, 2, "updated integration")
		got, err := s.Integration(t.Context(), in.ID)
		noError(t, err, "read integration")
		wantEqual(t, got, in, "updated integration (with its hash and secret)")
		wantUTC(t, "updated integration", *got.KeyRotatedAt)
		list, err := s.Integrations(t.Context())
		noError(t, err, "list integrations")
		wantEqual(t, list, []*herald.Integration{in}, "listed integration")
	})

	t.Run("ErrStale", func(t *testing.T) {
		s := open(t)
		in := newIntegration("int_a", 0)
		noError(t, s.CreateIntegration(t.Context(), in), "create integration")
		stale := *in
		stale.Name = "Stale name"
		noError(t, s.UpdateIntegration(t.Context(), in), "first update")
		wantCode(t, s.UpdateIntegration(t.Context(), &stale), herald.ECONFLICT, "stale update")
		wantVersion(t, stale.Version, 1, "the losing item")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		err := open(t).UpdateIntegration(t.Context(), newIntegration("int_ghost", 0))
		wantCode(t, err, herald.ENOTFOUND, "update a missing integration")
	})
}

func dueGroup(key string, due *time.Time) *herald.AlertGroup {
	return &herald.AlertGroup{
		Key: key, IncidentID: "INC-0001",
		Alerts: map[string]herald.AlertState{"fp1": herald.Firing, "fp2": herald.Recovered},
		Info: map[string]herald.AlertInfo{"fp1": {Component: "api", Status: herald.MajorOutage,
			Impact: herald.ImpactCritical, Summary: "API down"}},
		NotifiedAt: at(1), Held: due != nil, DueAt: due, UpdatedAt: at(1),
	}
}

func testAlertGroups(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("SaveOK", func(t *testing.T) {
		s := open(t)
		due := at(3).In(zone)
		g := dueGroup("int_a/g1", &due)
		g.NotifiedAt = g.NotifiedAt.In(zone)
		noError(t, s.SaveAlertGroup(t.Context(), g), "create group")
		wantVersion(t, g.Version, 1, "created group")
		got := mustGroup(t, s, g.Key)
		wantEqual(t, got, g, "stored group")
		wantUTC(t, "stored group", got.NotifiedAt, *got.DueAt, got.UpdatedAt)

		g.Held, g.DueAt = false, nil
		noError(t, s.SaveAlertGroup(t.Context(), g), "update group")
		wantVersion(t, g.Version, 2, "updated group")
		wantEqual(t, mustGroup(t, s, g.Key), g, "updated group")
	})

	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		noError(t, s.SaveAlertGroup(t.Context(), dueGroup("int_a/g1", nil)), "create group")
		again := dueGroup("int_a/g1", nil)
		again.IncidentID = "INC-0002" // not a retry of the first write
		wantCode(t, s.SaveAlertGroup(t.Context(), again), herald.ECONFLICT, "create it again")
		wantVersion(t, again.Version, 0, "the losing group")
		ghost := dueGroup("int_a/ghost", nil)
		ghost.Version = 3
		wantCode(t, s.SaveAlertGroup(t.Context(), ghost), herald.ECONFLICT, "update a missing group")
	})

	t.Run("Due", func(t *testing.T) {
		s := open(t)
		d0, d10 := at(0), at(10)
		g1, g2, g3 := dueGroup("int_a/g1", &d0), dueGroup("int_a/g2", &d10), dueGroup("int_b/g3", nil)
		for _, g := range []*herald.AlertGroup{g1, g2, g3} {
			noError(t, s.SaveAlertGroup(t.Context(), g), "create group")
		}
		wantEqual(t, groupsDue(t, s, at(5)), []string{"int_a/g1"}, "groups due at +5m")
		wantEqual(t, groupsDue(t, s, at(10)), []string{"int_a/g1", "int_a/g2"}, "groups due at +10m")
		wantEqual(t, groupsDue(t, s, at(-1)), []string{}, "groups due before any")

		g1.DueAt = nil
		noError(t, s.SaveAlertGroup(t.Context(), g1), "clear g1")
		wantEqual(t, groupsDue(t, s, at(10)), []string{"int_a/g2"}, "groups due after clearing")
	})

	t.Run("DueThroughSaveIncident", func(t *testing.T) {
		s := open(t)
		MustCreateComponent(t, s, newComponent("api", "API", 1))
		inc := newIncident("INC-0001", at(0), "api")
		due := at(2)
		g := dueGroup("int_a/g1", &due)
		MustSaveIncident(t, s, herald.IncidentWrite{Incident: inc, Group: g})
		wantEqual(t, groupsDue(t, s, at(2)), []string{"int_a/g1"}, "group due, saved with its incident")
	})
}

// groupsDue returns the keys of the groups due at t, sorted.
func groupsDue(t *testing.T, s herald.Store, when time.Time) []string {
	t.Helper()
	gs, err := s.AlertGroupsDue(t.Context(), when)
	noError(t, err, "list groups due")
	keys := []string{}
	for _, g := range gs {
		keys = append(keys, g.Key)
	}
	slices.Sort(keys)
	return keys
}

func newIntake(id, integration string, received time.Time) *herald.IntegrationDelivery {
	return &herald.IntegrationDelivery{
		ID: id, IntegrationID: integration, ReceivedAt: received, Outcome: herald.OutcomeAccepted,
		Status: 202, Alerts: 1, RequestID: "req-" + id,
		Results: []herald.AlertResult{{Group: "g1", IncidentID: "INC-0001", Action: herald.AlertOpened}},
	}
}

func testIntakes(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("NewestFirst", func(t *testing.T) {
		s := open(t)
		now := time.Now().UTC().Truncate(time.Millisecond)
		a1, a2 := newIntake("idl_1", "int_a", now.Add(-3*time.Minute)), newIntake("idl_2", "int_a", now.Add(-2*time.Minute))
		a3 := newIntake("idl_3", "int_a", now.Add(-time.Minute).In(zone))
		a3.Outcome, a3.Status, a3.Reason, a3.Field = herald.OutcomeRejected, 400, "groupKey is required", "groupKey"
		b1 := newIntake("idl_4", "int_b", now)
		old := newIntake("idl_0", "int_a", now.Add(-herald.IntegrationDeliveryTTL-time.Hour))
		for _, d := range []*herald.IntegrationDelivery{old, a1, a3, a2, b1} {
			noError(t, s.AddIntegrationDelivery(t.Context(), d), "add delivery "+d.ID)
		}
		got, err := s.IntegrationDeliveries(t.Context(), "int_a", 10)
		noError(t, err, "list int_a")
		wantEqual(t, got, []*herald.IntegrationDelivery{a3, a2, a1}, "int_a, newest first, none expired")
		wantUTC(t, "listed delivery", got[0].ReceivedAt)
		got, err = s.IntegrationDeliveries(t.Context(), "int_a", 2)
		noError(t, err, "list int_a, two")
		wantEqual(t, got, []*herald.IntegrationDelivery{a3, a2}, "int_a, limit 2")
		got, err = s.IntegrationDeliveries(t.Context(), "int_b", 10)
		noError(t, err, "list int_b")
		wantEqual(t, got, []*herald.IntegrationDelivery{b1}, "int_b")
		got, err = s.IntegrationDeliveries(t.Context(), "int_none", 10)
		noError(t, err, "list an integration with none")
		wantEqual(t, got, []*herald.IntegrationDelivery{}, "no deliveries")
	})

	t.Run("ErrNoID", func(t *testing.T) {
		s := open(t)
		err := s.AddIntegrationDelivery(t.Context(), newIntake("", "int_a", time.Now()))
		wantCode(t, err, herald.EINVALID, "add without id")
		_, err = s.IntegrationDeliveries(t.Context(), "", 10)
		wantCode(t, err, herald.EINVALID, "list without integration")
	})
}
