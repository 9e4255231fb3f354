package alerts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// GenericAlert is the body of POST /v1/integrations/generic: one alert, or
// {"alerts": [...]} for several. Only id and status are required.
//
//	{
//	  "id":          "db-latency",          // dedup key of the alert
//	  "group":       "db",                  // alerts of one group share an incident; default id
//	  "status":      "firing",              // or "resolved"
//	  "component":   "api",                 // a component's id or name
//	  "severity":    "critical",            // critical, major, minor, none, …
//	  "title":       "Database latency",
//	  "description": "p99 above 2s",
//	  "started_at":  "2026-12-03T10:00:00Z" // RFC 3339; default now
//	}
type GenericAlert struct {
	ID          string    `json:"id"`
	Group       string    `json:"group"`
	Status      string    `json:"status"`
	Component   string    `json:"component"`
	Severity    string    `json:"severity"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	StartedAt   time.Time `json:"started_at"`
}

// ParseGeneric reads Herald's own alert format, for any tool that can POST
// JSON.
func ParseGeneric(body []byte) ([]herald.Alert, error) {
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
	return out, nil
}

func (g GenericAlert) alert(prefix string) (herald.Alert, error) {
	if g.ID == "" {
		return herald.Alert{}, invalid(prefix+"id", "is required")
	}
	st, err := state(g.Status)
	if err != nil {
		return herald.Alert{}, invalid(prefix+"status", err.Error())
	}
	group := first(g.Group, g.ID)
	return herald.Alert{
		Group: group, Fingerprint: g.ID, State: st, Component: g.Component,
		Severity: g.Severity, Summary: first(g.Title, g.ID), Description: g.Description,
		StartsAt: g.StartedAt,
	}, nil
}
