package herald

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// IncidentStatus is where an incident is in its life.
type IncidentStatus string

// The incident statuses.
const (
	Investigating IncidentStatus = "investigating"
	Identified    IncidentStatus = "identified"
	Monitoring    IncidentStatus = "monitoring"
	Resolved      IncidentStatus = "resolved"
)

// Valid reports whether s is one of the incident statuses.
func (s IncidentStatus) Valid() bool {
	switch s {
	case Investigating, Identified, Monitoring, Resolved:
		return true
	}
	return false
}

// Impact is how bad an incident is.
type Impact string

// The impacts, from least to worst.
const (
	ImpactNone     Impact = "none"
	ImpactMinor    Impact = "minor"
	ImpactMajor    Impact = "major"
	ImpactCritical Impact = "critical"
)

// Valid reports whether i is one of the impacts.
func (i Impact) Valid() bool {
	switch i {
	case ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical:
		return true
	}
	return false
}

// AffectedComponent is a component an incident or update touches, with the
// status the incident puts it in.
type AffectedComponent struct {
	ID     string          `json:"id"`
	Status ComponentStatus `json:"status"`
}

// UpdateKind says what an update announces; subscribers hear of each kind.
type UpdateKind string

// The update kinds.
const (
	KindCreated  UpdateKind = "created"  // the incident became public
	KindUpdated  UpdateKind = "updated"  // news on a public incident
	KindResolved UpdateKind = "resolved" // the incident is over
	KindNote     UpdateKind = "note"     // private: only admins see it
)

// Update is one entry on an incident's timeline.
type Update struct {
	ID         string              `json:"id"`
	Kind       UpdateKind          `json:"kind"`
	Status     IncidentStatus      `json:"status"`
	Message    string              `json:"message"`
	Components []AffectedComponent `json:"components"`
	CreatedAt  time.Time           `json:"created_at"`
}

// Public reports whether the update may be shown and announced.
func (u *Update) Public() bool { return u.Kind != KindNote }

// Incident is an unplanned interruption, from the first alert or report to
// its resolution. Its ID is a tracking id such as INC-0042.
type Incident struct {
	ID           string              `json:"id"`
	Title        string              `json:"title"`
	Status       IncidentStatus      `json:"status"`
	Impact       Impact              `json:"impact"`
	Category     string              `json:"category"`
	ReportedBy   string              `json:"reported_by"`
	StartedAt    time.Time           `json:"started_at"`
	ETA          *time.Time          `json:"eta"`
	NextUpdateAt *time.Time          `json:"next_update_at"`
	Draft        bool                `json:"draft"`
	Components   []AffectedComponent `json:"components"`
	Updates      []Update            `json:"updates"` // newest first
	ResolvedAt   *time.Time          `json:"resolved_at"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
	PublishedAt  *time.Time          `json:"published_at"`

	// Source names the integration that opened the incident, if any.
	Source string `json:"source,omitempty"`

	// Version counts the writes of this incident; see Component.Version.
	Version int64 `json:"version"`
}

// Open reports whether the incident is published and not yet resolved, the
// only incidents that hold their components' statuses.
func (inc *Incident) Open() bool { return !inc.Draft && inc.Status != Resolved }

// PublicUpdates returns the updates that pages and notifications may show,
// newest first.
func (inc *Incident) PublicUpdates() []Update {
	var out []Update
	for _, u := range inc.Updates {
		if u.Public() {
			out = append(out, u)
		}
	}
	return out
}

// Update returns the update with the given id, or nil.
func (inc *Incident) Update(id string) *Update {
	for i := range inc.Updates {
		if inc.Updates[i].ID == id {
			return &inc.Updates[i]
		}
	}
	return nil
}

// Public returns a copy of the incident without its private notes.
func (inc *Incident) Public() Incident {
	out := *inc
	out.Updates = inc.PublicUpdates()
	return out
}

// ComponentIDs returns the ids of the components the incident affects.
func (inc *Incident) ComponentIDs() []string {
	ids := make([]string, len(inc.Components))
	for i, c := range inc.Components {
		ids[i] = c.ID
	}
	return ids
}

// Validate checks the fields a person or tool sets on an incident.
func (inc *Incident) Validate() error {
	switch {
	case strings.TrimSpace(inc.Title) == "":
		return FieldError("title", "is required")
	case utf8.RuneCountInString(inc.Title) > MaxTitleLen:
		return FieldError("title", "must be at most %d characters", MaxTitleLen)
	case !inc.Status.Valid():
		return FieldError("status", "must be one of investigating, identified, monitoring, resolved")
	case !inc.Impact.Valid():
		return FieldError("impact", "must be one of none, minor, major, critical")
	case utf8.RuneCountInString(inc.Category) > MaxShortLen:
		return FieldError("category", "must be at most %d characters", MaxShortLen)
	case utf8.RuneCountInString(inc.ReportedBy) > MaxShortLen:
		return FieldError("reported_by", "must be at most %d characters", MaxShortLen)
	}
	return ValidateAffected("components", inc.Components)
}

// ValidateAffected checks a list of affected components: known statuses, no
// component twice, not too many. Whether each component exists is checked
// against the store by the Service.
func ValidateAffected(field string, cs []AffectedComponent) error {
	if len(cs) > MaxComponents {
		return FieldError(field, "must list at most %d components", MaxComponents)
	}
	seen := make(map[string]bool, len(cs))
	for i, c := range cs {
		f := field + "[" + strconv.Itoa(i) + "]"
		if c.ID == "" {
			return FieldError(f+".id", "is required")
		}
		if seen[c.ID] {
			return FieldError(f+".id", "lists component %q twice", c.ID)
		}
		seen[c.ID] = true
		if !c.Status.Valid() {
			return FieldError(f+".status", "must be one of operational, degraded_performance, "+
				"partial_outage, major_outage, under_maintenance")
		}
	}
	return nil
}

// ValidateMessage checks an update's message.
func ValidateMessage(field, msg string) error {
	if strings.TrimSpace(msg) == "" {
		return FieldError(field, "is required")
	}
	if utf8.RuneCountInString(msg) > MaxMessageLen {
		return FieldError(field, "must be at most %d characters", MaxMessageLen)
	}
	return nil
}

// mergeAffected returns base with each of changes applied: a component
// already listed takes the new status, a new one is added.
func mergeAffected(base, changes []AffectedComponent) []AffectedComponent {
	out := slices.Clone(base)
	for _, c := range changes {
		i := slices.IndexFunc(out, func(a AffectedComponent) bool { return a.ID == c.ID })
		if i >= 0 {
			out[i].Status = c.Status
		} else {
			out = append(out, c)
		}
	}
	return out
}
