package herald

import "context"

// PublishInput publishes a draft, optionally with a message rewritten for
// people; without one, the draft's latest note is used.
type PublishInput struct {
	Message string `json:"message"`
}

// Publish makes a draft public: its components take their statuses and
// subscribers hear of it.
func (s *Service) Publish(ctx context.Context, id string, in PublishInput) (*Incident, error) {
	if in.Message != "" {
		if err := ValidateMessage("message", in.Message); err != nil {
			return nil, err
		}
	}
	var inc *Incident
	err := retry(ctx, func() error {
		var err error
		if inc, err = s.Store.Incident(ctx, id); err != nil {
			return err
		}
		if !inc.Draft {
			return Errorf(ECONFLICT, "incident %s is already published", inc.ID)
		}
		if inc.Status == Resolved {
			return Errorf(ECONFLICT, "incident %s was resolved while a draft; "+
				"there is nothing to announce", inc.ID)
		}
		comps, err := s.Store.Components(ctx)
		if err != nil {
			return err
		}
		// A component may have been deleted since the draft was written.
		if err := checkComponents("components", inc.Components, comps); err != nil {
			return err
		}
		old := clone(inc)
		msg := in.Message
		if msg == "" {
			msg = latestMessage(inc)
		}
		inc.Draft = false
		t := s.now()
		inc.PublishedAt = &t
		s.addUpdate(inc, KindCreated, inc.Status, msg, inc.Components)
		return s.save(ctx, old, inc, nil)
	})
	return inc, err
}

func latestMessage(inc *Incident) string {
	if len(inc.Updates) > 0 {
		return inc.Updates[0].Message
	}
	return inc.Title
}
