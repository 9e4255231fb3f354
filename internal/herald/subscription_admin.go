package herald

import "context"

// Add adds a subscriber for an admin. One marked consented is active at
// once. Any other is pending and is sent its confirmation: an e-mail or
// SMS, or for a webhook a test delivery, which makes it active if the
// receiver accepts it. ECONFLICT if the address is taken.
func (s *Subscriptions) Add(ctx context.Context, in SubscriberInput) (*Subscriber, error) {
	if in.Type == Webhook {
		if err := s.checkURL(ctx, NormalizeAddress(in.Type, in.Address)); err != nil {
			return nil, err
		}
	}
	sub, err := s.Service.CreateSubscriber(ctx, in)
	if err != nil || sub.State != Pending {
		return sub, err
	}
	if sub.Type != Webhook {
		if _, err := s.sendConfirmation(ctx, sub); err != nil {
			// The subscriber stays, pending; adding it again sends again.
			return nil, err
		}
		return sub, nil
	}
	s.testWebhook(ctx, sub, &SignupResult{})
	got, err := s.store().Subscriber(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	return got, nil
}

// Search returns a page of the subscribers passing f, in id order.
func (s *Subscriptions) Search(ctx context.Context, f SubscriberFilter,
	o ListOptions) ([]*Subscriber, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	if o.Limit <= 0 || o.Limit > 500 {
		o.Limit = 100
	}
	return s.store().SearchSubscribers(ctx, f, o)
}

// Counts counts the subscribers by state and by type.
func (s *Subscriptions) Counts(ctx context.Context) (*SubscriberCounts, error) {
	return s.store().CountSubscribers(ctx)
}

// Get returns one subscriber for an admin, expired or not.
func (s *Subscriptions) Get(ctx context.Context, id string) (*Subscriber, error) {
	return s.store().Subscriber(ctx, id)
}
