package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func testFollowers(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		subs := seedFollowers(t, s)
		for _, tc := range []struct {
			typ   herald.SubscriberType
			comps []string
			want  []string
		}{
			{herald.Email, []string{"api"}, []string{"e1_all", "e2_api", "e4_both"}},
			{herald.Email, []string{"web", "api"}, []string{"e1_all", "e2_api", "e3_web", "e4_both"}},
			{herald.Email, nil, []string{"e1_all"}},
			{herald.SMS, []string{"api"}, []string{"s1_api"}},
			{herald.SMS, []string{"web"}, nil},
			{herald.Webhook, []string{"db"}, []string{"w1_all"}},
		} {
			what := fmt.Sprintf("%s followers of %v", tc.typ, tc.comps)
			wantEqual(t, walkFollowers(t, s, tc.typ, tc.comps, 100), pick(subs, tc.want...), what)
		}
	})

	t.Run("Changes", func(t *testing.T) {
		s := open(t)
		subs := seedFollowers(t, s)
		subs["e3_web"].Components = []string{"api"}
		subs["e2_api"].State = herald.Unsubscribed
		subs["e5_pending"].State = herald.Active
		for _, id := range []string{"e3_web", "e2_api", "e5_pending"} {
			noError(t, s.UpdateSubscriber(t.Context(), subs[id]), "update "+id)
		}
		noError(t, s.DeleteSubscriber(t.Context(), "e4_both"), "delete e4_both")
		wantEqual(t, walkFollowers(t, s, herald.Email, []string{"api"}, 2),
			pick(subs, "e1_all", "e3_web", "e5_pending"), "followers after changes")
	})

	t.Run("Pages", func(t *testing.T) {
		s := open(t)
		comps := [][]string{nil, {"api"}, {"web"}, {"db", "api"}, {"web", "db"}}
		var want []*herald.Subscriber
		for i := range 30 {
			sub := newSubscriber(fmt.Sprintf("sub_%02d", i), i, herald.Active)
			sub.Components = comps[i%len(comps)]
			MustCreateSubscriber(t, s, sub)
			if i%len(comps) != 2 {
				want = append(want, sub)
			}
		}
		for _, limit := range []int{1, 4, 24, 100} {
			wantEqual(t, walkFollowers(t, s, herald.Email, []string{"db", "api"}, limit), want,
				fmt.Sprintf("followers by %d", limit))
		}
	})

	t.Run("ErrCursor", func(t *testing.T) {
		_, _, err := open(t).Followers(t.Context(), herald.Email, []string{"api"},
			herald.ListOptions{Cursor: "%%% not a cursor %%%", Limit: 10})
		wantCode(t, err, herald.EINVALID, "list with a made-up cursor")
	})
}

// seedFollowers creates subscribers of every type, following all, some or
// one of the components api, web and db, and returns them by id.
func seedFollowers(t *testing.T, s herald.Store) map[string]*herald.Subscriber {
	t.Helper()
	out := map[string]*herald.Subscriber{}
	add := func(id string, typ herald.SubscriberType, addr string, st herald.SubscriberState,
		comps ...string) {
		sub := &herald.Subscriber{ID: id, Type: typ, Address: addr, Components: comps,
			State: st, Consented: true, CreatedAt: base, UpdatedAt: base}
		out[id] = MustCreateSubscriber(t, s, sub)
	}
	add("e1_all", herald.Email, "all@example.com", herald.Active)
	add("e2_api", herald.Email, "api@example.com", herald.Active, "api")
	add("e3_web", herald.Email, "web@example.com", herald.Active, "web")
	add("e4_both", herald.Email, "both@example.com", herald.Active, "api", "web")
	add("e5_pending", herald.Email, "later@example.com", herald.Pending, "api")
	add("s1_api", herald.SMS, "+15550100", herald.Active, "api")
	add("w1_all", herald.Webhook, "https://hooks.example.com/status", herald.Active)
	return out
}

func pick(subs map[string]*herald.Subscriber, ids ...string) []*herald.Subscriber {
	out := []*herald.Subscriber{}
	for _, id := range slices.Sorted(slices.Values(ids)) {
		out = append(out, subs[id])
	}
	return out
}

// walkFollowers reads every page of a followers list, as walk does.
func walkFollowers(t *testing.T, s herald.Store, typ herald.SubscriberType, comps []string,
	limit int) []*herald.Subscriber {
	t.Helper()
	return walk(t, "followers", limit, "",
		func(o herald.ListOptions) ([]*herald.Subscriber, string, error) {
			return s.Followers(t.Context(), typ, comps, o)
		})
}
