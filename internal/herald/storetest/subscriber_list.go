package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func testSubscribers(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("Pages", func(t *testing.T) {
		s := open(t)
		all := seedSubscribers(t, s, 25)
		active := activeOf(all)
		for _, limit := range []int{1, 7, len(active), 100} {
			wantEqual(t, walkSubscribers(t, s, false, limit), all,
				fmt.Sprintf("subscribers by %d", limit))
			wantEqual(t, walkSubscribers(t, s, true, limit), active,
				fmt.Sprintf("active subscribers by %d", limit))
		}
	})

	t.Run("ActiveChanges", func(t *testing.T) {
		s := open(t)
		all := seedSubscribers(t, s, 9)
		for i, sub := range all[:4] {
			if sub.State == herald.Active {
				sub.State = herald.Unsubscribed
			} else {
				sub.State = herald.Active
			}
			noError(t, s.UpdateSubscriber(t.Context(), sub), "update subscriber")
			all[i] = sub
		}
		wantEqual(t, walkSubscribers(t, s, true, 2), activeOf(all), "active subscribers")
	})

	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := open(t).Subscribers(t.Context(), true,
			herald.ListOptions{Cursor: "%%% not a cursor %%%", Limit: 10})
		wantCode(t, err, herald.EINVALID, "list with a made-up cursor")
	})
}

// seedSubscribers creates n subscribers with random ids, one in three
// active, and returns them in id order.
func seedSubscribers(t *testing.T, s herald.Store, n int) []*herald.Subscriber {
	t.Helper()
	states := []herald.SubscriberState{herald.Active, herald.Pending, herald.Unsubscribed}
	out := make([]*herald.Subscriber, n)
	for i := range n {
		out[i] = MustCreateSubscriber(t, s, newSubscriber(herald.NewID("sub"), i, states[i%3]))
	}
	slices.SortFunc(out, func(a, b *herald.Subscriber) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func activeOf(subs []*herald.Subscriber) []*herald.Subscriber {
	out := []*herald.Subscriber{}
	for _, s := range subs {
		if s.State == herald.Active {
			out = append(out, s)
		}
	}
	return out
}

// walkSubscribers reads every page of the subscribers list, as walk does.
func walkSubscribers(t *testing.T, s herald.Store, activeOnly bool,
	limit int) []*herald.Subscriber {
	t.Helper()
	return walk(t, "subscribers", limit, "",
		func(o herald.ListOptions) ([]*herald.Subscriber, string, error) {
			return s.Subscribers(t.Context(), activeOnly, o)
		})
}
