package herald_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// clock is a settable time for the flap window.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClockedService(t *testing.T) (*herald.Service, *clock) {
	s, _ := newService(t)
	c := &clock{time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)}
	s.Now = c.now
	mustComponent(t, s, "api")
	return s, c
}

func newIntegration(t *testing.T, s *herald.Service, in herald.Integration) *herald.Integration {
	t.Helper()
	in.Source, in.Name = herald.SourceGeneric, "Made-up monitor"
	if _, err := s.CreateIntegration(context.Background(), &in); err != nil {
		t.Fatal(err)
	}
	return &in
}

func publicUpdates(t *testing.T, s *herald.Service, id string) []herald.Update {
	t.Helper()
	inc, err := s.Incident(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inc.PublicUpdates()
}

func settle(t *testing.T, s *herald.Service) {
	t.Helper()
	if _, err := s.SettleAlerts(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestAlertFlapping(t *testing.T) {
	s, c := newClockedService(t)
	in := newIntegration(t, s, herald.Integration{AutoPublish: true, FlapWindow: 300})
	r := ingest(t, s, in, firing("a"))
	id := r.IncidentID

	// Five changes within the window notify nobody beyond the first alert.
	for i, a := range []herald.Alert{resolved("a"), firing("a"), resolved("a"), firing("a")} {
		c.advance(time.Minute)
		r := ingest(t, s, in, a)
		if r.IncidentID != id || (r.Action != herald.AlertHeld && r.Action != herald.AlertUpdated) {
			t.Fatalf("change %d: %+v, want held or a note on %s", i, r, id)
		}
	}
	if n := len(publicUpdates(t, s, id)); n != 1 {
		t.Fatalf("%d public updates while flapping, want 1", n)
	}

	// The window ends where it began: still firing, nothing to announce.
	c.advance(2 * time.Minute)
	settle(t, s)
	if n := len(publicUpdates(t, s, id)); n != 1 {
		t.Errorf("%d public updates after a flap that ended firing, want 1", n)
	}

	// A recovery that waits out a later window is announced once it has.
	c.advance(time.Minute)
	if r := ingest(t, s, in, resolved("a")); r.Action != herald.AlertResolved {
		t.Fatalf("recovery outside the window: %+v", r)
	}
	// Firing again just after the resolution is an outage again: the
	// window holds recoveries, never that. The incident reopens at once.
	c.advance(time.Minute)
	if r := ingest(t, s, in, firing("a")); r.Action != herald.AlertUpdated || r.IncidentID != id {
		t.Fatalf("firing again within the window: %+v, want %s reopened at once", r, id)
	}
	if inc, _ := s.Incident(context.Background(), id); inc.Status == herald.Resolved {
		t.Fatalf("the incident stayed resolved while its alert fires")
	}
	c.advance(time.Minute)
	if r := ingest(t, s, in, resolved("a")); r.Action != herald.AlertHeld {
		t.Fatalf("recovering again within the window: %+v, want held", r)
	}
	c.advance(4 * time.Minute)
	settle(t, s)
	ups := publicUpdates(t, s, id)
	if len(ups) != 4 || ups[0].Status != herald.Resolved || ups[1].Status == herald.Resolved {
		t.Errorf("public updates %+v, want opening, resolution, reopening, resolution", ups)
	}
}

func TestAlertFlapHeldRecoveryIsAnnounced(t *testing.T) {
	s, c := newClockedService(t)
	in := newIntegration(t, s, herald.Integration{AutoPublish: true, FlapWindow: 300})
	id := ingest(t, s, in, firing("a")).IncidentID
	c.advance(time.Minute)
	if r := ingest(t, s, in, resolved("a")); r.Action != herald.AlertHeld {
		t.Fatalf("quick recovery: %+v, want held", r)
	}
	settle(t, s) // not due yet
	if inc, _ := s.Incident(context.Background(), id); inc.Status != herald.Investigating {
		t.Fatalf("settled early: %s", inc.Status)
	}
	c.advance(5 * time.Minute)
	settle(t, s)
	inc, _ := s.Incident(context.Background(), id)
	if inc.Status != herald.Resolved || len(inc.PublicUpdates()) != 2 {
		t.Errorf("after the window: %s with %d public updates, want resolved with 2",
			inc.Status, len(inc.PublicUpdates()))
	}
}

func TestAlertEscalationSkipsTheWindow(t *testing.T) {
	s, c := newClockedService(t)
	in := newIntegration(t, s, herald.Integration{AutoPublish: true, FlapWindow: 300})
	minor := firing("a")
	minor.Severity = "warning"
	id := ingest(t, s, in, minor).IncidentID
	c.advance(time.Minute)
	if r := ingest(t, s, in, firing("b")); r.Action != herald.AlertUpdated {
		t.Fatalf("a critical alert: %+v, want updated at once", r)
	}
	inc, _ := s.Incident(context.Background(), id)
	if inc.Impact != herald.ImpactCritical || len(inc.PublicUpdates()) != 2 ||
		inc.Components[0].Status != herald.MajorOutage {
		t.Errorf("escalated incident %+v", inc)
	}
}

func TestAlertResolveToMonitoring(t *testing.T) {
	s, c := newClockedService(t)
	in := newIntegration(t, s, herald.Integration{AutoPublish: true, ResolveTo: herald.Monitoring})
	id := ingest(t, s, in, firing("a")).IncidentID
	c.advance(time.Minute)
	if r := ingest(t, s, in, resolved("a")); r.Action != herald.AlertUpdated {
		t.Fatalf("recovery: %+v", r)
	}
	inc, _ := s.Incident(context.Background(), id)
	if inc.Status != herald.Monitoring || inc.Components[0].Status != herald.Operational {
		t.Fatalf("after recovery: %s, %+v; want monitoring, api operational", inc.Status, inc.Components)
	}
	c.advance(time.Minute)
	if r := ingest(t, s, in, firing("a")); r.IncidentID != id || r.Action != herald.AlertUpdated {
		t.Fatalf("firing again: %+v, want an update of %s", r, id)
	}
	inc, _ = s.Incident(context.Background(), id)
	if inc.Status != herald.Investigating || inc.Components[0].Status != herald.MajorOutage {
		t.Errorf("after firing again: %s, %+v", inc.Status, inc.Components)
	}
}

func TestAlertUnmappedWaitsAsDraft(t *testing.T) {
	s, _ := newClockedService(t)
	in := newIntegration(t, s, herald.Integration{AutoPublish: true})
	a := firing("a")
	a.Component, a.Labels = "", map[string]string{"team": "nobody-maps-this"}
	r := ingest(t, s, in, a)
	inc, _ := s.Incident(context.Background(), r.IncidentID)
	if r.Action != herald.AlertOpened || !inc.Draft || len(inc.Components) != 0 {
		t.Fatalf("unmapped alert: %+v, %+v", r, inc)
	}
	orig := inc.Updates[len(inc.Updates)-1]
	if orig.Kind != herald.KindNote || !strings.Contains(orig.Message, "team=nobody-maps-this") {
		t.Errorf("the tool's text is not kept as a private note: %+v", orig)
	}
}

// reviews records review mails; it fails while fail is set.
type reviews struct {
	mu   sync.Mutex
	sent []*herald.Review
	fail bool
}

func (r *reviews) SendReview(ctx context.Context, rv *herald.Review) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return herald.Unavailable(errors.New("mail is down"), "e-mail")
	}
	r.sent = append(r.sent, rv)
	return nil
}

func TestAlertDraftReviewMail(t *testing.T) {
	s, c := newClockedService(t)
	rv := &reviews{}
	s.Review = rv
	in := newIntegration(t, s, herald.Integration{})
	a := firing("a")
	a.Labels = map[string]string{"region": "eu-1"}
	id := ingest(t, s, in, a).IncidentID
	ingest(t, s, in, a) // a repeat
	if len(rv.sent) != 1 {
		t.Fatalf("%d review mails, want 1", len(rv.sent))
	}
	got := rv.sent[0]
	if got.Incident.ID != id || !got.Incident.Draft || got.Integration.KeyHash != "" ||
		!strings.Contains(got.Original, "region=eu-1") {
		t.Errorf("review %+v", got)
	}

	// A mail that fails is sent again by SettleAlerts, once.
	rv.fail = true
	b := firing("b")
	b.Group = "g2"
	id2 := ingest(t, s, in, b).IncidentID
	rv.fail = false
	settle(t, s)
	if len(rv.sent) != 1 {
		t.Fatalf("settled before the retry was due: %d mails", len(rv.sent))
	}
	c.advance(2 * time.Minute)
	settle(t, s)
	settle(t, s)
	if len(rv.sent) != 2 || rv.sent[1].Incident.ID != id2 {
		t.Errorf("after the retry: %d mails", len(rv.sent))
	}
}
