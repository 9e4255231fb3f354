package herald

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// ComponentStatus is how a component is doing, as users see it.
type ComponentStatus string

// The component statuses, from best to worst; under_maintenance ranks
// between degraded performance and an outage.
const (
	Operational         ComponentStatus = "operational"
	DegradedPerformance ComponentStatus = "degraded_performance"
	UnderMaintenance    ComponentStatus = "under_maintenance"
	PartialOutage       ComponentStatus = "partial_outage"
	MajorOutage         ComponentStatus = "major_outage"
)

var componentRank = map[ComponentStatus]int{
	Operational:         0,
	DegradedPerformance: 1,
	UnderMaintenance:    2,
	PartialOutage:       3,
	MajorOutage:         4,
}

// Valid reports whether s is one of the component statuses.
func (s ComponentStatus) Valid() bool {
	_, ok := componentRank[s]
	return ok
}

// Worse reports whether s is worse than t.
func (s ComponentStatus) Worse(t ComponentStatus) bool {
	return componentRank[s] > componentRank[t]
}

// Component is a service users see on the status page, such as "API" or
// "EU region", optionally in a group.
type Component struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Group       string          `json:"group"`
	Position    int             `json:"position"`
	Status      ComponentStatus `json:"status"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`

	// Version counts the writes of this component. A store writes a
	// component only if the version it holds is still the one read.
	Version int64 `json:"version"`
}

// Field limits, shared by every entity.
const (
	MaxNameLen        = 100
	MaxTitleLen       = 200
	MaxDescriptionLen = 2000
	MaxMessageLen     = 10000
	MaxShortLen       = 100
	MaxComponents     = 100
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// ValidID reports whether id can name a component: lower-case letters,
// digits, '-' and '_', at most 63 characters.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Slug turns a name into a component id: "EU Region" becomes "eu-region".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 63 {
		s = strings.TrimSuffix(s[:63], "-")
	}
	return s
}

// Validate checks the fields a person sets.
func (c *Component) Validate() error {
	switch {
	case !ValidID(c.ID):
		return FieldError("id", "must be 1 to 63 lower-case letters, digits, '-' or '_'")
	case strings.TrimSpace(c.Name) == "":
		return FieldError("name", "is required")
	case utf8.RuneCountInString(c.Name) > MaxNameLen:
		return FieldError("name", "must be at most %d characters", MaxNameLen)
	case utf8.RuneCountInString(c.Description) > MaxDescriptionLen:
		return FieldError("description", "must be at most %d characters", MaxDescriptionLen)
	case utf8.RuneCountInString(c.Group) > MaxNameLen:
		return FieldError("group", "must be at most %d characters", MaxNameLen)
	case !c.Status.Valid():
		return FieldError("status", "must be one of operational, degraded_performance, "+
			"partial_outage, major_outage, under_maintenance")
	}
	return nil
}
