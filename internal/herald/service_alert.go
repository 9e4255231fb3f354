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
	AlertUpdated   AlertAction = "updated"   // news on its incident, or a note
	AlertResolved  AlertAction = "resolved"  // its incident is resolved
	AlertHeld      AlertAction = "held"      // a change waits out the flap window
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
		var review bool
		err := retry(ctx, func() error {
			var err error
			r, review, err = s.ingestGroup(ctx, in, g, byGroup[g])
			return err
		})
		if err != nil {
			return out, err
		}
		if review {
			// A failed review mail is tried again by SettleAlerts.
			s.sendReview(ctx, in, in.ID+"/"+g)
		}
		out = append(out, r)
	}
	return out, nil
}

// ingestGroup applies one group's alerts. It reports whether a draft was
// opened that the admins must be told of.
func (s *Service) ingestGroup(ctx context.Context, in *Integration, group string,
	alerts []Alert) (AlertResult, bool, error) {
	r := AlertResult{Group: group}
	key := in.ID + "/" + group
	g, err := s.Store.AlertGroup(ctx, key)
	if err != nil && !IsNotFound(err) {
		return r, false, err
	}
	var inc *Incident
	if g != nil {
		if inc, err = s.Store.Incident(ctx, g.IncidentID); err != nil && !IsNotFound(err) {
			return r, false, err
		}
	}
	comps, err := s.Store.Components(ctx)
	if err != nil {
		return r, false, err
	}
	var ng *AlertGroup
	var changed []Alert
	if inc != nil {
		ng = cloneGroup(g)
		if changed = mergeAlerts(ng, alerts, in, comps); len(changed) == 0 {
			// A repeat, of a recovery as much as of a firing alert.
			r.IncidentID, r.Action = inc.ID, AlertDuplicate
			return r, false, nil
		}
	}
	if inc == nil || inc.Status == Resolved && !s.reopens(in, g) {
		return s.openFromAlerts(ctx, in, key, g, alerts, comps)
	}

	r.IncidentID = inc.ID
	old := clone(inc)
	r.Action = s.applyAlerts(in, inc, ng, changed)
	if r.Action == AlertHeld && len(inc.Updates) == len(old.Updates) {
		return r, false, s.Store.SaveAlertGroup(ctx, ng)
	}
	return r, false, s.save(ctx, old, inc, ng)
}

// openFromAlerts opens a new incident for a group with no open incident. g
// is the group's old record, if any, which the new one replaces.
func (s *Service) openFromAlerts(ctx context.Context, in *Integration, key string, g *AlertGroup,
	alerts []Alert, comps []*Component) (AlertResult, bool, error) {
	r := AlertResult{Group: alerts[0].Group}
	now := s.now()
	ng := &AlertGroup{Key: key, Alerts: map[string]AlertState{}, Info: map[string]AlertInfo{},
		UpdatedAt: now}
	if g != nil {
		ng.Version = g.Version
	}
	changed := mergeAlerts(ng, alerts, in, comps)
	firing := slices.DeleteFunc(changed, func(a Alert) bool { return a.State != Firing })
	if len(firing) == 0 {
		r.Action = AlertIgnored
		return r, false, nil
	}

	first := firing[0]
	inc := &Incident{
		Title: clip(alertTitle(&first), MaxTitleLen), Status: Investigating, Impact: ImpactNone,
		ReportedBy: clip(in.Name, MaxShortLen), Source: in.ID, StartedAt: now,
		CreatedAt: now, UpdatedAt: now, Components: []AffectedComponent{},
	}
	if !first.StartsAt.IsZero() && first.StartsAt.Before(now) {
		inc.StartedAt = first.StartsAt.UTC()
	}
	t := s.target(in, inc, ng)
	inc.Impact, inc.Components = t.Impact, t.Components
	// An alert that reaches no component waits for a person.
	inc.Draft = !in.AutoPublish || len(inc.Components) == 0
	s.addUpdate(inc, KindNote, Investigating, originalText(in, firing), nil)
	if !inc.Draft {
		ng.NotifiedAt = now
	}
	review := inc.Draft && s.Review != nil
	if review {
		ng.ReviewDue = true
		ng.DueAt = timePtr(now.Add(reviewRetry))
	}
	if err := s.openIncident(ctx, inc, alertMessage(first), ng); err != nil {
		return r, false, err
	}
	r.IncidentID, r.Action = inc.ID, AlertOpened
	return r, review, nil
}

// mergeAlerts records the alerts' states in g, with what the mapping makes
// of each firing one, and returns those that changed anything.
func mergeAlerts(g *AlertGroup, alerts []Alert, in *Integration, comps []*Component) []Alert {
	if g.Alerts == nil {
		g.Alerts = map[string]AlertState{}
	}
	if g.Info == nil {
		g.Info = map[string]AlertInfo{}
	}
	var changed []Alert
	for _, a := range alerts {
		prev, seen := g.Alerts[a.Fingerprint]
		if seen && prev == a.State {
			continue
		}
		if !seen && a.State != Firing {
			continue // a recovery for an alert we never saw firing
		}
		g.Alerts[a.Fingerprint] = a.State
		if a.State == Firing {
			g.Info[a.Fingerprint] = in.Mapping.Map(&a, comps)
		}
		changed = append(changed, a)
	}
	return changed
}

// cloneGroup returns a copy of g whose maps can change without touching
// g's.
func cloneGroup(g *AlertGroup) *AlertGroup {
	out := *g
	out.Alerts = make(map[string]AlertState, len(g.Alerts))
	for k, v := range g.Alerts {
		out.Alerts[k] = v
	}
	out.Info = make(map[string]AlertInfo, len(g.Info))
	for k, v := range g.Info {
		out.Info[k] = v
	}
	return &out
}

func alertMessage(a Alert) string {
	msg := strings.TrimSpace(a.Description)
	if msg == "" {
		msg = alertTitle(&a)
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
