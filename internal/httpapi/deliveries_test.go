package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// deliveryReport is the body of GET /v1/incidents/{id}/deliveries as a
// client reads it.
type deliveryReport struct {
	IncidentID string `json:"incident_id"`
	Updates    []struct {
		UpdateID string                    `json:"update_id"`
		Channels map[string]map[string]int `json:"channels"`
	}
	Failures []struct {
		DeliveryID   string `json:"delivery_id"`
		SubscriberID string `json:"subscriber_id"`
		Channel      string
		State        string
		Error        string
		Attempts     int
	}
	FailuresTruncated bool `json:"failures_truncated"`
}

func TestDeliveries(t *testing.T) {
	e := newEnv(t)
	inc := e.mustCreateIncident(t, map[string]any{"title": "Slow API", "message": "Looking."})
	rec := e.do(t, "POST", "/v1/incidents/"+inc.ID+"/updates",
		map[string]any{"status": "identified", "message": "Found it."})
	mustStatus(t, rec, http.StatusCreated)
	inc = decodeAs[herald.Incident](t, rec)
	first, second := inc.Updates[1].ID, inc.Updates[0].ID

	// 120 e-mails of the first update sent, an SMS dead with a reason and
	// one being sent, and 3 webhooks of the second failed, waiting for a
	// retry.
	var ds []*herald.Delivery
	add := func(u, sub string, ch herald.SubscriberType, st herald.DeliveryState, why string) {
		ds = append(ds, &herald.Delivery{ID: herald.DeliveryID(u, sub, ch), IncidentID: inc.ID,
			UpdateID: u, SubscriberID: sub, Channel: ch, State: st, Attempts: 1, Error: why,
			CreatedAt: time.Now(), UpdatedAt: time.Now()})
	}
	for i := range 120 {
		add(first, fmt.Sprintf("sub_e%03d", i), herald.Email, herald.DeliverySent, "")
	}
	add(first, "sub_s1", herald.SMS, herald.DeliveryDead, "unprocessable: the number is not valid")
	add(first, "sub_s2", herald.SMS, herald.DeliveryPending, "")
	for i := range 3 {
		add(second, fmt.Sprintf("sub_w%03d", i), herald.Webhook, herald.DeliveryFailed,
			"unavailable: the webhook receiver answered 503 Service Unavailable; will retry")
	}
	if _, err := e.db.ClaimDeliveries(t.Context(), ds); err != nil {
		t.Fatal(err)
	}

	rec = e.do(t, "GET", "/v1/incidents/"+inc.ID+"/deliveries", nil)
	mustStatus(t, rec, http.StatusOK)
	rep := decodeAs[deliveryReport](t, rec)
	if rep.IncidentID != inc.ID || len(rep.Updates) != 2 || rep.Updates[0].UpdateID != first ||
		rep.Updates[1].UpdateID != second {
		t.Fatalf("report of %s with updates %+v", rep.IncidentID, rep.Updates)
	}
	want := []map[string]map[string]int{{
		"email":   {"sent": 120, "failed": 0, "pending": 0, "dead": 0},
		"sms":     {"sent": 0, "failed": 0, "pending": 1, "dead": 1},
		"webhook": {"sent": 0, "failed": 0, "pending": 0, "dead": 0},
	}, {
		"email":   {"sent": 0, "failed": 0, "pending": 0, "dead": 0},
		"sms":     {"sent": 0, "failed": 0, "pending": 0, "dead": 0},
		"webhook": {"sent": 0, "failed": 3, "pending": 0, "dead": 0},
	}}
	for i, u := range rep.Updates {
		if fmt.Sprint(u.Channels) != fmt.Sprint(want[i]) {
			t.Errorf("update %d counts %v, want %v", i+1, u.Channels, want[i])
		}
	}
	failures := map[string]string{}
	for _, f := range rep.Failures {
		failures[f.DeliveryID] = fmt.Sprintf("%s %s %s %d %s", f.SubscriberID, f.Channel, f.State,
			f.Attempts, f.Error)
	}
	if len(failures) != 4 || rep.FailuresTruncated ||
		failures[herald.DeliveryID(first, "sub_s1", herald.SMS)] !=
			"sub_s1 sms dead 1 unprocessable: the number is not valid" ||
		!strings.HasPrefix(failures[herald.DeliveryID(second, "sub_w002", herald.Webhook)],
			"sub_w002 webhook failed 1 unavailable: the webhook receiver answered 503") {
		t.Errorf("failures %v, truncated %v", failures, rep.FailuresTruncated)
	}
	if strings.Contains(rec.Body.String(), "@") || strings.Contains(rec.Body.String(), "+1555") {
		t.Errorf("the report shows an address: %s", rec.Body)
	}
}

func TestDeliveriesTruncated(t *testing.T) {
	e := newEnv(t)
	inc := e.mustCreateIncident(t, map[string]any{"title": "Slow API", "message": "Looking."})
	var ds []*herald.Delivery
	for i := range 150 {
		sub := fmt.Sprintf("sub_w%03d", i)
		ds = append(ds, &herald.Delivery{ID: herald.DeliveryID(inc.Updates[0].ID, sub,
			herald.Webhook), IncidentID: inc.ID, UpdateID: inc.Updates[0].ID, SubscriberID: sub,
			Channel: herald.Webhook, State: herald.DeliveryDead, Attempts: 12, Error: "timeout"})
	}
	if _, err := e.db.ClaimDeliveries(t.Context(), ds); err != nil {
		t.Fatal(err)
	}
	rec := e.do(t, "GET", "/v1/incidents/"+inc.ID+"/deliveries", nil)
	mustStatus(t, rec, http.StatusOK)
	rep := decodeAs[deliveryReport](t, rec)
	if len(rep.Failures) != 100 || !rep.FailuresTruncated ||
		rep.Updates[0].Channels["webhook"]["dead"] != 150 {
		t.Errorf("%d failures, truncated %v, counts %v; want 100 of 150 dead, truncated",
			len(rep.Failures), rep.FailuresTruncated, rep.Updates[0].Channels)
	}
}

func TestDeliveriesErr(t *testing.T) {
	e := newEnv(t)
	rec := e.do(t, "GET", "/v1/incidents/INC-9999/deliveries", nil)
	mustProblem(t, rec, http.StatusNotFound, "")
	inc := e.mustCreateIncident(t, map[string]any{"title": "Slow API", "message": "Looking."})
	rec = mustDo(t, e.h, "GET", "/v1/incidents/"+inc.ID+"/deliveries", "", nil)
	mustProblem(t, rec, http.StatusUnauthorized, "")
}
