package statuspage_test

import (
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

func TestPageStatus(t *testing.T) {
	comp := func(s herald.ComponentStatus) *herald.Component { return &herald.Component{Status: s} }
	open := func(i herald.Impact) *herald.Incident {
		return &herald.Incident{Status: herald.Investigating, Impact: i}
	}
	ok, down := comp(herald.Operational), comp(herald.MajorOutage)
	tests := []struct {
		name  string
		comps []*herald.Component
		incs  []*herald.Incident
		want  string
		desc  string
	}{
		{"AllOperational", []*herald.Component{ok, ok}, nil, "none", "All Systems Operational"},
		{"NoComponents", nil, nil, "none", "All Systems Operational"},
		{"Maintenance", []*herald.Component{ok, comp(herald.UnderMaintenance)}, nil,
			"maintenance", "Service Under Maintenance"},
		{"Degraded", []*herald.Component{ok, comp(herald.DegradedPerformance)}, nil,
			"minor", "Partially Degraded Service"},
		{"PartialOutage", []*herald.Component{ok, comp(herald.PartialOutage)}, nil,
			"minor", "Minor Service Outage"},
		{"OneDown", []*herald.Component{ok, down}, nil, "major", "Partial System Outage"},
		{"AllDown", []*herald.Component{down, down}, nil, "critical", "Major System Outage"},
		{"MinorIncident", []*herald.Component{ok}, []*herald.Incident{open(herald.ImpactMinor)},
			"minor", "Minor Service Outage"},
		{"CriticalIncident", []*herald.Component{ok},
			[]*herald.Incident{open(herald.ImpactNone), open(herald.ImpactCritical)},
			"critical", "Major System Outage"},
		{"IncidentBeatsMaintenance", []*herald.Component{comp(herald.UnderMaintenance)},
			[]*herald.Incident{open(herald.ImpactMajor)}, "major", "Partial System Outage"},
		{"DraftIgnored", []*herald.Component{ok},
			[]*herald.Incident{{Status: herald.Investigating, Impact: herald.ImpactCritical, Draft: true}},
			"none", "All Systems Operational"},
		{"ResolvedIgnored", []*herald.Component{ok},
			[]*herald.Incident{{Status: herald.Resolved, Impact: herald.ImpactCritical}},
			"none", "All Systems Operational"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := statuspage.PageStatus(tt.comps, tt.incs)
			if got.Indicator != tt.want || got.Description != tt.desc {
				t.Errorf("got %+v, want {%s %s}", got, tt.want, tt.desc)
			}
		})
	}
}

// TestEnums checks that every enum in a document is one Statuspage knows.
func TestEnums(t *testing.T) {
	comps, incs := fixture()
	doc := statuspage.Incidents(page, comps, incs, at(60))
	componentStatus := map[string]bool{"operational": true, "degraded_performance": true,
		"partial_outage": true, "major_outage": true, "under_maintenance": true}
	incidentStatus := map[string]bool{"investigating": true, "identified": true,
		"monitoring": true, "resolved": true}
	impact := map[string]bool{"none": true, "minor": true, "major": true, "critical": true}

	for _, inc := range doc.Incidents {
		if !incidentStatus[inc.Status] || !impact[inc.Impact] {
			t.Errorf("%s: status %q impact %q", inc.ID, inc.Status, inc.Impact)
		}
		for _, u := range inc.IncidentUpdates {
			if !incidentStatus[u.Status] {
				t.Errorf("%s: update status %q", u.ID, u.Status)
			}
			for _, a := range u.AffectedComponents {
				if !componentStatus[a.OldStatus] || !componentStatus[a.NewStatus] {
					t.Errorf("%s: affected %+v", u.ID, a)
				}
			}
		}
	}
	for _, c := range statuspage.Components(page, comps, incs, at(60)).Components {
		if !componentStatus[c.Status] {
			t.Errorf("%s: status %q", c.ID, c.Status)
		}
	}
}
