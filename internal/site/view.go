package site

import (
	"net/url"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

// pageView is what every page's layout shows.
type pageView struct {
	Title     string
	Page      herald.Page
	Status    statuspage.StatusInfo
	Generated time.Time
	Root      string // the way back to the site's root: "" or "../"
}

// indexView is the model of index.html.
type indexView struct {
	pageView
	Rows       []row
	Open       []incidentView
	Recent     []incidentView
	RecentDays int
}

// incidentPage is the model of incidents/<ID>.html.
type incidentPage struct {
	pageView
	Incident incidentView
}

// row is a component, or a group with its members, on the index.
type row struct {
	Name        string
	Description string
	Status      herald.ComponentStatus
	Members     []row
}

// incidentView is an incident as pages show it. Times that are not set
// are zero.
type incidentView struct {
	ID, Title    string
	Href         string // relative to the site's root; "" for no page
	Status       herald.IncidentStatus
	Impact       herald.Impact
	Resolved     bool
	StartedAt    time.Time
	ResolvedAt   time.Time
	ETA          time.Time
	NextUpdateAt time.Time
	Components   []row
	Updates      []herald.Update // public only, newest first
}

// rows groups the components, in order, each group at its first member.
func rows(comps []*herald.Component) []row {
	var out []row
	at := map[string]int{}
	for _, c := range comps {
		r := row{Name: c.Name, Description: c.Description, Status: c.Status}
		if c.Group == "" {
			out = append(out, r)
			continue
		}
		i, ok := at[c.Group]
		if !ok {
			i = len(out)
			at[c.Group] = i
			out = append(out, row{Name: c.Group, Status: herald.Operational})
		}
		out[i].Members = append(out[i].Members, r)
		if c.Status.Worse(out[i].Status) {
			out[i].Status = c.Status
		}
	}
	return out
}

// newIncidentView returns the public view of inc.
func newIncidentView(inc *herald.Incident, byID map[string]*herald.Component) incidentView {
	v := incidentView{
		ID:        inc.ID,
		Title:     inc.Title,
		Status:    inc.Status,
		Impact:    inc.Impact,
		Resolved:  inc.Status == herald.Resolved,
		StartedAt: inc.StartedAt,
		Updates:   inc.PublicUpdates(),
	}
	if safeID(inc.ID) {
		v.Href = incidentPath(inc.ID)
	}
	v.ResolvedAt = value(inc.ResolvedAt)
	v.ETA = value(inc.ETA)
	v.NextUpdateAt = value(inc.NextUpdateAt)
	for _, a := range inc.Components {
		name := a.ID
		if c := byID[a.ID]; c != nil {
			name = c.Name
		}
		v.Components = append(v.Components, row{Name: name, Status: a.Status})
	}
	return v
}

// incidentPath is where an incident's page lives, relative to the root.
func incidentPath(id string) string {
	return "incidents/" + url.PathEscape(id) + ".html"
}

// safeID reports whether id can name a file: Herald's tracking ids are
// letters, digits and '-', and anything else is refused rather than
// trusted in a path.
func safeID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}

func value(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// labels are the words pages use for Herald's enums.
var labels = map[string]string{
	"degraded_performance": "Degraded performance",
	"partial_outage":       "Partial outage",
	"major_outage":         "Major outage",
	"under_maintenance":    "Under maintenance",
}

// label returns the words for an enum value: "partial_outage" reads
// "Partial outage", "monitoring" reads "Monitoring".
func label(v any) string {
	var s string
	switch v := v.(type) {
	case herald.ComponentStatus:
		s = string(v)
	case herald.IncidentStatus:
		s = string(v)
	case herald.Impact:
		s = string(v)
	case string:
		s = v
	}
	if l, ok := labels[s]; ok {
		return l
	}
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
