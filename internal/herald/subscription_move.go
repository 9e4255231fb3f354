package herald

import "context"

// move puts sub on the e-mail address or phone number addr, pending until
// it is confirmed there, and sends the confirmation. If another subscriber
// holds addr, nothing changes, and the answer is the same.
func (s *Subscriptions) move(ctx context.Context, sub *Subscriber, addr string,
	components []string) (*ManageResult, error) {
	taken, err := s.taken(ctx, sub, addr)
	if err != nil {
		return nil, err
	}
	if taken {
		return &ManageResult{Subscriber: sub, Moved: true}, nil
	}
	var moved *Subscriber
	err = s.update(ctx, sub.ID, func(cur *Subscriber) bool {
		cur.Address, cur.Components = addr, components
		cur.State, cur.Consented, cur.PendingUntil = Pending, false, s.pendingFor()
		moved = cur
		return true
	})
	switch {
	case IsNotFound(err):
		return nil, errGone
	case IsConflict(err):
		return &ManageResult{Subscriber: sub, Moved: true}, nil // taken meanwhile
	case err != nil:
		return nil, err
	}
	if _, err := s.sendConfirmation(ctx, moved); err != nil {
		return nil, err
	}
	return &ManageResult{Subscriber: moved, Moved: true}, nil
}

// moveWebhook points the webhook sub at the URL addr once a test delivery
// there, signed with sub's secret, is accepted.
func (s *Subscriptions) moveWebhook(ctx context.Context, sub *Subscriber, addr string,
	components []string) (*ManageResult, error) {
	if err := s.checkURL(ctx, addr); err != nil {
		return nil, err
	}
	taken, err := s.taken(ctx, sub, addr)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, FieldError("address", "this URL cannot be used; choose another")
	}
	trial := *sub
	trial.Address, trial.Components = addr, components
	res := &SignupResult{}
	if !s.tryWebhook(ctx, &trial, res) {
		return nil, FieldError("address", "%s", res.Refusal)
	}

	var moved *Subscriber
	err = s.update(ctx, sub.ID, func(cur *Subscriber) bool {
		cur.Address, cur.Components = addr, components
		moved = cur
		return true
	})
	switch {
	case IsNotFound(err):
		return nil, errGone
	case IsConflict(err):
		return nil, FieldError("address", "this URL cannot be used; choose another")
	case err != nil:
		return nil, err
	}
	return &ManageResult{Subscriber: moved}, nil
}

// taken reports whether a subscriber other than sub holds addr on sub's
// channel.
func (s *Subscriptions) taken(ctx context.Context, sub *Subscriber, addr string) (bool, error) {
	other, err := s.store().SubscriberByAddress(ctx, sub.Type, addr)
	if IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return other.ID != sub.ID, nil
}
