package alerts

import (
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// uptimeRobotPayload is the body that the template in
// infra/examples/uptimerobot-webhook.json makes an UptimeRobot webhook
// alert contact send: its *variables*, under Herald's names.
type uptimeRobotPayload struct {
	MonitorID   flexString `json:"monitor_id"`
	MonitorURL  string     `json:"monitor_url"`
	MonitorName string     `json:"monitor_name"`
	AlertType   flexString `json:"alert_type"`
	TypeName    string     `json:"alert_type_name"`
	Details     string     `json:"details"`
	Time        flexString `json:"time"`
}

// ParseUptimeRobot reads an UptimeRobot webhook. The monitor is the dedup
// key; alert_type 1 (down) fires, 2 (up) recovers and 3 (an SSL
// certificate about to expire) opens nothing. The details are the message
// and the monitor's name and URL are labels; *alertDateTime* is Unix time
// in seconds. A body with its *variables* unfilled, as the raw template
// is, opens nothing.
func ParseUptimeRobot(body []byte) (*herald.Parsed, error) {
	var p uptimeRobotPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if strings.Contains(string(p.MonitorID)+string(p.AlertType), "*") {
		return test("the payload still holds UptimeRobot's *variables*: UptimeRobot fills " +
			"them in when a monitor alerts; this opens no incident"), nil
	}
	if first(string(p.MonitorID)) == "" {
		return nil, invalid("monitor_id", "is required: paste the POST value of "+
			"infra/examples/uptimerobot-webhook.json into the alert contact")
	}
	var st herald.AlertState
	switch first(string(p.AlertType)) {
	case "1":
		st = herald.Firing
	case "2":
		st = herald.Recovered
	case "3":
		return ignored("a notice of an SSL certificate's expiry opens no incident"), nil
	default:
		return nil, invalid("alert_type", "must be 1 (down), 2 (up) or 3 (SSL expiry)")
	}
	labels := map[string]string{}
	setLabel(labels, "monitor_name", p.MonitorName)
	setLabel(labels, "monitor_url", p.MonitorURL)
	started, _ := parseTime(string(p.Time), "")
	key := "monitor-" + string(p.MonitorID)
	return alerts(herald.Alert{
		Group: key, Fingerprint: key, State: st,
		Summary:     first(p.MonitorName, key) + " is " + strings.ToLower(first(p.TypeName, string(st))),
		Description: p.Details, StartsAt: started, Labels: labels,
	}), nil
}
