package herald

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// SignupInput is what a person gives to subscribe: a channel, an address
// on it, the components to hear about (all when empty) and, for a
// webhook, the body format.
type SignupInput struct {
	Type       SubscriberType `json:"type"`
	Address    string         `json:"address"`
	Components []string       `json:"components"`
	Format     WebhookFormat  `json:"format"`
}

// SignupResult is the answer to a sign-up. For e-mail and SMS it is the
// same whether the address was new, pending, unsubscribed or active. A
// webhook's answer carries the secret its test delivery was signed with,
// and whether the receiver accepted it, which depends on the receiver
// alone.
type SignupResult struct {
	Type     SubscriberType
	Address  string // as normalised
	Secret   string // webhook only
	Accepted bool   // webhook only: the test delivery was answered 2xx
	Refusal  string // webhook only: why it was not, in words safe to show
}

// SignUp subscribes the person at in.Address, pending until they confirm,
// for a request from client (an IP address; "" counts as one client). It
// returns ETOOMANY when client has signed up too often this hour, and an
// EUNPROCESSABLE error about the field at fault for bad input.
//
// A pending, unsubscribed or expired subscriber with the address starts
// again as pending, with the new components. An active e-mail or SMS
// subscriber is left as it is and told nothing. An active webhook gets a
// test delivery signed with a new secret, which replaces the old one, with
// the new components, only if the receiver accepts it: a receiver that
// checks signatures with the old secret refuses it.
func (s *Subscriptions) SignUp(ctx context.Context, client string,
	in SignupInput) (*SignupResult, error) {
	if err := s.limitClient(ctx, client); err != nil {
		return nil, err
	}
	cand, err := s.candidate(ctx, in.Type, in.Address, in.Components, in.Format)
	if err != nil {
		return nil, err
	}
	res := &SignupResult{Type: cand.Type, Address: cand.Address, Secret: cand.Secret}

	sub, active, err := s.savePending(ctx, cand)
	switch {
	case err != nil:
		return nil, err
	case cand.Type == Webhook && active:
		s.rotateWebhook(ctx, sub, cand, res)
		return res, nil
	case cand.Type == Webhook:
		s.testWebhook(ctx, sub, res)
		return res, nil
	case active:
		return res, nil
	}
	if _, err := s.sendConfirmation(ctx, sub); err != nil {
		return nil, err
	}
	return res, nil
}

// limitClient counts one sign-up from client and refuses it past the
// limit.
func (s *Subscriptions) limitClient(ctx context.Context, client string) error {
	n, err := s.hit(ctx, "signup:"+HashSecret(client))
	if err != nil {
		return err
	}
	if n > s.Limits.signups() {
		return Errorf(ETOOMANY, "too many sign-ups from your network; try again in an hour")
	}
	return nil
}

// candidate returns the pending subscriber that in describes, checked
// and not yet stored.
func (s *Subscriptions) candidate(ctx context.Context, t SubscriberType, address string,
	components []string, f WebhookFormat) (*Subscriber, error) {
	now := s.now()
	until := now.Add(PendingTTL)
	sub := &Subscriber{
		ID: NewID("sub"), Type: t, Address: NormalizeAddress(t, address),
		Components: components, State: Pending, Format: f, PendingUntil: &until,
		CreatedAt: now, UpdatedAt: now,
	}
	if sub.Components == nil {
		sub.Components = []string{}
	}
	if err := sub.Validate(); err != nil {
		return nil, err
	}
	if err := checkFormat(t, f); err != nil {
		return nil, err
	}
	if err := s.Service.checkComponentIDs(ctx, sub.Components); err != nil {
		return nil, err
	}
	if t == Webhook {
		sub.Secret = NewWebhookSecret()
		if err := s.checkURL(ctx, sub.Address); err != nil {
			return nil, err
		}
	}
	return sub, nil
}

func (s *Subscriptions) checkURL(ctx context.Context, addr string) error {
	if s.Checker == nil {
		return nil
	}
	return s.Checker.CheckURL(ctx, addr)
}

// savePending stores cand, or makes the subscriber that holds its address
// pending again with cand's choices, and returns what is stored. When that
// subscriber is active it is returned unchanged, with active set.
func (s *Subscriptions) savePending(ctx context.Context,
	cand *Subscriber) (sub *Subscriber, active bool, err error) {
	err = retry(ctx, func() error {
		old, err := s.store().SubscriberByAddress(ctx, cand.Type, cand.Address)
		if IsNotFound(err) {
			fresh := *cand
			sub, active = &fresh, false
			return s.store().CreateSubscriber(ctx, sub)
		}
		if err != nil {
			return err
		}
		if old.State == Active {
			sub, active = old, true
			return nil
		}
		old.State, old.Consented = Pending, false
		old.Components, old.Format = cand.Components, cand.Format
		old.PendingUntil, old.UpdatedAt = cand.PendingUntil, cand.UpdatedAt
		if cand.Type == Webhook {
			old.Secret = cand.Secret
		}
		sub, active = old, false
		return lostIfGone(s.store().UpdateSubscriber(ctx, sub))
	})
	return sub, active, err
}

// lostIfGone turns an update's ENOTFOUND into a conflict, so that retry
// reads again: the item was deleted, or expired, since it was read.
func lostIfGone(err error) error {
	if IsNotFound(err) {
		return Errorf(ECONFLICT, "the subscriber went away while it was changed")
	}
	return err
}

// sendConfirmation sends sub its confirmation, unless its address has had
// its fill of them this hour; it reports whether it sent one.
func (s *Subscriptions) sendConfirmation(ctx context.Context, sub *Subscriber) (bool, error) {
	n, err := s.hit(ctx, "confirm:"+string(sub.Type)+":"+HashSecret(sub.Address))
	if err != nil {
		return false, err
	}
	if n > s.Limits.confirmations() {
		return false, nil
	}
	c, ok := s.Confirmers[sub.Type]
	if !ok {
		return false, Errorf(EUNAVAILABLE, "%s confirmations cannot be sent", sub.Type)
	}
	conf := &Confirmation{
		ID: NewID("cnf"), Page: s.Page, Subscriber: *sub, CreatedAt: s.now(),
		ExpiresAt: s.now().Add(PendingTTL),
	}
	if sub.PendingUntil != nil {
		conf.ExpiresAt = *sub.PendingUntil
	}
	if sub.Type == SMS {
		code, err := s.code(sub)
		if err != nil {
			return false, err
		}
		conf.Code = code
	}
	return true, c.SendConfirmation(ctx, conf)
}

// code returns the six-digit SMS code of sub's current confirmation. It
// changes whenever the subscriber is made pending again.
func (s *Subscriptions) code(sub *Subscriber) (string, error) {
	if len(s.CodeKey) < 16 || sub.PendingUntil == nil {
		return "", &Error{Code: EINTERNAL, Message: "SMS codes cannot be made",
			Err: fmt.Errorf("herald: no code key, or subscriber %s is not pending", sub.ID)}
	}
	mac := hmac.New(sha256.New, s.CodeKey)
	fmt.Fprintf(mac, "herald-sms-code\x00%s\x00%d", sub.ID, sub.PendingUntil.UnixNano())
	n := binary.BigEndian.Uint64(mac.Sum(nil)[:8]) % 1_000_000
	return fmt.Sprintf("%06d", n), nil
}

// pendingFor returns when a subscriber made pending now expires.
func (s *Subscriptions) pendingFor() *time.Time {
	until := s.now().Add(PendingTTL)
	return &until
}
