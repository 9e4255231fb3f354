package alerts

import (
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// pingdomPayload is the body of Pingdom's webhook integration.
type pingdomPayload struct {
	CheckID     flexString `json:"check_id"`
	CheckName   string     `json:"check_name"`
	CheckType   string     `json:"check_type"`
	CheckParams struct {
		Hostname string `json:"hostname"`
		FullURL  string `json:"full_url"`
	} `json:"check_params"`
	Tags            []string   `json:"tags"`
	PreviousState   string     `json:"previous_state"`
	CurrentState    string     `json:"current_state"`
	Importance      string     `json:"importance_level"`
	ChangedAt       flexString `json:"state_changed_timestamp"`
	ChangedUTC      string     `json:"state_changed_utc_time"`
	LongDescription string     `json:"long_description"`
	Description     string     `json:"description"`
}

// ParsePingdom reads a Pingdom webhook. The check is the dedup key;
// current_state DOWN (or FAILING, for a transaction check) fires and UP
// (or SUCCESS) recovers. importance_level is the severity, the check's
// name, type, host and tags are labels, and the long description is the
// message. state_changed_utc_time is a time without a zone, in UTC.
// Pingdom's integration page has no test button; a check paused and
// resumed tests it with real alerts.
func ParsePingdom(body []byte) (*herald.Parsed, error) {
	var p pingdomPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if first(string(p.CheckID)) == "" {
		return nil, invalid("check_id", "is required: is this a Pingdom webhook?")
	}
	var st herald.AlertState
	switch strings.ToUpper(strings.TrimSpace(p.CurrentState)) {
	case "DOWN", "FAILING":
		st = herald.Firing
	case "UP", "SUCCESS":
		st = herald.Recovered
	default:
		return nil, invalid("current_state", "must be DOWN, UP, FAILING or SUCCESS, not "+
			`"`+clipped(p.CurrentState)+`"`)
	}
	labels := map[string]string{}
	setLabel(labels, "check_name", p.CheckName)
	setLabel(labels, "check_type", p.CheckType)
	setLabel(labels, "hostname", p.CheckParams.Hostname)
	setLabel(labels, "importance_level", p.Importance)
	addTags(labels, p.Tags...)
	started, ok := parseTime(p.ChangedUTC, "")
	if !ok {
		started, _ = parseTime(string(p.ChangedAt), "")
	}
	key := "check-" + string(p.CheckID)
	return alerts(herald.Alert{
		Group: key, Fingerprint: key, State: st, Severity: p.Importance,
		Summary:     first(p.CheckName, key) + " is " + strings.ToLower(p.CurrentState),
		Description: first(p.LongDescription, p.Description), StartsAt: started, Labels: labels,
	}), nil
}
