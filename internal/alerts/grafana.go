package alerts

import (
	"github.com/herald-status/herald/internal/herald"
)

// grafanaPayload is Grafana alerting's webhook body: Alertmanager's, with
// a title, a message and an organisation.
type grafanaPayload struct {
	amPayload
	OrgID   int    `json:"orgId"`
	Title   string `json:"title"`
	State   string `json:"state"`
	Message string `json:"message"`
}

// ParseGrafana reads a Grafana alerting webhook as ParseAlertmanager reads
// Alertmanager's: the group key (or, failing it, the receiver and group
// labels) is the dedup key and fingerprints tell alerts apart. The test
// a contact point sends, one alert named TestAlert from the instance
// Grafana, opens nothing.
func ParseGrafana(body []byte) (*herald.Parsed, error) {
	var p grafanaPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if len(p.Alerts) == 0 {
		return nil, invalid("alerts", "lists no alerts: is this a Grafana alerting webhook?")
	}
	if isGrafanaTest(p.Alerts) {
		return test("Grafana's test notification arrived; it opens no incident"), nil
	}
	group := p.GroupKey
	if group == "" {
		group = "grafana/" + p.Receiver + "/" + labelHash(p.GroupLabels)
	}
	as, err := p.alerts(group)
	if err != nil {
		return nil, err
	}
	for i := range as {
		if as[i].Description == "" && len(as) == 1 {
			as[i].Description = p.Message
		}
	}
	return alerts(as...), nil
}

// isGrafanaTest reports whether the alerts are the one Grafana's "Test"
// button sends.
func isGrafanaTest(as []amAlert) bool {
	return len(as) == 1 && as[0].Labels["alertname"] == "TestAlert" &&
		as[0].Labels["instance"] == "Grafana"
}
