package alerts

import (
	"fmt"
	"maps"

	"github.com/herald-status/herald/internal/herald"
)

// amPayload is Prometheus Alertmanager's webhook body, version 4. Grafana's
// alerting sends the same shape with a few fields more.
type amPayload struct {
	Version     string            `json:"version"`
	GroupKey    string            `json:"groupKey"`
	Status      string            `json:"status"`
	Receiver    string            `json:"receiver"`
	GroupLabels map[string]string `json:"groupLabels"`
	Alerts      []amAlert         `json:"alerts"`
}

type amAlert struct {
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	StartsAt    flexString        `json:"startsAt"`
	Fingerprint string            `json:"fingerprint"`
}

// ParseAlertmanager reads an Alertmanager webhook. The group key is the
// dedup key and each alert's fingerprint tells it apart; the alert's
// "status" is its signal. Its "component" label names its component, its
// "severity" label sets the impact, and its "summary" and "description"
// annotations become the incident's title and message. Every label is
// there for mapping rules. Alertmanager has no test message of its own.
func ParseAlertmanager(body []byte) (*herald.Parsed, error) {
	var p amPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if p.GroupKey == "" {
		return nil, invalid("groupKey", "is required: is this an Alertmanager webhook?")
	}
	as, err := p.alerts(p.GroupKey)
	if err != nil {
		return nil, err
	}
	return alerts(as...), nil
}

// alerts turns the payload's alerts into Herald's, all in one group.
func (p *amPayload) alerts(group string) ([]herald.Alert, error) {
	if len(p.Alerts) == 0 {
		return nil, invalid("alerts", "lists no alerts")
	}
	out := make([]herald.Alert, 0, len(p.Alerts))
	for i, a := range p.Alerts {
		st, err := state(a.Status)
		if err != nil {
			return nil, invalid(fmt.Sprintf("alerts[%d].status", i), err.Error())
		}
		fp := a.Fingerprint
		if fp == "" {
			fp = labelHash(a.Labels)
		}
		started, _ := parseTime(string(a.StartsAt), "")
		labels := maps.Clone(a.Labels)
		if labels == nil {
			labels = map[string]string{}
		}
		out = append(out, herald.Alert{
			Group: group, Fingerprint: fp, State: st,
			Component:   a.Labels["component"],
			Severity:    a.Labels["severity"],
			Summary:     first(a.Annotations["summary"], a.Annotations["title"], a.Labels["alertname"]),
			Description: first(a.Annotations["description"], a.Annotations["message"]),
			StartsAt:    started,
			Labels:      labels,
		})
	}
	return out, nil
}
