package alerts

import (
	"encoding/json"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// newRelicPayload is the body of a New Relic workflow's webhook with the
// default payload template; infra/examples/newrelic-webhook.hbs adds
// the condition's description and the issue's tags.
type newRelicPayload struct {
	ID                  string          `json:"id"`
	IssueURL            string          `json:"issueUrl"`
	Title               string          `json:"title"`
	Priority            string          `json:"priority"`
	State               string          `json:"state"`
	ImpactedEntities    json.RawMessage `json:"impactedEntities"`
	CreatedAt           flexString      `json:"createdAt"`
	AlertPolicyNames    []string        `json:"alertPolicyNames"`
	AlertConditionNames []string        `json:"alertConditionNames"`
	Description         []string        `json:"conditionDescription"`
	Tags                []string        `json:"tags"`
	WorkflowName        string          `json:"workflowName"`
}

// ParseNewRelic reads a New Relic workflow webhook. The issue id is the
// dedup key; state CREATED or ACTIVATED fires, CLOSED recovers and
// ACKNOWLEDGED changes nothing. priority (CRITICAL, HIGH, MEDIUM, LOW) is
// the severity; the policies, conditions, entities and tags are labels.
// createdAt is in epoch milliseconds. A body with its {{variables}}
// unfilled opens nothing.
func ParseNewRelic(body []byte) (*herald.Parsed, error) {
	var p newRelicPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if strings.Contains(p.ID+p.State, "{{") {
		return test("the payload still holds New Relic's {{variables}}: New Relic fills " +
			"them in when a workflow notifies; this opens no incident"), nil
	}
	if first(p.ID) == "" {
		return nil, invalid("id", "is required: is this a New Relic workflow webhook?")
	}
	var st herald.AlertState
	switch strings.ToUpper(strings.TrimSpace(p.State)) {
	case "CREATED", "ACTIVATED":
		st = herald.Firing
	case "CLOSED":
		st = herald.Recovered
	case "ACKNOWLEDGED":
		return ignored("New Relic issue %s was acknowledged; that changes nothing", p.ID), nil
	default:
		return nil, invalid("state", "must be CREATED, ACTIVATED, ACKNOWLEDGED or CLOSED")
	}
	labels := map[string]string{}
	setLabel(labels, "priority", p.Priority)
	setLabel(labels, "workflow", p.WorkflowName)
	setLabel(labels, "policy", strings.Join(p.AlertPolicyNames, ","))
	setLabel(labels, "condition", strings.Join(p.AlertConditionNames, ","))
	setLabel(labels, "entity", strings.Join(entityNames(p.ImpactedEntities), ","))
	addTags(labels, p.Tags...)
	started, _ := parseTime(string(p.CreatedAt), "")
	return alerts(herald.Alert{
		Group: p.ID, Fingerprint: p.ID, State: st, Severity: p.Priority,
		Summary:     first(p.Title, strings.Join(p.AlertConditionNames, ", "), "New Relic issue "+p.ID),
		Description: strings.Join(p.Description, "\n"), StartsAt: started, Labels: labels,
	}), nil
}

// entityNames reads impactedEntities, which is a list of names, or a
// single name.
func entityNames(raw json.RawMessage) []string {
	var names []string
	if json.Unmarshal(raw, &names) == nil {
		return names
	}
	var one string
	if json.Unmarshal(raw, &one) == nil && one != "" {
		return []string{one}
	}
	return nil
}
