package alerts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/herald-status/herald/internal/herald"
)

// GenericAlert is the body of POST /v1/integrations/generic: one alert, or
// {"alerts": [...]} for several. Only id and status are required.
//
//	{
//	  "id":          "db-latency",           // dedup key of the alert
//	  "group":       "db",                   // alerts of one group share an incident; default id
//	  "status":      "firing",               // or "resolved"
//	  "component":   "api",                  // a component's id or name
//	  "severity":    "critical",             // critical, major, minor, none, …
//	  "title":       "Database latency",
//	  "description": "p99 above 2s",
//	  "started_at":  "2026-12-03T10:00:00Z", // RFC 3339, or Unix seconds or ms; default now
//	  "labels":      {"team": "storage"}     // for mapping rules
//	}
type GenericAlert struct {
	ID          string            `json:"id"`
	Group       string            `json:"group"`
	Status      string            `json:"status"`
	Component   string            `json:"component"`
	Severity    string            `json:"severity"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	StartedAt   flexString        `json:"started_at"`
	Labels      map[string]string `json:"labels"`
}

// ParseGeneric reads Herald's own alert format, for any tool that can POST
// JSON. It has no test message: a tool tests it with a real alert.
func ParseGeneric(body []byte) (*herald.Parsed, error) {
	var list struct {
		Alerts []GenericAlert `json:"alerts"`
	}
	body = bytes.TrimSpace(body)
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, badBody(err)
	}
	field := "alerts"
	if list.Alerts == nil {
		var one GenericAlert
		if err := json.Unmarshal(body, &one); err != nil {
			return nil, badBody(err)
		}
		list.Alerts, field = []GenericAlert{one}, ""
	}
	if len(list.Alerts) == 0 {
		return nil, invalid("alerts", "lists no alerts")
	}
	out := make([]herald.Alert, 0, len(list.Alerts))
	for i, g := range list.Alerts {
		prefix := ""
		if field != "" {
			prefix = fmt.Sprintf("alerts[%d].", i)
		}
		a, err := g.alert(prefix)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return alerts(out...), nil
}

func (g GenericAlert) alert(prefix string) (herald.Alert, error) {
	if first(g.ID) == "" {
		return herald.Alert{}, invalid(prefix+"id", "is required")
	}
	st, err := state(g.Status)
	if err != nil {
		return herald.Alert{}, invalid(prefix+"status", err.Error())
	}
	var started herald.Alert
	if g.StartedAt != "" {
		t, ok := parseTime(string(g.StartedAt), "")
		if !ok {
			return herald.Alert{}, invalid(prefix+"started_at", "must be an RFC 3339 time "+
				"such as 2026-01-02T15:04:05Z, or Unix time")
		}
		started.StartsAt = t
	}
	labels := maps.Clone(g.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	return herald.Alert{
		Group: first(g.Group, g.ID), Fingerprint: first(g.ID), State: st, Component: g.Component,
		Severity: g.Severity, Summary: first(g.Title, g.ID), Description: g.Description,
		StartsAt: started.StartsAt, Labels: labels,
	}, nil
}
