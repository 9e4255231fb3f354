package alerts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// pdPayload is a PagerDuty v3 webhook: one event.
type pdPayload struct {
	Event struct {
		ID         string `json:"id"`
		EventType  string `json:"event_type"`
		OccurredAt string `json:"occurred_at"`
		Data       struct {
			ID          string `json:"id"`
			Type        string `json:"type"`
			Number      int    `json:"number"`
			Status      string `json:"status"`
			IncidentKey string `json:"incident_key"`
			CreatedAt   string `json:"created_at"`
			Title       string `json:"title"`
			Urgency     string `json:"urgency"`
			HTMLURL     string `json:"html_url"`
			Service     struct {
				ID      string `json:"id"`
				Summary string `json:"summary"`
			} `json:"service"`
			Priority *struct {
				Summary string `json:"summary"`
			} `json:"priority"`
			Teams []struct {
				Summary string `json:"summary"`
			} `json:"teams"`
		} `json:"data"`
	} `json:"event"`
}

// ParsePagerDuty reads a PagerDuty v3 webhook after checking its
// X-PagerDuty-Signature, an HMAC-SHA256 of the body under the webhook
// subscription's secret, which the integration must hold as its
// signing_secret. The PagerDuty incident is the dedup key;
// incident.triggered and incident.reopened fire, incident.resolved
// recovers, and other events change nothing. The priority (P1…), or else
// the urgency, is the severity; the service and teams are labels. The
// test event, pagey.ping, opens nothing.
func ParsePagerDuty(_ context.Context, in *herald.Intake) (*herald.Parsed, error) {
	if in.Secret == "" {
		return nil, &herald.Error{Code: herald.EUNAUTHORIZED, Field: "signing_secret",
			Message: "this integration has no signing secret yet: set the webhook " +
				"subscription's secret as signing_secret with PATCH /v1/integrations/{id}"}
	}
	if !pdSigned(in.Body, in.Header("X-PagerDuty-Signature"), in.Secret) {
		return nil, &herald.Error{Code: herald.EUNAUTHORIZED, Field: "X-PagerDuty-Signature",
			Message: "the X-PagerDuty-Signature header does not verify with the signing secret"}
	}
	var p pdPayload
	if err := decodeBody(in.Body, &p); err != nil {
		return nil, err
	}
	ev, d := &p.Event, &p.Event.Data
	var st herald.AlertState
	switch ev.EventType {
	case "pagey.ping":
		return test("PagerDuty's ping arrived, signed with the right secret; it opens no incident"), nil
	case "incident.triggered", "incident.reopened":
		st = herald.Firing
	case "incident.resolved":
		st = herald.Recovered
	case "":
		return nil, invalid("event.event_type", "is required: is this a PagerDuty v3 webhook?")
	default:
		return ignored("PagerDuty's %s event changes nothing on the status page", clipped(ev.EventType)), nil
	}
	if d.ID == "" {
		return nil, invalid("event.data.id", "is required")
	}
	labels := map[string]string{}
	setLabel(labels, "service", d.Service.Summary)
	setLabel(labels, "service_id", d.Service.ID)
	setLabel(labels, "urgency", d.Urgency)
	severity := d.Urgency
	if d.Priority != nil && d.Priority.Summary != "" {
		severity = d.Priority.Summary
		setLabel(labels, "priority", severity)
	}
	for _, t := range d.Teams {
		addTags(labels, "team:"+t.Summary)
	}
	started, _ := parseTime(first(d.CreatedAt, ev.OccurredAt), "")
	return alerts(herald.Alert{
		Group: d.ID, Fingerprint: d.ID, State: st, Severity: severity,
		Component: "", Summary: first(d.Title, "PagerDuty incident "+d.ID),
		Description: strings.TrimSpace(d.Title + "\n\nService: " + d.Service.Summary),
		StartsAt:    started, Labels: labels,
	}), nil
}

// pdSigned reports whether one of the header's v1= signatures is the
// HMAC-SHA256 of body under secret. PagerDuty sends several while a
// secret is being rotated.
func pdSigned(body []byte, header, secret string) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, sig := range strings.Split(header, ",") {
		hexSig, ok := strings.CutPrefix(strings.TrimSpace(sig), "v1=")
		if !ok {
			continue
		}
		got, err := hex.DecodeString(hexSig)
		if err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}
