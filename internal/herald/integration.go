package herald

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Integration is a monitoring tool allowed to open and update incidents. Its
// key is shown once, when it is made or rotated; only its hash is kept.
type Integration struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	Name        string `json:"name"`
	AutoPublish bool   `json:"auto_publish"`

	// Mapping turns the tool's alerts into components, statuses and
	// impacts.
	Mapping Mapping `json:"mapping"`

	// ResolveTo is the status an incident moves to when all its alerts
	// have recovered: monitoring or resolved. "" means resolved.
	ResolveTo IncidentStatus `json:"resolve_to"`

	// FlapWindow is how long, in seconds, after an alert last notified
	// subscribers that a change which is not an escalation waits before
	// it is announced; 0 announces every change at once.
	FlapWindow int `json:"flap_window"`

	// KeyHash is the hash of the integration's key. SigningSecret is the
	// secret the tool signs its requests with (PagerDuty's webhook
	// secret), kept as it is because a signature is checked against it.
	// Neither is ever shown.
	KeyHash       string `json:"-"`
	SigningSecret string `json:"-"`

	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	KeyRotatedAt *time.Time `json:"key_rotated_at"`
	Version      int64      `json:"version"`
}

// The integration sources Herald understands: each names the tool whose
// payloads POST /v1/integrations/{source} reads.
const (
	SourceAlertmanager = "alertmanager"
	SourceGrafana      = "grafana"
	SourceCloudWatch   = "cloudwatch"
	SourceDatadog      = "datadog"
	SourcePingdom      = "pingdom"
	SourceUptimeRobot  = "uptimerobot"
	SourceNewRelic     = "newrelic"
	SourcePagerDuty    = "pagerduty"
	SourceZabbix       = "zabbix"
	SourceUptimeKuma   = "uptimekuma"
	SourceGeneric      = "generic"
)

// Sources lists every supported source, in the order the documentation
// gives them.
var Sources = []string{
	SourceAlertmanager, SourceGrafana, SourceCloudWatch, SourceDatadog, SourcePingdom,
	SourceUptimeRobot, SourceNewRelic, SourcePagerDuty, SourceZabbix, SourceUptimeKuma,
	SourceGeneric,
}

// ValidSource reports whether s names a supported monitoring tool.
func ValidSource(s string) bool { return slices.Contains(Sources, s) }

// Limits of an integration's settings.
const (
	DefaultFlapWindow = 300   // seconds
	MaxFlapWindow     = 86400 // a day
	MaxSecretLen      = 1000
)

// Validate checks the fields an admin sets. Whether the components that the
// mapping names exist is checked against the store by the Service.
func (in *Integration) Validate() error {
	switch {
	case !ValidSource(in.Source):
		return FieldError("source", "must be one of %s", strings.Join(Sources, ", "))
	case strings.TrimSpace(in.Name) == "":
		return FieldError("name", "is required")
	case utf8.RuneCountInString(in.Name) > MaxNameLen:
		return FieldError("name", "must be at most %d characters", MaxNameLen)
	case in.ResolveTo != "" && in.ResolveTo != Monitoring && in.ResolveTo != Resolved:
		return FieldError("resolve_to", "must be monitoring or resolved")
	case in.FlapWindow < 0 || in.FlapWindow > MaxFlapWindow:
		return FieldError("flap_window", "must be from 0 to %d seconds", MaxFlapWindow)
	case len(in.SigningSecret) > MaxSecretLen:
		return FieldError("signing_secret", "must be at most %d characters", MaxSecretLen)
	}
	return in.Mapping.Validate("mapping")
}

// resolveTo returns the status an incident takes when its alerts recover.
func (in *Integration) resolveTo() IncidentStatus {
	if in.ResolveTo == Monitoring {
		return Monitoring
	}
	return Resolved
}

// flapWindow returns the flap window as a duration.
func (in *Integration) flapWindow() time.Duration {
	return time.Duration(in.FlapWindow) * time.Second
}
