package herald

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Mapping turns a tool's alerts into Herald's terms. The first rule whose
// matchers all hold names the alert's component, and may set its status
// and impact. An alert no rule matches goes to the component its own
// "component" label names, if there is one, or else to DefaultComponent.
// An alert that reaches no component opens a draft, never a published
// incident, so that a person decides what it is about.
type Mapping struct {
	Rules            []MappingRule     `json:"rules"`
	Severities       map[string]Impact `json:"severities,omitempty"`
	DefaultComponent string            `json:"default_component,omitempty"`
}

// MappingRule maps the alerts it matches to a component. Each matcher
// names a label and the value it must have: the value as it is, or, when
// it starts with '~', a regular expression (RE2) the whole value must
// match. Status and Impact, when set, override what the severity says.
type MappingRule struct {
	Match     map[string]string `json:"match"`
	Component string            `json:"component"`
	Status    ComponentStatus   `json:"status,omitempty"`
	Impact    Impact            `json:"impact,omitempty"`
}

// Limits of a mapping.
const (
	MaxRules    = 100
	MaxMatchers = 20
)

// Validate checks the mapping's form; field prefixes each field's name.
func (m *Mapping) Validate(field string) error {
	if len(m.Rules) > MaxRules {
		return FieldError(field+".rules", "must list at most %d rules", MaxRules)
	}
	for i, r := range m.Rules {
		if err := r.validate(fmt.Sprintf("%s.rules[%d]", field, i)); err != nil {
			return err
		}
	}
	for _, sev := range slices.Sorted(maps.Keys(m.Severities)) {
		if strings.TrimSpace(sev) == "" || len(sev) > MaxShortLen {
			return FieldError(field+".severities", "a severity must be 1 to %d characters",
				MaxShortLen)
		}
		if !m.Severities[sev].Valid() {
			return FieldError(field+".severities."+sev, "must be one of none, minor, major, critical")
		}
	}
	return nil
}

func (r *MappingRule) validate(field string) error {
	switch {
	case len(r.Match) == 0:
		return FieldError(field+".match", "must name at least one label")
	case len(r.Match) > MaxMatchers:
		return FieldError(field+".match", "must name at most %d labels", MaxMatchers)
	case r.Component == "":
		return FieldError(field+".component", "is required")
	case r.Status != "" && !r.Status.Valid():
		return FieldError(field+".status", "must be one of operational, degraded_performance, "+
			"partial_outage, major_outage, under_maintenance")
	case r.Impact != "" && !r.Impact.Valid():
		return FieldError(field+".impact", "must be one of none, minor, major, critical")
	}
	for _, label := range slices.Sorted(maps.Keys(r.Match)) {
		v := r.Match[label]
		if label == "" || len(label) > MaxShortLen || len(v) > MaxShortLen*10 {
			return FieldError(field+".match", "labels and values must be short")
		}
		if re, ok := strings.CutPrefix(v, "~"); ok {
			if _, err := regexp.Compile("^(?:" + re + ")$"); err != nil {
				return FieldError(field+".match."+label, "is not a valid regular expression")
			}
		}
	}
	return nil
}

// componentIDs returns every component the mapping names.
func (m *Mapping) componentIDs() []string {
	var ids []string
	for _, r := range m.Rules {
		ids = append(ids, r.Component)
	}
	if m.DefaultComponent != "" {
		ids = append(ids, m.DefaultComponent)
	}
	return ids
}

// Map says what the mapping makes of one alert, given the components that
// exist. Info.Component is "" when the alert reaches no component.
func (m *Mapping) Map(a *Alert, comps []*Component) AlertInfo {
	info := AlertInfo{Impact: m.impact(a.Severity), Summary: clip(alertTitle(a), MaxTitleLen)}
	var c *Component
	for _, r := range m.Rules {
		if !r.matches(a) {
			continue
		}
		if c = resolveComponent(comps, r.Component); c != nil {
			if r.Impact != "" {
				info.Impact = r.Impact
			}
			info.Status = r.Status
			break
		}
	}
	if c == nil {
		c = resolveComponent(comps, a.Component)
	}
	if c == nil && m.DefaultComponent != "" {
		c = resolveComponent(comps, m.DefaultComponent)
	}
	if c == nil {
		return info
	}
	info.Component = c.ID
	if info.Status == "" {
		info.Status = ComponentStatusOf(info.Impact)
	}
	return info
}

// impact maps a severity word through the integration's own table first.
func (m *Mapping) impact(severity string) Impact {
	for word, i := range m.Severities {
		if strings.EqualFold(strings.TrimSpace(word), strings.TrimSpace(severity)) {
			return i
		}
	}
	return ImpactOf(severity)
}

// matches reports whether every matcher of r holds for a.
func (r *MappingRule) matches(a *Alert) bool {
	for label, want := range r.Match {
		got, ok := a.Label(label)
		if !ok {
			return false
		}
		if re, isRE := strings.CutPrefix(want, "~"); isRE {
			x := pattern(re)
			if x == nil || !x.MatchString(got) {
				return false
			}
		} else if got != want {
			return false
		}
	}
	return true
}

// patterns holds each rule's regular expression compiled once: rules are
// few and set by admins, and every alert of every request is matched.
var patterns sync.Map // string → *regexp.Regexp, nil when it does not compile

// pattern returns the compiled whole-value match of re, or nil.
func pattern(re string) *regexp.Regexp {
	if x, ok := patterns.Load(re); ok {
		return x.(*regexp.Regexp)
	}
	x, _ := regexp.Compile("^(?:" + re + ")$") // nil when it does not compile
	patterns.Store(re, x)
	return x
}

// alertTitle is what an alert is called: its summary, or its group.
func alertTitle(a *Alert) string {
	if s := strings.TrimSpace(a.Summary); s != "" {
		return s
	}
	return "Alert " + a.Group
}
