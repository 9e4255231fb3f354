package herald

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// SettleAlerts finishes what alert groups left waiting: a change the flap
// window held is announced once the window has passed, if the incident
// still shows something other than what its alerts say (a flap that ended
// where it began announces nothing), and a review mail that failed is sent
// again. Something should call it every minute or so; it returns how many
// groups it looked at, and the first error it met, having gone on past it.
func (s *Service) SettleAlerts(ctx context.Context) (int, error) {
	groups, err := s.Store.AlertGroupsDue(ctx, s.now())
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, g := range groups {
		review, err := s.settleGroup(ctx, g.Key)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if review != nil {
			if err := s.sendReview(ctx, review, g.Key); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return len(groups), errors.Join(errs...)
}

// settleGroup announces a held change of one group, if it is due, and
// returns the group's integration when its review mail is still to send.
func (s *Service) settleGroup(ctx context.Context, key string) (*Integration, error) {
	id, _, _ := strings.Cut(key, "/")
	in, err := s.Store.Integration(ctx, id)
	if err != nil {
		return nil, err
	}
	var review bool
	err = retry(ctx, func() error {
		g, err := s.Store.AlertGroup(ctx, key)
		if err != nil {
			return err
		}
		now := s.now()
		if g.DueAt == nil || g.DueAt.After(now) {
			return nil
		}
		review = g.ReviewDue
		if !g.Held {
			if !review {
				g.DueAt = nil
			}
			return s.Store.SaveAlertGroup(ctx, g)
		}
		if s.withinWindow(in, g) {
			// Due for its review mail; the held change waits on.
			g.DueAt = timePtr(g.NotifiedAt.Add(in.flapWindow()))
			return s.Store.SaveAlertGroup(ctx, g)
		}
		return s.announceHeld(ctx, in, g)
	})
	if err != nil || !review {
		return nil, err
	}
	return in, nil
}

// announceHeld brings a group's incident in line with its alerts once the
// flap window has passed.
func (s *Service) announceHeld(ctx context.Context, in *Integration, g *AlertGroup) error {
	inc, err := s.Store.Incident(ctx, g.IncidentID)
	if err != nil {
		return err
	}
	now := s.now()
	t := s.target(in, inc, g)
	if inc.Draft || !t.changes(inc) {
		g.Held = false
		if !g.ReviewDue {
			g.DueAt = nil
		}
		return s.Store.SaveAlertGroup(ctx, g)
	}
	old := clone(inc)
	msg := alertNews(t, nil)
	if t.Firing {
		msg = "The alert is firing again: " + heldSummary(g) + "."
	}
	s.applyTarget(inc, t, msg)
	s.notified(g, now)
	g.UpdatedAt = now
	return s.save(ctx, old, inc, g)
}

// heldSummary names the group's firing alerts.
func heldSummary(g *AlertGroup) string {
	var names []string
	for fp, st := range g.Alerts {
		if st == Firing && g.Info[fp].Summary != "" {
			names = append(names, g.Info[fp].Summary)
		}
	}
	if len(names) == 0 {
		return "see the incident for details"
	}
	slices.Sort(names)
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return clip(strings.Join(names, "; "), MaxMessageLen/2)
}
