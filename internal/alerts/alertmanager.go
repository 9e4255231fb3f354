package alerts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// amPayload is Prometheus Alertmanager's webhook body, version 4.
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
	StartsAt    time.Time         `json:"startsAt"`
	Fingerprint string            `json:"fingerprint"`
}

// ParseAlertmanager reads an Alertmanager webhook. The group key is the
// dedup key; an alert's "component" label names its component, its
// "severity" label sets the impact, and its "summary" and "description"
// annotations become the incident's title and message.
func ParseAlertmanager(body []byte) ([]herald.Alert, error) {
	var p amPayload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, badBody(err)
	}
	if p.GroupKey == "" {
		return nil, invalid("groupKey", "is required: is this an Alertmanager webhook?")
	}
	if len(p.Alerts) == 0 {
		return nil, invalid("alerts", "lists no alerts")
	}
	out := make([]herald.Alert, 0, len(p.Alerts))
	for i, a := range p.Alerts {
		st, err := state(a.Status)
		if err != nil {
			return nil, invalid(fmt.Sprintf("alerts[%d].status", i), err.Error())
		}
		out = append(out, herald.Alert{
			Group:       p.GroupKey,
			Fingerprint: fingerprint(a),
			State:       st,
			Component:   a.Labels["component"],
			Severity:    a.Labels["severity"],
			Summary:     first(a.Annotations["summary"], a.Annotations["title"], a.Labels["alertname"]),
			Description: first(a.Annotations["description"], a.Annotations["message"]),
			StartsAt:    a.StartsAt,
		})
	}
	return out, nil
}

// fingerprint is Alertmanager's own, or a hash of the labels for senders
// that leave it out.
func fingerprint(a amAlert) string {
	if a.Fingerprint != "" {
		return a.Fingerprint
	}
	keys := make([]string, 0, len(a.Labels))
	for k := range a.Labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%q\n", k, a.Labels[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func state(s string) (herald.AlertState, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "firing", "alerting", "triggered", "open", "down", "problem":
		return herald.Firing, nil
	case "resolved", "ok", "recovered", "closed", "up":
		return herald.Recovered, nil
	}
	return "", fmt.Errorf("must be firing or resolved, not %q", clipped(s))
}

func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func invalid(field, msg string) error {
	return &herald.Error{Code: herald.EINVALID, Field: field, Message: field + " " + msg}
}

func badBody(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return &herald.Error{Code: herald.EINVALID, Field: te.Field,
			Message: te.Field + " has the wrong type", Err: err}
	}
	return &herald.Error{Code: herald.EINVALID, Message: "the body is not valid JSON", Err: err}
}

func clipped(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
