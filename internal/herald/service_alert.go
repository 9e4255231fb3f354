package herald

import (
	"context"
	"slices"
	"strings"
)

// AlertAction says what an alert group did to its incident.
type AlertAction string

// The alert actions.
const (
	AlertOpened    AlertAction = "opened"    // a new incident
	AlertUpdated   AlertAction = "updated"   // news on its incident
	AlertResolved  AlertAction = "resolved"  // its incident is resolved
	AlertDuplicate AlertAction = "duplicate" // nothing new: a repeat
	AlertIgnored   AlertAction = "ignored"   // a recovery for no incident
)

// AlertResult is the outcome of one alert group.
type AlertResult struct {
	Group      string      `json:"group"`
	IncidentID string      `json:"incident_id,omitempty"`
	Action     AlertAction `json:"action"`
}

// IngestAlerts opens, updates or resolves incidents for alerts from one
// integration. Alerts of one group share an incident; the same alerts sent
// twice, or twice at once, change nothing the second time, because the
// group's record is written in the same unit of work as the incident.
func (s *Service) IngestAlerts(ctx context.Context, in *Integration, alerts []Alert) ([]AlertResult, error) {
	var groups []string
	byGroup := map[string][]Alert{}
	for _, a := range alerts {
		if _, ok := byGroup[a.Group]; !ok {
			groups = append(groups, a.Group)
		}
		byGroup[a.Group] = append(byGroup[a.Group], a)
	}
	out := make([]AlertResult, 0, len(groups))
	for _, g := range groups {
		var r AlertResult
		err := retry(ctx, func() error {
			var err error
			r, err = s.ingestGroup(ctx, in, g, byGroup[g])
			return err
		})
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Service) ingestGroup(ctx context.Context, in *Integration, group string, alerts []Alert) (AlertResult, error) {
	r := AlertResult{Group: group}
	key := in.ID + "/" + group
	g, err := s.Store.AlertGroup(ctx, key)
	if err != nil && !IsNotFound(err) {
		return r, err
	}
	var inc *Incident
	if g != nil {
		if inc, err = s.Store.Incident(ctx, g.IncidentID); err != nil {
			return r, err
		}
	}
	if inc == nil || inc.Status == Resolved {
		return s.openFromAlerts(ctx, in, key, g, alerts)
	}
	r.IncidentID = inc.ID
	changed := mergeAlerts(g, alerts)
	if len(changed) == 0 {
		r.Action = AlertDuplicate
		return r, nil
	}
	old := clone(inc)
	r.Action = s.applyAlerts(inc, g, changed)
	return r, s.save(ctx, old, inc, g)
}

// openFromAlerts opens a new incident for a group with no open incident. g
// is the group's old record, if any, which the new one replaces.
func (s *Service) openFromAlerts(ctx context.Context, in *Integration, key string, g *AlertGroup,
	alerts []Alert) (AlertResult, error) {
	r := AlertResult{Group: alerts[0].Group}
	firing := slices.DeleteFunc(slices.Clone(alerts), func(a Alert) bool { return a.State != Firing })
	if len(firing) == 0 {
		r.Action = AlertIgnored
		return r, nil
	}
	comps, err := s.Store.Components(ctx)
	if err != nil {
		return r, err
	}
	first := firing[0]
	if strings.TrimSpace(first.Summary) == "" {
		first.Summary = "Alert " + first.Group
	}
	inc := &Incident{
		Title: clip(first.Summary, MaxTitleLen), Status: Investigating, Impact: alertImpact(firing),
		ReportedBy: clip(in.Name, MaxShortLen), Source: in.ID, StartedAt: s.now(),
		CreatedAt: s.now(), UpdatedAt: s.now(),
	}
	if !first.StartsAt.IsZero() {
		inc.StartedAt = first.StartsAt.UTC()
	}
	inc.Components = alertComponents(comps, firing, inc.Impact)
	// An alert that names no known component waits for a person.
	inc.Draft = !in.AutoPublish || len(inc.Components) == 0
	ng := &AlertGroup{Key: key, Alerts: map[string]AlertState{}, UpdatedAt: s.now()}
	if g != nil {
		ng.Version = g.Version
	}
	mergeAlerts(ng, alerts)
	if err := s.openIncident(ctx, inc, alertMessage(first), ng); err != nil {
		return r, err
	}
	r.IncidentID, r.Action = inc.ID, AlertOpened
	return r, nil
}

// applyAlerts adds the update that changed alerts call for.
func (s *Service) applyAlerts(inc *Incident, g *AlertGroup, changed []Alert) AlertAction {
	g.UpdatedAt = s.now()
	if !g.Firing() {
		msg := "All alerts have recovered."
		s.applyUpdate(inc, UpdateInput{Status: Resolved, Message: msg})
		return AlertResolved
	}
	var firing []Alert
	for _, a := range changed {
		if a.State == Firing {
			firing = append(firing, a)
		}
	}
	if len(firing) == 0 {
		msg := "Some alerts have recovered; others are still firing."
		s.applyUpdate(inc, UpdateInput{Message: msg, Private: true})
		return AlertUpdated
	}
	if impact := alertImpact(firing); impactRank(impact) > impactRank(inc.Impact) {
		inc.Impact = impact
	}
	s.applyUpdate(inc, UpdateInput{Message: alertMessage(firing[0])})
	return AlertUpdated
}

// mergeAlerts records the alerts' states in g and returns those that
// changed anything.
func mergeAlerts(g *AlertGroup, alerts []Alert) []Alert {
	if g.Alerts == nil {
		g.Alerts = map[string]AlertState{}
	}
	var changed []Alert
	for _, a := range alerts {
		if prev, ok := g.Alerts[a.Fingerprint]; ok && prev == a.State {
			continue
		}
		if _, ok := g.Alerts[a.Fingerprint]; !ok && a.State != Firing {
			continue // a recovery for an alert we never saw firing
		}
		g.Alerts[a.Fingerprint] = a.State
		changed = append(changed, a)
	}
	return changed
}

func alertComponents(comps []*Component, alerts []Alert, impact Impact) []AffectedComponent {
	out := []AffectedComponent{}
	for _, a := range alerts {
		c := resolveComponent(comps, a.Component)
		if c == nil || slices.ContainsFunc(out, func(x AffectedComponent) bool { return x.ID == c.ID }) {
			continue
		}
		out = append(out, AffectedComponent{ID: c.ID, Status: ComponentStatusOf(impact)})
	}
	return out
}

func alertImpact(alerts []Alert) Impact {
	worst := ImpactNone
	for _, a := range alerts {
		if i := ImpactOf(a.Severity); impactRank(i) > impactRank(worst) {
			worst = i
		}
	}
	return worst
}

func impactRank(i Impact) int {
	return slices.Index([]Impact{ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical}, i)
}

func alertMessage(a Alert) string {
	msg := strings.TrimSpace(a.Description)
	if msg == "" {
		msg = strings.TrimSpace(a.Summary)
	}
	return clip(msg, MaxMessageLen)
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
