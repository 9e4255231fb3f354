package storetest

import (
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func testSubscriber(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("CreateOK", func(t *testing.T) {
		s := open(t)
		sub := &herald.Subscriber{
			ID: "sub_hook", Type: herald.Webhook, Address: "https://hooks.example.com/herald",
			Components: []string{"api", "web"}, State: herald.Active, Consented: true,
			CreatedAt: base.In(zone), UpdatedAt: at(1), Secret: herald.NewWebhookSecret(),
		}
		MustCreateSubscriber(t, s, sub)
		wantVersion(t, sub.Version, 1, "created subscriber")
		got := mustSubscriber(t, s, sub.ID)
		wantEqual(t, got, sub, "stored subscriber")
		wantUTC(t, "stored subscriber", got.CreatedAt, got.UpdatedAt)
	})

	t.Run("ErrDuplicateID", func(t *testing.T) {
		s := open(t)
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		err := s.CreateSubscriber(t.Context(), newSubscriber("sub_a", 2, herald.Active))
		wantCode(t, err, herald.ECONFLICT, "create a taken id")
	})

	t.Run("ErrDuplicateAddress", func(t *testing.T) {
		s := open(t)
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		err := s.CreateSubscriber(t.Context(), newSubscriber("sub_b", 1, herald.Pending))
		wantCode(t, err, herald.ECONFLICT, "create a taken address")
		_, err = s.Subscriber(t.Context(), "sub_b")
		wantCode(t, err, herald.ENOTFOUND, "the refused subscriber")

		// The address is taken for its type only; stores do not validate it.
		other := newSubscriber("sub_c", 1, herald.Active)
		other.Type = herald.Webhook
		MustCreateSubscriber(t, s, other)
	})

	t.Run("ErrEmptyID", func(t *testing.T) {
		err := open(t).CreateSubscriber(t.Context(), newSubscriber("", 1, herald.Active))
		wantCode(t, err, herald.EINVALID, "create without id")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := open(t).Subscriber(t.Context(), "sub_ghost")
		wantCode(t, err, herald.ENOTFOUND, "read a missing subscriber")
	})

	t.Run("UpdateOK", func(t *testing.T) {
		s := open(t)
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Pending))
		sub := mustSubscriber(t, s, "sub_a")
		sub.State, sub.Components, sub.UpdatedAt = herald.Active, []string{"api"}, at(2)
		noError(t, s.UpdateSubscriber(t.Context(), sub), "update subscriber")
		wantVersion(t, sub.Version, 2, "updated subscriber")
		wantEqual(t, mustSubscriber(t, s, "sub_a"), sub, "stored subscriber")
	})

	t.Run("ErrUpdateStale", func(t *testing.T) {
		s := open(t)
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Pending))
		a, b := mustSubscriber(t, s, "sub_a"), mustSubscriber(t, s, "sub_a")
		a.State = herald.Active
		noError(t, s.UpdateSubscriber(t.Context(), a), "first update")
		b.State = herald.Unsubscribed
		wantCode(t, s.UpdateSubscriber(t.Context(), b), herald.ECONFLICT, "stale update")
		wantVersion(t, b.Version, 1, "the loser's subscriber")
		wantEqual(t, mustSubscriber(t, s, "sub_a"), a, "stored subscriber")
	})

	t.Run("ErrUpdateMissing", func(t *testing.T) {
		sub := newSubscriber("sub_ghost", 1, herald.Active)
		sub.Version = 1
		err := open(t).UpdateSubscriber(t.Context(), sub)
		wantCode(t, err, herald.ENOTFOUND, "update a missing subscriber")
	})

	t.Run("UpdateAddress", func(t *testing.T) {
		s := open(t)
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		MustCreateSubscriber(t, s, newSubscriber("sub_b", 2, herald.Active))
		a := mustSubscriber(t, s, "sub_a")
		a.Address = "reader3@example.com"
		noError(t, s.UpdateSubscriber(t.Context(), a), "move to a free address")
		MustCreateSubscriber(t, s, newSubscriber("sub_c", 1, herald.Active))

		b := mustSubscriber(t, s, "sub_b")
		stored := *b
		b.Address = "reader3@example.com"
		err := s.UpdateSubscriber(t.Context(), b)
		wantCode(t, err, herald.ECONFLICT, "move to a taken address")
		wantEqual(t, mustSubscriber(t, s, "sub_b"), &stored, "the refused subscriber")
	})

	t.Run("DeleteOK", func(t *testing.T) {
		s := open(t)
		MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		noError(t, s.DeleteSubscriber(t.Context(), "sub_a"), "delete subscriber")
		_, err := s.Subscriber(t.Context(), "sub_a")
		wantCode(t, err, herald.ENOTFOUND, "read a deleted subscriber")
		for _, active := range []bool{false, true} {
			wantEqual(t, walkSubscribers(t, s, active, 10), []*herald.Subscriber{}, "subscribers")
		}
		MustCreateSubscriber(t, s, newSubscriber("sub_b", 1, herald.Active))
	})

	t.Run("ErrDeleteMissing", func(t *testing.T) {
		err := open(t).DeleteSubscriber(t.Context(), "sub_ghost")
		wantCode(t, err, herald.ENOTFOUND, "delete a missing subscriber")
	})
}
