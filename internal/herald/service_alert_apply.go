package herald

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// reviewRetry is how long after a draft opens SettleAlerts tries its
// review mail again, should the first attempt fail.
const reviewRetry = time.Minute

// alertTarget is what an alert group says its incident should show.
type alertTarget struct {
	Firing     bool
	Status     IncidentStatus
	Impact     Impact
	Components []AffectedComponent // the incident's whole list, in its order
}

// target works out what g's alerts say inc should show: while any fires,
// an investigation with each firing alert's component at the worst status
// its alerts give it and an impact no lower than before; once none fires,
// the status the integration resolves to, with those components
// operational. Components the group's alerts never named are left alone.
func (s *Service) target(in *Integration, inc *Incident, g *AlertGroup) alertTarget {
	t := alertTarget{Firing: g.Firing(), Impact: inc.Impact}
	managed := map[string]bool{}
	want := map[string]ComponentStatus{}
	for fp, info := range g.Info {
		firing := g.Alerts[fp] == Firing
		// An alert that reaches no component still says how bad it is.
		if firing && impactRank(info.Impact) > impactRank(t.Impact) {
			t.Impact = info.Impact
		}
		if info.Component == "" {
			continue
		}
		managed[info.Component] = true
		if firing {
			if st, ok := want[info.Component]; !ok || info.Status.Worse(st) {
				want[info.Component] = info.Status
			}
		}
	}
	switch {
	case !t.Firing:
		t.Status = in.resolveTo()
	case inc.Status == Investigating || inc.Status == Identified:
		t.Status = inc.Status
	default:
		t.Status = Investigating
	}

	t.Components = slices.Clone(inc.Components)
	for i, c := range t.Components {
		if st, ok := want[c.ID]; ok {
			t.Components[i].Status = st
		} else if managed[c.ID] {
			t.Components[i].Status = Operational
		}
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if !slices.ContainsFunc(t.Components, func(c AffectedComponent) bool { return c.ID == id }) {
			t.Components = append(t.Components, AffectedComponent{ID: id, Status: want[id]})
		}
	}
	return t
}

// changes reports whether inc shows something other than t.
func (t alertTarget) changes(inc *Incident) bool {
	return t.Status != inc.Status || t.Impact != inc.Impact ||
		!slices.Equal(t.Components, inc.Components)
}

// escalates reports whether t, with its alerts firing, makes inc worse:
// a higher impact, or a component in a worse state, including an alert
// that fires again on an incident just resolved or being monitored. That
// is always news, flap window or not: the window holds recoveries, so
// that a flapping alert does not announce each one, but never an outage.
func (t alertTarget) escalates(inc *Incident) bool {
	if !t.Firing {
		return false
	}
	if impactRank(t.Impact) > impactRank(inc.Impact) {
		return true
	}
	for _, c := range t.Components {
		i := slices.IndexFunc(inc.Components, func(x AffectedComponent) bool { return x.ID == c.ID })
		if i < 0 && c.Status != Operational || i >= 0 && c.Status.Worse(inc.Components[i].Status) {
			return true
		}
	}
	return false
}

// applyAlerts brings inc in line with its group after the changed alerts,
// or holds the change when it comes within the flap window.
func (s *Service) applyAlerts(in *Integration, inc *Incident, g *AlertGroup, changed []Alert) AlertAction {
	now := s.now()
	g.UpdatedAt = now
	t := s.target(in, inc, g)
	switch {
	case inc.Draft:
		s.applyTarget(inc, t, alertNews(t, changed))
		return actionOf(t)
	case !t.changes(inc):
		s.addUpdate(inc, KindNote, inc.Status, alertNews(t, changed), nil)
		return AlertUpdated
	case s.withinWindow(in, g) && !t.escalates(inc):
		due := g.NotifiedAt.Add(in.flapWindow())
		if !g.Held {
			s.addUpdate(inc, KindNote, inc.Status, alertNews(t, changed)+"\n\nHerald holds this "+
				"change until "+due.Format(time.RFC3339)+" in case the alert is flapping.", nil)
		}
		g.Held = true
		if g.DueAt == nil || due.Before(*g.DueAt) {
			g.DueAt = &due
		}
		return AlertHeld
	}
	s.applyTarget(inc, t, alertNews(t, changed))
	s.notified(g, now)
	return actionOf(t)
}

// withinWindow reports whether g's alerts notified subscribers less than
// the flap window ago.
func (s *Service) withinWindow(in *Integration, g *AlertGroup) bool {
	return g != nil && in.FlapWindow > 0 && !g.NotifiedAt.IsZero() &&
		s.now().Before(g.NotifiedAt.Add(in.flapWindow()))
}

// reopens reports whether a firing alert for g's resolved incident is a
// flap, to be held on that incident rather than open a new one.
func (s *Service) reopens(in *Integration, g *AlertGroup) bool { return s.withinWindow(in, g) }

// notified records that g's alerts just told subscribers something.
func (s *Service) notified(g *AlertGroup, now time.Time) {
	g.NotifiedAt, g.Held = now, false
	if !g.ReviewDue {
		g.DueAt = nil
	}
}

// applyTarget adds the update that makes inc show t. A resolved incident
// whose alert fires again within the flap window opens again.
func (s *Service) applyTarget(inc *Incident, t alertTarget, msg string) {
	var diff []AffectedComponent
	for _, c := range t.Components {
		i := slices.IndexFunc(inc.Components, func(x AffectedComponent) bool { return x.ID == c.ID })
		if i < 0 || inc.Components[i].Status != c.Status {
			diff = append(diff, c)
		}
	}
	inc.Impact = t.Impact
	if inc.Status == Resolved && t.Status != Resolved {
		kind := KindUpdated
		if inc.Draft {
			kind = KindNote
		}
		inc.Status, inc.ResolvedAt = t.Status, nil
		inc.Components = mergeAffected(inc.Components, diff)
		s.addUpdate(inc, kind, t.Status, msg, diff)
		return
	}
	// Only a resolved incident refuses an update, and that case is above.
	s.applyUpdate(inc, UpdateInput{Status: t.Status, Message: msg, Components: diff})
}

func actionOf(t alertTarget) AlertAction {
	if t.Status == Resolved {
		return AlertResolved
	}
	return AlertUpdated
}

// alertNews is the message of an update that alerts caused.
func alertNews(t alertTarget, changed []Alert) string {
	var fired, recovered []Alert
	for _, a := range changed {
		if a.State == Firing {
			fired = append(fired, a)
		} else {
			recovered = append(recovered, a)
		}
	}
	switch {
	case !t.Firing && t.Status == Monitoring:
		return "All alerts have recovered. We are monitoring the service."
	case !t.Firing:
		return "All alerts have recovered."
	case len(fired) > 0:
		return alertMessage(fired[0])
	case len(recovered) > 0:
		return clip(alertTitle(&recovered[0])+" has recovered; other alerts are still firing.",
			MaxMessageLen)
	}
	return "The alert is firing again."
}

// originalText is the tool's own account of the alerts, kept on the
// incident as a private note.
func originalText(in *Integration, alerts []Alert) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Original alert from %s (%s):\n", in.Name, in.Source)
	for _, a := range alerts {
		fmt.Fprintf(&b, "\n[%s] %s\n", a.State, alertTitle(&a))
		if d := strings.TrimSpace(a.Description); d != "" {
			b.WriteString(d + "\n")
		}
		if a.Severity != "" {
			fmt.Fprintf(&b, "Severity: %s\n", a.Severity)
		}
		if len(a.Labels) > 0 {
			var kv []string
			for _, k := range slices.Sorted(maps.Keys(a.Labels)) {
				kv = append(kv, k+"="+a.Labels[k])
			}
			b.WriteString("Labels: " + strings.Join(kv, ", ") + "\n")
		}
		if !a.StartsAt.IsZero() {
			b.WriteString("Started: " + a.StartsAt.UTC().Format(time.RFC3339) + "\n")
		}
	}
	return clip(b.String(), MaxMessageLen)
}

func impactRank(i Impact) int {
	return slices.Index([]Impact{ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical}, i)
}

func timePtr(t time.Time) *time.Time { return &t }
