package alerts

import (
	"fmt"

	"github.com/herald-status/herald/internal/herald"
)

// kumaPayload is Uptime Kuma's webhook body (its "application/json"
// content type).
type kumaPayload struct {
	Heartbeat *struct {
		MonitorID      int    `json:"monitorID"`
		Status         int    `json:"status"`
		Time           string `json:"time"`
		Msg            string `json:"msg"`
		TimezoneOffset string `json:"timezoneOffset"`
	} `json:"heartbeat"`
	Monitor *struct {
		ID       int    `json:"id"`
		Name     string `json:"name"`
		URL      string `json:"url"`
		Hostname string `json:"hostname"`
		Type     string `json:"type"`
		Tags     []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"tags"`
	} `json:"monitor"`
	Msg string `json:"msg"`
}

// ParseUptimeKuma reads an Uptime Kuma webhook. The monitor is the dedup
// key; a heartbeat with status 0 (down) fires, 1 (up) recovers, and 2
// (pending) or 3 (maintenance) changes nothing. The heartbeat's message is
// the message, and the monitor's name, type, address and tags are labels.
// The heartbeat's time is UTC without a zone. The test the notification
// settings send, with neither heartbeat nor monitor, opens nothing.
func ParseUptimeKuma(body []byte) (*herald.Parsed, error) {
	var p kumaPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if p.Heartbeat == nil && p.Monitor == nil {
		if p.Msg == "" {
			return nil, invalid("heartbeat", "is required: is this an Uptime Kuma webhook?")
		}
		return test("Uptime Kuma's test notification arrived (%q); it opens no incident",
			clipped(p.Msg)), nil
	}
	if p.Heartbeat == nil || p.Monitor == nil {
		return nil, invalid("monitor", "and heartbeat are both required")
	}
	hb, m := p.Heartbeat, p.Monitor
	var st herald.AlertState
	switch hb.Status {
	case 0:
		st = herald.Firing
	case 1:
		st = herald.Recovered
	case 2, 3:
		return ignored("a pending or maintenance heartbeat changes nothing"), nil
	default:
		return nil, invalid("heartbeat.status", "must be 0, 1, 2 or 3")
	}
	labels := map[string]string{}
	setLabel(labels, "monitor_name", m.Name)
	setLabel(labels, "monitor_type", m.Type)
	setLabel(labels, "url", m.URL)
	setLabel(labels, "hostname", m.Hostname)
	for _, t := range m.Tags {
		if t.Name != "" {
			labels[t.Name] = first(t.Value, "true")
		}
	}
	started, _ := parseTime(hb.Time, "")
	key := fmt.Sprintf("monitor-%d", m.ID)
	verb := "is down"
	if st == herald.Recovered {
		verb = "is up"
	}
	return alerts(herald.Alert{
		Group: key, Fingerprint: key, State: st,
		Summary: first(m.Name, key) + " " + verb, Description: first(hb.Msg, p.Msg),
		StartsAt: started, Labels: labels,
	}), nil
}
