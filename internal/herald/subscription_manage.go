package herald

import (
	"context"
	"crypto/subtle"
	"slices"
	"time"
)

// The links in messages name a subscriber by id and are checked by the
// adapter that serves them (package signedlink); these methods trust the
// id they are given.

// errGone is the answer for a subscriber that was deleted or expired.
var errGone = Errorf(ENOTFOUND, "this subscription no longer exists; sign up again on the status page")

// Subscriber returns the subscriber id for its own pages: ENOTFOUND if it
// is gone or expired.
func (s *Subscriptions) Subscriber(ctx context.Context, id string) (*Subscriber, error) {
	sub, err := s.store().Subscriber(ctx, id)
	if IsNotFound(err) || err == nil && sub.Expired(s.now()) {
		return nil, errGone
	}
	return sub, err
}

// errReplaced is the answer to a confirm link of an earlier sign-up.
var errReplaced = Errorf(EUNAUTHORIZED,
	"this link was replaced by a newer one; use the link in your latest message")

// CurrentLink reports whether a confirm link that expires at expires was
// made for s as it is: confirmations expire with their subscriber's
// PendingUntil, which every new sign-up and every move moves on, so the
// links of earlier ones no longer confirm. That keeps a link sent for
// one address from confirming another the subscriber moved to.
func (s *Subscriber) CurrentLink(expires time.Time) bool {
	return s.State != Pending || s.PendingUntil != nil && s.PendingUntil.Unix() == expires.Unix()
}

// Confirm makes the pending subscriber id active, given that the confirm
// link expires at linkExpires. Confirming an active one again changes
// nothing. It returns ENOTFOUND for a subscriber that is gone or expired,
// EUNAUTHORIZED for a link that is not its current one (see CurrentLink),
// and ECONFLICT for one that has unsubscribed since.
func (s *Subscriptions) Confirm(ctx context.Context, id string,
	linkExpires time.Time) (*Subscriber, error) {
	var out *Subscriber
	now := s.now()
	stale := false
	err := s.update(ctx, id, func(cur *Subscriber) bool {
		out = cur
		if cur.Expired(now) || cur.State != Pending {
			return false
		}
		if stale = !cur.CurrentLink(linkExpires); stale {
			return false
		}
		cur.State, cur.PendingUntil = Active, nil
		return true
	})
	switch {
	case IsNotFound(err) || err == nil && out.Expired(now):
		return nil, errGone
	case err == nil && stale:
		return nil, errReplaced
	case err != nil:
		return nil, err
	case out.State == Unsubscribed:
		return nil, Errorf(ECONFLICT,
			"this subscription was cancelled; sign up again on the status page")
	}
	return out, nil
}

// errWrongCode is the one answer for every code that does not confirm.
var errWrongCode = &Error{Code: EUNAUTHORIZED, Field: "code",
	Message: "the code is not right or has expired; sign up again for a new one"}

// ConfirmCode confirms the pending SMS subscriber at address with the code
// it was sent. Every failure, an unknown number included, is the same
// EUNAUTHORIZED error, and past a few tries an hour ETOOMANY.
func (s *Subscriptions) ConfirmCode(ctx context.Context, address, code string) (*Subscriber, error) {
	address = NormalizeAddress(SMS, address)
	n, err := s.hit(ctx, "code:"+HashSecret(address))
	if err != nil {
		return nil, err
	}
	if n > s.Limits.codes() {
		return nil, Errorf(ETOOMANY, "too many codes tried for this number; try again in an hour")
	}
	sub, err := s.store().SubscriberByAddress(ctx, SMS, address)
	if IsNotFound(err) {
		return nil, errWrongCode
	}
	if err != nil {
		return nil, err
	}
	if sub.State != Pending || sub.Expired(s.now()) {
		return nil, errWrongCode
	}
	want, err := s.code(sub)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(code)) != 1 {
		return nil, errWrongCode
	}
	return s.Confirm(ctx, sub.ID, *sub.PendingUntil)
}

// Unsubscribe stops everything to subscriber id. Unsubscribing one that
// has unsubscribed, or is gone, succeeds and changes nothing, so that a
// one-click unsubscribe always works.
func (s *Subscriptions) Unsubscribe(ctx context.Context, id string) error {
	err := s.update(ctx, id, func(cur *Subscriber) bool {
		if cur.State == Unsubscribed {
			return false
		}
		cur.State, cur.PendingUntil = Unsubscribed, nil
		return true
	})
	if IsNotFound(err) {
		return nil
	}
	return err
}

// Preferences is what a subscriber changes on the manage page.
type Preferences struct {
	Components []string `json:"components"` // all when empty
	Address    string   `json:"address"`    // "" keeps the address
}

// ManageResult says what a change of preferences did.
type ManageResult struct {
	Subscriber *Subscriber
	// Moved is set when a new e-mail address or phone number was asked
	// for: the subscriber is pending on it until it is confirmed there.
	Moved bool
}

// Manage changes the components of subscriber id and, if asked, its
// address. A new webhook URL must accept a test delivery first; a new
// e-mail address or phone number makes the subscriber pending until it is
// confirmed there. An address another subscriber holds is answered as if
// it were free, and nothing changes. Unsubscribed subscribers cannot be
// changed (ECONFLICT).
func (s *Subscriptions) Manage(ctx context.Context, id string, p Preferences) (*ManageResult, error) {
	sub, err := s.Subscriber(ctx, id)
	if err != nil {
		return nil, err
	}
	if sub.State == Unsubscribed {
		return nil, Errorf(ECONFLICT, "this subscription was cancelled; sign up again on the status page")
	}
	if p.Components == nil {
		p.Components = []string{}
	}
	if len(p.Components) > MaxComponents {
		return nil, FieldError("components", "must list at most %d components", MaxComponents)
	}
	if err := s.Service.checkComponentIDs(ctx, p.Components); err != nil {
		return nil, err
	}
	addr := NormalizeAddress(sub.Type, p.Address)
	if addr == "" || addr == sub.Address {
		return s.setComponents(ctx, id, p.Components)
	}
	if err := ValidateAddress(sub.Type, addr); err != nil {
		return nil, err
	}
	if sub.Type == Webhook {
		return s.moveWebhook(ctx, sub, addr, p.Components)
	}
	return s.move(ctx, sub, addr, p.Components)
}

func (s *Subscriptions) setComponents(ctx context.Context, id string,
	components []string) (*ManageResult, error) {
	res := &ManageResult{}
	err := s.update(ctx, id, func(cur *Subscriber) bool {
		res.Subscriber = cur
		if slices.Equal(cur.Components, components) {
			return false
		}
		cur.Components = components
		return true
	})
	if IsNotFound(err) {
		return nil, errGone
	}
	return res, err
}
