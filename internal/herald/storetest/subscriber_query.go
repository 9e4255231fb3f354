package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func testSubscriberByAddress(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		a := MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		hook := newSubscriber("sub_b", 1, herald.Active)
		hook.Type = herald.Webhook // the same address on another channel
		MustCreateSubscriber(t, s, hook)
		got, err := s.SubscriberByAddress(t.Context(), herald.Email, a.Address)
		noError(t, err, "read by address")
		wantEqual(t, got, a, "subscriber by address")
		got, err = s.SubscriberByAddress(t.Context(), herald.Webhook, a.Address)
		noError(t, err, "read the webhook by address")
		wantEqual(t, got.ID, "sub_b", "webhook by address")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.SubscriberByAddress(t.Context(), herald.Email, "nobody@example.com")
		wantCode(t, err, herald.ENOTFOUND, "read a free address")

		sub := MustCreateSubscriber(t, s, newSubscriber("sub_a", 1, herald.Active))
		old := sub.Address
		sub.Address = "moved@example.com"
		noError(t, s.UpdateSubscriber(t.Context(), sub), "move address")
		_, err = s.SubscriberByAddress(t.Context(), herald.Email, old)
		wantCode(t, err, herald.ENOTFOUND, "read the address left")
		noError(t, s.DeleteSubscriber(t.Context(), sub.ID), "delete")
		_, err = s.SubscriberByAddress(t.Context(), herald.Email, sub.Address)
		wantCode(t, err, herald.ENOTFOUND, "read a deleted subscriber's address")
	})

	t.Run("PendingToActive", func(t *testing.T) {
		// A pending subscriber expires with its address; once active,
		// both stay.
		s := open(t)
		sub := newSubscriber("sub_a", 1, herald.Pending)
		until := time.Now().Add(time.Hour).UTC()
		sub.PendingUntil = &until
		MustCreateSubscriber(t, s, sub)
		sub.State, sub.PendingUntil = herald.Active, nil
		noError(t, s.UpdateSubscriber(t.Context(), sub), "activate")
		got, err := s.SubscriberByAddress(t.Context(), herald.Email, sub.Address)
		noError(t, err, "read by address after activation")
		wantEqual(t, got, sub, "activated subscriber")
	})
}

// seedSearch stores 24 subscribers of every type and state, and two
// pending ones, one expired, and returns the live ones in id order.
func seedSearch(t *testing.T, s herald.Store) []*herald.Subscriber {
	t.Helper()
	types := []herald.SubscriberType{herald.Email, herald.SMS, herald.Webhook}
	states := []herald.SubscriberState{herald.Active, herald.Pending, herald.Unsubscribed}
	var live []*herald.Subscriber
	for i := range 24 {
		sub := newSubscriber(fmt.Sprintf("sub_%02d", i), i, states[i%3])
		sub.Type = types[i/3%3]
		live = append(live, MustCreateSubscriber(t, s, sub))
	}
	soon, gone := time.Now().Add(time.Hour).UTC(), time.Now().Add(-time.Hour).UTC()
	fresh := newSubscriber("sub_30", 30, herald.Pending)
	fresh.PendingUntil = &soon
	live = append(live, MustCreateSubscriber(t, s, fresh))
	expired := newSubscriber("sub_31", 31, herald.Pending)
	expired.PendingUntil = &gone
	MustCreateSubscriber(t, s, expired)
	return live
}

func testSearchSubscribers(t *testing.T, open func(*testing.T) herald.Store) {
	s := open(t)
	live := seedSearch(t, s)
	for _, f := range []herald.SubscriberFilter{
		{},
		{State: herald.Active},
		{State: herald.Pending},
		{State: herald.Unsubscribed, Type: herald.SMS},
		{Type: herald.Webhook},
		{Query: "reader1"},
		{Query: "@example.com", State: herald.Pending},
		{Query: "nobody"},
	} {
		want := []*herald.Subscriber{}
		for _, sub := range live {
			if f.Match(sub) {
				want = append(want, sub)
			}
		}
		for _, limit := range []int{1, 4, 100} {
			got := walkSearch(t, s, f, limit)
			wantEqual(t, got, want, fmt.Sprintf("search %+v by %d", f, limit))
		}
	}
	_, _, err := s.SearchSubscribers(t.Context(), herald.SubscriberFilter{},
		herald.ListOptions{Cursor: "not-a-cursor!"})
	wantCode(t, err, herald.EINVALID, "search with a made-up cursor")
}

// walkSearch reads every page of a search, as walk does.
func walkSearch(t *testing.T, s herald.Store, f herald.SubscriberFilter,
	limit int) []*herald.Subscriber {
	t.Helper()
	return walk(t, "subscribers found", limit, "",
		func(o herald.ListOptions) ([]*herald.Subscriber, string, error) {
			return s.SearchSubscribers(t.Context(), f, o)
		})
}

func testCountSubscribers(t *testing.T, open func(*testing.T) herald.Store) {
	s := open(t)
	got, err := s.CountSubscribers(t.Context())
	noError(t, err, "count none")
	wantEqual(t, got, herald.NewSubscriberCounts(), "counts of an empty store")

	want := herald.NewSubscriberCounts()
	for _, sub := range seedSearch(t, s) {
		want.Add(sub.Type, sub.State)
	}
	got, err = s.CountSubscribers(t.Context())
	noError(t, err, "count")
	wantEqual(t, got, want, "counts")
	wantEqual(t, got.Total, 25, "total, the expired one left out")
}
