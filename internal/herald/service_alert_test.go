package herald_test

import (
	"context"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func mustIntegration(t *testing.T, s *herald.Service, auto bool) *herald.Integration {
	t.Helper()
	in := &herald.Integration{Source: herald.SourceAlertmanager, Name: "prometheus", AutoPublish: auto}
	if _, err := s.CreateIntegration(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	return in
}

func firing(fp string) herald.Alert {
	return herald.Alert{Group: "g1", Fingerprint: fp, State: herald.Firing, Component: "API",
		Severity: "critical", Summary: "API down", Description: "It is down."}
}

func resolved(fp string) herald.Alert {
	a := firing(fp)
	a.State = herald.Recovered
	return a
}

func ingest(t *testing.T, s *herald.Service, in *herald.Integration, as ...herald.Alert) herald.AlertResult {
	t.Helper()
	rs, err := s.IngestAlerts(context.Background(), in, as)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("got %d results, want 1", len(rs))
	}
	return rs[0]
}

func TestAlertLife(t *testing.T) {
	s, db := newService(t)
	mustComponent(t, s, "api")
	in := mustIntegration(t, s, true)

	r := ingest(t, s, in, firing("a"))
	if r.Action != herald.AlertOpened {
		t.Fatalf("first alert: %+v", r)
	}
	inc, _ := s.Incident(context.Background(), r.IncidentID)
	if inc.Draft || inc.Impact != herald.ImpactCritical || inc.Title != "API down" {
		t.Errorf("incident = %+v", inc)
	}
	if st := componentStatus(t, db, "api"); st != herald.MajorOutage {
		t.Errorf("component is %s, want major_outage", st)
	}
	if r := ingest(t, s, in, firing("a")); r.Action != herald.AlertDuplicate || r.IncidentID != inc.ID {
		t.Errorf("repeat: %+v", r)
	}
	if r := ingest(t, s, in, firing("b")); r.Action != herald.AlertUpdated {
		t.Errorf("second alert of the group: %+v", r)
	}
	if r := ingest(t, s, in, resolved("a")); r.Action != herald.AlertUpdated {
		t.Errorf("one of two recovered: %+v", r)
	}
	if r := ingest(t, s, in, resolved("b")); r.Action != herald.AlertResolved {
		t.Errorf("all recovered: %+v", r)
	}
	inc, _ = s.Incident(context.Background(), inc.ID)
	if inc.Status != herald.Resolved {
		t.Errorf("incident is %s, want resolved", inc.Status)
	}
	if st := componentStatus(t, db, "api"); st != herald.Operational {
		t.Errorf("component is %s, want operational", st)
	}
	if r := ingest(t, s, in, firing("a")); r.Action != herald.AlertOpened || r.IncidentID == inc.ID {
		t.Errorf("firing again after resolution should open a new incident: %+v", r)
	}
}

func TestAlertDraftAndUnknownComponent(t *testing.T) {
	s, _ := newService(t)
	mustComponent(t, s, "api")
	manual := mustIntegration(t, s, false)
	r := ingest(t, s, manual, firing("a"))
	inc, _ := s.Incident(context.Background(), r.IncidentID)
	if !inc.Draft || len(inc.PublicUpdates()) != 0 {
		t.Errorf("without auto_publish the incident must be a draft with no public update: %+v", inc)
	}

	auto := mustIntegration(t, s, true)
	a := firing("x")
	a.Component = "no-such-thing"
	r = ingest(t, s, auto, a)
	inc, _ = s.Incident(context.Background(), r.IncidentID)
	if !inc.Draft || len(inc.Components) != 0 {
		t.Errorf("an alert on an unknown component must wait as a draft: %+v", inc)
	}
	if inc.Impact != herald.ImpactCritical {
		t.Errorf("the unmapped critical alert's draft has impact %q, want critical", inc.Impact)
	}
}

func TestAlertRecoveryForUnknownGroup(t *testing.T) {
	s, db := newService(t)
	in := mustIntegration(t, s, true)
	if r := ingest(t, s, in, resolved("a")); r.Action != herald.AlertIgnored {
		t.Errorf("got %+v, want ignored", r)
	}
	list, _, _ := db.Incidents(context.Background(), herald.FilterAll, herald.ListOptions{Limit: 10})
	if len(list) != 0 {
		t.Errorf("a recovery opened %d incidents", len(list))
	}
}

func TestAlertTwiceAtOnceMakesOneIncident(t *testing.T) {
	s, db := newService(t)
	mustComponent(t, s, "api")
	in := mustIntegration(t, s, true)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := s.IngestAlerts(context.Background(), in, []herald.Alert{firing("a")}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	list, _, err := db.Incidents(context.Background(), herald.FilterAll, herald.ListOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || len(list[0].PublicUpdates()) != 1 {
		t.Fatalf("10 identical alerts at once made %d incidents: %+v", len(list), list)
	}
}
