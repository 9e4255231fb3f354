package statuspage

// StatusDoc is the body of /api/v2/status.json.
type StatusDoc struct {
	Page   Page       `json:"page"`
	Status StatusInfo `json:"status"`
}

// SummaryDoc is the body of /api/v2/summary.json.
type SummaryDoc struct {
	Page                  Page                   `json:"page"`
	Components            []Component            `json:"components"`
	Incidents             []Incident             `json:"incidents"`
	ScheduledMaintenances []ScheduledMaintenance `json:"scheduled_maintenances"`
	Status                StatusInfo             `json:"status"`
}

// ComponentsDoc is the body of /api/v2/components.json.
type ComponentsDoc struct {
	Page       Page        `json:"page"`
	Components []Component `json:"components"`
}

// IncidentsDoc is the body of /api/v2/incidents.json and
// /api/v2/incidents/unresolved.json.
type IncidentsDoc struct {
	Page      Page       `json:"page"`
	Incidents []Incident `json:"incidents"`
}

// ScheduledMaintenancesDoc is the body of /api/v2/scheduled-maintenances.json
// and of its upcoming and active variants.
type ScheduledMaintenancesDoc struct {
	Page                  Page                   `json:"page"`
	ScheduledMaintenances []ScheduledMaintenance `json:"scheduled_maintenances"`
}
