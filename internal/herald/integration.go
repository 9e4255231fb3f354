package herald

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Integration is a monitoring tool allowed to open and update incidents. Its
// key is shown once, when it is made; only its hash is kept.
type Integration struct {
	ID          string    `json:"id"`
	Source      string    `json:"source"`
	Name        string    `json:"name"`
	AutoPublish bool      `json:"auto_publish"`
	KeyHash     string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	Version     int64     `json:"version"`
}

// The integration sources Herald understands.
const (
	SourceAlertmanager = "alertmanager"
	SourceGeneric      = "generic"
)

// ValidSource reports whether s names a supported monitoring tool.
func ValidSource(s string) bool {
	return s == SourceAlertmanager || s == SourceGeneric
}

// Validate checks the fields an admin sets.
func (in *Integration) Validate() error {
	switch {
	case !ValidSource(in.Source):
		return FieldError("source", "must be one of alertmanager, generic")
	case strings.TrimSpace(in.Name) == "":
		return FieldError("name", "is required")
	case utf8.RuneCountInString(in.Name) > MaxNameLen:
		return FieldError("name", "must be at most %d characters", MaxNameLen)
	}
	return nil
}

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
}

// ImpactOf maps a monitoring tool's severity word to an impact.
func ImpactOf(severity string) Impact {
	switch strings.ToLower(strings.TrimSpace(severity)) {
	case "critical", "crit", "fatal", "emergency", "disaster", "page", "p1":
		return ImpactCritical
	case "major", "error", "high", "p2":
		return ImpactMajor
	case "none", "info", "informational", "ok":
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

// AlertGroup ties a tool's alert group to the incident it opened, and keeps
// the last known state of each alert in it, so that a repeat changes
// nothing and the last recovery resolves the incident.
type AlertGroup struct {
	Key        string                `json:"key"` // integration id + "/" + group
	IncidentID string                `json:"incident_id"`
	Alerts     map[string]AlertState `json:"alerts"`
	UpdatedAt  time.Time             `json:"updated_at"`
	Version    int64                 `json:"version"`
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
