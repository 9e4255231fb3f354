package storetest

import (
	"fmt"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// base is when the fixtures happen. Its nanoseconds check that a store
// keeps time to the nanosecond.
var base = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

// zone is not UTC: times given in it must come back equal, in UTC.
var zone = time.FixedZone("UTC+05:30", 5*3600+30*60)

// at returns the time min minutes after base.
func at(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }

func newComponent(id, name string, pos int) *herald.Component {
	return &herald.Component{
		ID: id, Name: name, Description: "The " + name + " service.", Group: "Core",
		Position: pos, Status: herald.Operational, CreatedAt: base, UpdatedAt: base,
	}
}

// newIncident returns a published, investigating incident created at the
// given time, affecting the components named.
func newIncident(id string, created time.Time, components ...string) *herald.Incident {
	inc := &herald.Incident{
		ID: id, Title: "Elevated error rates (" + id + ")",
		Status: herald.Investigating, Impact: herald.ImpactMinor,
		Category: "availability", ReportedBy: "Avery Example",
		StartedAt: created.Add(-time.Minute), CreatedAt: created, UpdatedAt: created,
		PublishedAt: &created,
	}
	for _, c := range components {
		inc.Components = append(inc.Components,
			herald.AffectedComponent{ID: c, Status: herald.PartialOutage})
	}
	inc.Updates = []herald.Update{{
		ID: id + "-u1", Kind: herald.KindCreated, Status: herald.Investigating,
		Message: "We are looking into errors.", Components: inc.Components, CreatedAt: created,
	}}
	return inc
}

// addUpdate puts a public update on inc's timeline, newest first, moving
// it to status.
func addUpdate(inc *herald.Incident, status herald.IncidentStatus, when time.Time) {
	kind := herald.KindUpdated
	if status == herald.Resolved {
		kind = herald.KindResolved
		inc.ResolvedAt = &when
	}
	u := herald.Update{
		ID: fmt.Sprintf("%s-u%d", inc.ID, len(inc.Updates)+1), Kind: kind, Status: status,
		Message: "Status is now " + string(status) + ".", CreatedAt: when,
	}
	inc.Updates = append([]herald.Update{u}, inc.Updates...)
	inc.Status, inc.UpdatedAt = status, when
}

func newGroup(key, incidentID string) *herald.AlertGroup {
	return &herald.AlertGroup{
		Key: key, IncidentID: incidentID,
		Alerts: map[string]herald.AlertState{"fp-1": herald.Firing}, UpdatedAt: base,
	}
}

// newSubscriber returns an e-mail subscriber numbered n.
func newSubscriber(id string, n int, state herald.SubscriberState) *herald.Subscriber {
	return &herald.Subscriber{
		ID: id, Type: herald.Email, Address: fmt.Sprintf("reader%d@example.com", n),
		State: state, Consented: true, CreatedAt: base, UpdatedAt: base,
	}
}

func newDelivery(incidentID, updateID, subscriberID string) *herald.Delivery {
	return &herald.Delivery{
		ID:         herald.DeliveryID(updateID, subscriberID, herald.Email),
		IncidentID: incidentID, UpdateID: updateID, SubscriberID: subscriberID,
		Channel: herald.Email, State: herald.DeliveryPending, CreatedAt: base, UpdatedAt: base,
	}
}
