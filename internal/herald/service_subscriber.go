package herald

import (
	"context"
	"slices"
	"strconv"
)

// SubscriberInput is what an admin gives to add a subscriber.
type SubscriberInput struct {
	Type       SubscriberType `json:"type"`
	Address    string         `json:"address"`
	Components []string       `json:"components"`
	Consented  bool           `json:"consented"`
	Format     WebhookFormat  `json:"format"`
}

// CreateSubscriber adds a subscriber. One the admin marks as consented is
// active at once; any other waits, pending, for its confirmation, until
// PendingTTL from now. A webhook subscriber gets a signing secret. It
// sends nothing: Subscriptions.Add also sends the confirmation.
func (s *Service) CreateSubscriber(ctx context.Context, in SubscriberInput) (*Subscriber, error) {
	sub := &Subscriber{
		ID: NewID("sub"), Type: in.Type, Address: NormalizeAddress(in.Type, in.Address),
		Components: in.Components, State: Pending, Consented: in.Consented,
		Format: in.Format, CreatedAt: s.now(), UpdatedAt: s.now(),
	}
	if sub.Components == nil {
		sub.Components = []string{}
	}
	if in.Consented {
		sub.State = Active
	} else {
		until := sub.CreatedAt.Add(PendingTTL)
		sub.PendingUntil = &until
	}
	if sub.Type == Webhook {
		sub.Secret = NewWebhookSecret()
	}
	if err := sub.Validate(); err != nil {
		return nil, err
	}
	if err := checkFormat(sub.Type, sub.Format); err != nil {
		return nil, err
	}
	if err := s.checkComponentIDs(ctx, sub.Components); err != nil {
		return nil, err
	}
	if err := s.Store.CreateSubscriber(ctx, sub); err != nil {
		if IsConflict(err) {
			return nil, &Error{Code: ECONFLICT, Field: "address",
				Message: "a " + string(sub.Type) + " subscriber with this address already exists"}
		}
		return nil, err
	}
	return sub, nil
}

func (s *Service) checkComponentIDs(ctx context.Context, ids []string) error {
	comps, err := s.Store.Components(ctx)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if !slices.ContainsFunc(comps, func(c *Component) bool { return c.ID == id }) {
			return &Error{Code: ENOTFOUND, Field: "components[" + strconv.Itoa(i) + "]",
				Message: "there is no component " + quote(id)}
		}
	}
	return nil
}

// Subscribers lists subscribers in id order.
func (s *Service) Subscribers(ctx context.Context, o ListOptions) ([]*Subscriber, string, error) {
	if o.Limit <= 0 || o.Limit > 500 {
		o.Limit = 100
	}
	return s.Store.Subscribers(ctx, false, o)
}

// DeleteSubscriber removes a subscriber.
func (s *Service) DeleteSubscriber(ctx context.Context, id string) error {
	return s.Store.DeleteSubscriber(ctx, id)
}
