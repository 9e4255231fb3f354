package httpapi

import (
	"net/http"
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// What an admin sees of an incident's notifications: for each public
// update, how many deliveries of each channel are sent, failed (waiting
// for a retry), pending (being sent, or owed) and dead; and the deliveries
// that failed or died, with the reasons. Subscribers appear by id, never
// by address.

// maxFailures caps the failures one report lists.
const maxFailures = 100

// deliveryPage is how many deliveries are read from the store at a time:
// the report counts them as it reads, so its memory does not grow with
// the number of subscribers.
const deliveryPage = 1000

// deliveryReport is the body of GET /v1/incidents/{id}/deliveries.
type deliveryReport struct {
	IncidentID        string            `json:"incident_id"`
	Updates           []*updateReport   `json:"updates"`
	Failures          []deliveryFailure `json:"failures"`
	FailuresTruncated bool              `json:"failures_truncated"`
}

// updateReport counts one update's deliveries by channel.
type updateReport struct {
	UpdateID  string                                    `json:"update_id"`
	CreatedAt time.Time                                 `json:"created_at"`
	Channels  map[herald.SubscriberType]*deliveryCounts `json:"channels"`
}

// deliveryCounts counts deliveries by state.
type deliveryCounts struct {
	Sent    int `json:"sent"`
	Failed  int `json:"failed"`
	Pending int `json:"pending"`
	Dead    int `json:"dead"`
}

// deliveryFailure is one delivery that failed or died, and why.
type deliveryFailure struct {
	DeliveryID   string                `json:"delivery_id"`
	UpdateID     string                `json:"update_id"`
	SubscriberID string                `json:"subscriber_id"`
	Channel      herald.SubscriberType `json:"channel"`
	State        herald.DeliveryState  `json:"state"`
	Attempts     int                   `json:"attempts"`
	Error        string                `json:"error"`
	UpdatedAt    time.Time             `json:"updated_at"`
}

// listDeliveries answers the delivery report of an incident, reading its
// deliveries a page at a time.
func (a *api) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	inc, err := a.svc.Incident(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	rep := newDeliveryReport(inc)
	o := herald.ListOptions{Limit: deliveryPage}
	for {
		ds, next, err := a.svc.Store.Deliveries(r.Context(), inc.ID, o)
		if err != nil {
			return err
		}
		for _, d := range ds {
			rep.add(d)
		}
		if next == "" {
			break
		}
		o.Cursor = next
	}
	return writeJSON(w, http.StatusOK, rep)
}

// newDeliveryReport returns an empty report with a line for each public
// update of inc, oldest first.
func newDeliveryReport(inc *herald.Incident) *deliveryReport {
	rep := &deliveryReport{IncidentID: inc.ID, Updates: []*updateReport{},
		Failures: []deliveryFailure{}}
	for _, u := range slices.Backward(inc.Updates) {
		if u.Public() {
			rep.line(u.ID).CreatedAt = u.CreatedAt
		}
	}
	return rep
}

// line returns the report's line of an update, adding it if needed.
func (rep *deliveryReport) line(updateID string) *updateReport {
	i := slices.IndexFunc(rep.Updates, func(u *updateReport) bool { return u.UpdateID == updateID })
	if i >= 0 {
		return rep.Updates[i]
	}
	u := &updateReport{UpdateID: updateID, Channels: map[herald.SubscriberType]*deliveryCounts{
		herald.Email: {}, herald.SMS: {}, herald.Webhook: {},
	}}
	rep.Updates = append(rep.Updates, u)
	return u
}

// add counts d, and lists it if it failed or died.
func (rep *deliveryReport) add(d *herald.Delivery) {
	c := rep.line(d.UpdateID).Channels[d.Channel]
	if c == nil {
		return // a channel this version does not know
	}
	switch d.State {
	case herald.DeliverySent:
		c.Sent++
	case herald.DeliveryFailed:
		c.Failed++
	case herald.DeliveryPending:
		c.Pending++
	case herald.DeliveryDead:
		c.Dead++
	}
	if d.State != herald.DeliveryFailed && d.State != herald.DeliveryDead {
		return
	}
	if len(rep.Failures) == maxFailures {
		rep.FailuresTruncated = true
		return
	}
	rep.Failures = append(rep.Failures, deliveryFailure{DeliveryID: d.ID, UpdateID: d.UpdateID,
		SubscriberID: d.SubscriberID, Channel: d.Channel, State: d.State, Attempts: d.Attempts,
		Error: d.Error, UpdatedAt: d.UpdatedAt})
}
