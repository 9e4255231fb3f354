package statuspage

import "github.com/herald-status/herald/internal/herald"

// The status indicators, from best to worst. Maintenance is what Statuspage
// reports when components are under maintenance and nothing is worse; it
// ranks between none and minor.
const (
	IndicatorNone        = "none"
	IndicatorMaintenance = "maintenance"
	IndicatorMinor       = "minor"
	IndicatorMajor       = "major"
	IndicatorCritical    = "critical"
)

var indicatorRank = map[string]int{
	IndicatorNone:        0,
	IndicatorMaintenance: 1,
	IndicatorMinor:       2,
	IndicatorMajor:       3,
	IndicatorCritical:    4,
}

// The words Statuspage shows for each state of a page.
const (
	descOperational = "All Systems Operational"
	descMaintenance = "Service Under Maintenance"
	descDegraded    = "Partially Degraded Service"
	descMinor       = "Minor Service Outage"
	descMajor       = "Partial System Outage"
	descCritical    = "Major System Outage"
)

// PageStatus derives a page's overall status the way Statuspage does: the
// worst of what its components say and the impacts of its open incidents.
// A degraded component or a partial outage makes the page minor, a major
// outage makes it major, and every component in a major outage makes it
// critical. Drafts and resolved incidents count for nothing.
func PageStatus(comps []*herald.Component, incidents []*herald.Incident) StatusInfo {
	st := StatusInfo{IndicatorNone, descOperational}
	worse := func(s StatusInfo) {
		if indicatorRank[s.Indicator] > indicatorRank[st.Indicator] {
			st = s
		}
	}

	down := 0
	for _, c := range comps {
		worse(componentStatus(c.Status))
		if c.Status == herald.MajorOutage {
			down++
		}
	}
	if down > 0 && down == len(comps) {
		worse(StatusInfo{IndicatorCritical, descCritical})
	}

	for _, inc := range incidents {
		if inc.Open() {
			worse(impactStatus(inc.Impact))
		}
	}
	return st
}

func componentStatus(s herald.ComponentStatus) StatusInfo {
	switch s {
	case herald.UnderMaintenance:
		return StatusInfo{IndicatorMaintenance, descMaintenance}
	case herald.DegradedPerformance:
		return StatusInfo{IndicatorMinor, descDegraded}
	case herald.PartialOutage:
		return StatusInfo{IndicatorMinor, descMinor}
	case herald.MajorOutage:
		return StatusInfo{IndicatorMajor, descMajor}
	}
	return StatusInfo{IndicatorNone, descOperational}
}

func impactStatus(i herald.Impact) StatusInfo {
	switch i {
	case herald.ImpactMinor:
		return StatusInfo{IndicatorMinor, descMinor}
	case herald.ImpactMajor:
		return StatusInfo{IndicatorMajor, descMajor}
	case herald.ImpactCritical:
		return StatusInfo{IndicatorCritical, descCritical}
	}
	return StatusInfo{IndicatorNone, descOperational}
}
