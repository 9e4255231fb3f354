package herald

import (
	"strings"
	"time"
)

// AlertState says whether an alert is firing or has recovered.
type AlertState string

// The alert states.
const (
	Firing    AlertState = "firing"
	Recovered AlertState = "resolved"
)

// Alert is one alert from a monitoring tool, in Herald's terms. Adapters
// turn each tool's payload into alerts.
type Alert struct {
	// Group is the tool's key for the incident: alerts of one group share
	// one incident. Fingerprint tells the alerts within a group apart.
	Group       string
	Fingerprint string
	State       AlertState
	Component   string // a component's id or name, as the tool spells it
	Severity    string // the tool's word; see ImpactOf
	Summary     string
	Description string
	StartsAt    time.Time

	// Labels are the alert's labels, tags and fields by name, for mapping
	// rules to match: an Alertmanager label, a Datadog tag "env:prod" as
	// env=prod, a bare tag as its name with the value "true".
	Labels map[string]string
}

// Label returns the value of an alert's label, with "component" and
// "severity" falling back to the alert's own fields.
func (a *Alert) Label(name string) (string, bool) {
	if v, ok := a.Labels[name]; ok {
		return v, true
	}
	switch name {
	case "component":
		return a.Component, a.Component != ""
	case "severity":
		return a.Severity, a.Severity != ""
	}
	return "", false
}

// ImpactOf maps a monitoring tool's severity word to an impact.
func ImpactOf(severity string) Impact {
	switch strings.ToLower(strings.TrimSpace(severity)) {
	case "critical", "crit", "fatal", "emergency", "disaster", "page", "p1":
		return ImpactCritical
	case "major", "error", "high", "p2":
		return ImpactMajor
	case "none", "info", "information", "informational", "ok", "not classified":
		return ImpactNone
	}
	return ImpactMinor
}

// ComponentStatusOf maps an impact to the status an alert puts its
// component in.
func ComponentStatusOf(i Impact) ComponentStatus {
	switch i {
	case ImpactCritical:
		return MajorOutage
	case ImpactMajor:
		return PartialOutage
	case ImpactNone:
		return Operational
	}
	return DegradedPerformance
}

// AlertGroup ties a tool's alert group to the incident it opened. It keeps
// the last known state of each alert in it, which is the truth the tool
// told; the incident is what was announced of it. A repeat changes
// nothing, and the last recovery resolves the incident.
type AlertGroup struct {
	Key        string                `json:"key"` // integration id + "/" + group
	IncidentID string                `json:"incident_id"`
	Alerts     map[string]AlertState `json:"alerts"`

	// Info says, for each alert by fingerprint, what the integration's
	// mapping made of it when it last fired.
	Info map[string]AlertInfo `json:"info,omitempty"`

	// NotifiedAt is when the group's alerts last changed the incident in
	// a way subscribers heard of; the flap window counts from it.
	NotifiedAt time.Time `json:"notified_at,omitzero"`

	// Held says a change is waiting out the flap window, and ReviewDue
	// that the admins have not yet been told of the draft the group
	// opened. DueAt is when SettleAlerts should look at the group again;
	// nil when nothing waits.
	Held      bool       `json:"held,omitempty"`
	ReviewDue bool       `json:"review_due,omitempty"`
	DueAt     *time.Time `json:"due_at,omitempty"`

	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// AlertInfo is what the mapping made of one alert.
type AlertInfo struct {
	Component string          `json:"component,omitempty"` // a component id; "" when unmapped
	Status    ComponentStatus `json:"status,omitempty"`
	Impact    Impact          `json:"impact"`
	Summary   string          `json:"summary"`
}

// Firing reports whether any alert of the group is still firing.
func (g *AlertGroup) Firing() bool {
	for _, s := range g.Alerts {
		if s == Firing {
			return true
		}
	}
	return false
}
