package alerts

import (
	"regexp"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// datadogPayload is the body that the template in
// infra/examples/datadog-webhook.json makes Datadog's webhook send: its
// $VARIABLES, under Herald's names.
type datadogPayload struct {
	ID         flexString `json:"id"`
	AlertID    flexString `json:"alert_id"`
	Aggregate  string     `json:"aggregate"`
	Transition string     `json:"transition"`
	Type       string     `json:"type"`
	Priority   string     `json:"priority"`
	Title      string     `json:"title"`
	AlertTitle string     `json:"alert_title"`
	Message    string     `json:"message"`
	Status     string     `json:"status"`
	Scope      string     `json:"scope"`
	Tags       string     `json:"tags"`
	Hostname   string     `json:"hostname"`
	Date       flexString `json:"date"`
	Link       string     `json:"link"`
}

// ParseDatadog reads a Datadog monitor's webhook. The monitor ($ALERT_ID)
// is the dedup key, so that one monitor is one incident, and the
// aggregation key tells a multi-alert monitor's groups apart.
// $ALERT_TRANSITION is the signal: Recovered recovers, Triggered, Warn and
// No Data (and their Re- forms) fire. $ALERT_TYPE (error, warning) is the
// severity; $ALERT_PRIORITY, the scope and the tags are labels. $DATE is in
// epoch milliseconds. A monitor's "Test Notifications" ([TEST] in the
// title) and the raw template with its $VARIABLES unfilled open nothing.
func ParseDatadog(body []byte) (*herald.Parsed, error) {
	var p datadogPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if strings.Contains(string(p.AlertID)+p.Transition+p.Title, "$") {
		return test("the payload still holds Datadog's $VARIABLES: Datadog fills them in " +
			"when a monitor notifies; this opens no incident"), nil
	}
	if strings.HasPrefix(strings.TrimSpace(first(p.Title, p.AlertTitle)), "[TEST]") {
		return test("Datadog's test notification arrived; it opens no incident"), nil
	}
	if first(string(p.AlertID)) == "" {
		return nil, invalid("alert_id", "is required: paste the body template of "+
			"infra/examples/datadog-webhook.json into the webhook")
	}
	st, err := datadogState(p.Transition)
	if err != nil {
		return nil, invalid("transition", err.Error())
	}
	labels := map[string]string{}
	setLabel(labels, "monitor_id", string(p.AlertID))
	setLabel(labels, "priority", p.Priority)
	setLabel(labels, "hostname", p.Hostname)
	setLabel(labels, "transition", p.Transition)
	addTags(labels, strings.Split(p.Tags, ",")...)
	addTags(labels, strings.Split(p.Scope, ",")...)
	started, _ := parseTime(string(p.Date), "")
	return alerts(herald.Alert{
		Group:       "monitor-" + string(p.AlertID),
		Fingerprint: first(p.Aggregate, p.Scope, string(p.AlertID)),
		State:       st, Severity: p.Type,
		Summary:     first(datadogTitle(first(p.AlertTitle, p.Title)), "Datadog monitor "+string(p.AlertID)),
		Description: first(datadogMessage(p.Message), p.Status), StartsAt: started, Labels: labels,
	}), nil
}

// mention is a Datadog notification handle such as @webhook-herald or
// @ops@example.com: routing for Datadog, noise (or an address) to users.
var mention = regexp.MustCompile(`(^|\s)@[\w.+-]+(@[\w.-]+)?`)

// datadogMessage drops the @-handles a monitor's message uses to route
// its notifications, and the blank space they leave.
func datadogMessage(m string) string {
	lines := strings.Split(mention.ReplaceAllString(m, "$1"), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func datadogState(transition string) (herald.AlertState, error) {
	t := strings.ToLower(strings.TrimSpace(transition))
	t = strings.TrimPrefix(t, "re-")
	switch t {
	case "triggered", "warn", "no data", "renotify":
		return herald.Firing, nil
	case "recovered":
		return herald.Recovered, nil
	}
	return state(transition)
}

// datadogTitle drops the "[Triggered on …]" prefix Datadog puts on titles,
// which would otherwise name the first transition forever.
func datadogTitle(t string) string {
	t = strings.TrimSpace(t)
	if strings.HasPrefix(t, "[") {
		if i := strings.Index(t, "] "); i > 0 {
			return strings.TrimSpace(t[i+2:])
		}
	}
	return t
}
