package herald

import "context"

// Review is what admins are told of a draft a monitoring tool opened, so
// that they can rewrite its machine text for people and publish it.
type Review struct {
	Incident    Incident    // the draft, private notes included
	Integration Integration // the tool that opened it; no key hash or secret
	Components  []Component // every component, to name the draft's by
	Original    string      // the tool's own text, as the draft's first note keeps it
}

// ReviewSender tells the admins of a draft to review, by e-mail to their
// review address. SendReview returns nil once the message is handed on; a
// review already sent may be sent again after a failure, with the same
// incident, so a sender that can should drop the second.
type ReviewSender interface {
	SendReview(ctx context.Context, r *Review) error
}

// sendReview sends the review mail of the draft that the group with the
// given key opened, if it is still due, and records that it went.
func (s *Service) sendReview(ctx context.Context, in *Integration, key string) error {
	if s.Review == nil {
		return nil
	}
	g, err := s.Store.AlertGroup(ctx, key)
	if err != nil || !g.ReviewDue {
		return err
	}
	inc, err := s.Store.Incident(ctx, g.IncidentID)
	if err != nil {
		return err
	}
	if inc.Draft {
		if err := s.Review.SendReview(ctx, s.review(ctx, in, inc)); err != nil {
			return err
		}
	}
	return retry(ctx, func() error {
		g, err := s.Store.AlertGroup(ctx, key)
		if err != nil || !g.ReviewDue {
			return err
		}
		g.ReviewDue = false
		if !g.Held {
			g.DueAt = nil
		}
		return s.Store.SaveAlertGroup(ctx, g)
	})
}

// review builds the review of a draft. Missing component names only make
// the mail plainer, so a failure to read them is not one of sending.
func (s *Service) review(ctx context.Context, in *Integration, inc *Incident) *Review {
	r := &Review{Incident: *inc, Integration: *in}
	r.Integration.KeyHash, r.Integration.SigningSecret = "", ""
	if comps, err := s.Store.Components(ctx); err == nil {
		for _, c := range comps {
			r.Components = append(r.Components, *c)
		}
	}
	if n := len(inc.Updates); n > 0 {
		r.Original = inc.Updates[n-1].Message
	}
	return r
}
