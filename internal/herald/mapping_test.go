package herald_test

import (
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func TestMapping_Map(t *testing.T) {
	comps := []*herald.Component{{ID: "api", Name: "Public API"}, {ID: "web", Name: "Website"},
		{ID: "db", Name: "Database"}}
	m := herald.Mapping{
		Rules: []herald.MappingRule{
			{Match: map[string]string{"service": "~checkout|cart", "env": "prod"}, Component: "web",
				Status: herald.PartialOutage},
			{Match: map[string]string{"team": "storage"}, Component: "Database", Impact: herald.ImpactMajor},
			{Match: map[string]string{"team": "ghosts"}, Component: "no-such-component"},
		},
		Severities:       map[string]herald.Impact{"P3": herald.ImpactNone},
		DefaultComponent: "api",
	}
	tests := []struct {
		name  string
		alert herald.Alert
		want  herald.AlertInfo
	}{
		{"RegexRule", herald.Alert{Summary: "Cart fails", Severity: "critical",
			Labels: map[string]string{"service": "cart", "env": "prod"}},
			herald.AlertInfo{Component: "web", Status: herald.PartialOutage, Impact: herald.ImpactCritical,
				Summary: "Cart fails"}},
		{"RegexMatchesWhole", herald.Alert{Summary: "x", Labels: map[string]string{"service": "cartography",
			"env": "prod"}},
			herald.AlertInfo{Component: "api", Status: herald.DegradedPerformance, Impact: herald.ImpactMinor,
				Summary: "x"}},
		{"ByName", herald.Alert{Summary: "Slow", Labels: map[string]string{"team": "storage"}},
			herald.AlertInfo{Component: "db", Status: herald.PartialOutage, Impact: herald.ImpactMajor,
				Summary: "Slow"}},
		{"RuleToMissingComponentFallsThrough", herald.Alert{Summary: "Boo", Component: "website",
			Labels: map[string]string{"team": "ghosts"}},
			herald.AlertInfo{Component: "web", Status: herald.DegradedPerformance, Impact: herald.ImpactMinor,
				Summary: "Boo"}},
		{"OwnComponentLabel", herald.Alert{Summary: "y", Component: "Database", Severity: "P3"},
			herald.AlertInfo{Component: "db", Status: herald.Operational, Impact: herald.ImpactNone, Summary: "y"}},
		{"Default", herald.Alert{Summary: "z", Severity: "error"},
			herald.AlertInfo{Component: "api", Status: herald.PartialOutage, Impact: herald.ImpactMajor,
				Summary: "z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Map(&tt.alert, comps); got != tt.want {
				t.Errorf("Map = %+v, want %+v", got, tt.want)
			}
		})
	}
	t.Run("Unmapped", func(t *testing.T) {
		none := herald.Mapping{}
		got := none.Map(&herald.Alert{Group: "g", Component: "nowhere"}, comps)
		if got.Component != "" || got.Summary != "Alert g" {
			t.Errorf("Map = %+v, want no component", got)
		}
	})
}

func TestMapping_Validate(t *testing.T) {
	tests := []struct {
		name  string
		m     herald.Mapping
		field string
	}{
		{"NoMatchers", herald.Mapping{Rules: []herald.MappingRule{{Component: "api"}}}, "mapping.rules[0].match"},
		{"NoComponent", herald.Mapping{Rules: []herald.MappingRule{{Match: map[string]string{"a": "b"}}}},
			"mapping.rules[0].component"},
		{"BadRegex", herald.Mapping{Rules: []herald.MappingRule{{Match: map[string]string{"a": "~("},
			Component: "api"}}}, "mapping.rules[0].match.a"},
		{"BadStatus", herald.Mapping{Rules: []herald.MappingRule{{Match: map[string]string{"a": "b"},
			Component: "api", Status: "fine"}}}, "mapping.rules[0].status"},
		{"BadSeverity", herald.Mapping{Severities: map[string]herald.Impact{"P1": "apocalyptic"}},
			"mapping.severities.P1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate("mapping")
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE || herald.ErrorField(err) != tt.field {
				t.Errorf("Validate = %v, want unprocessable on %s", err, tt.field)
			}
		})
	}
}
