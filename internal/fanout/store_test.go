package fanout_test

import (
	"context"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

// testStore is the embedded store, with failures a test can switch on.
type testStore struct {
	*bolt.DB

	mu             sync.Mutex
	claims         int
	failFollowers  error // returned by Followers when set
	failClaimAfter int   // ClaimDeliveries fails after this many calls, when > 0
	failClaimHalf  bool  // ClaimDeliveries claims half of its deliveries, then fails
}

// newStore opens an embedded store in a temporary folder, with the
// components api, web and db.
func newStore(tb testing.TB) *testStore {
	tb.Helper()
	db, err := bolt.Open(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	s := &testStore{DB: db}
	for _, id := range []string{"api", "web", "db"} {
		c := &herald.Component{ID: id, Name: "The " + id, Status: herald.Operational}
		if err := db.CreateComponent(tb.Context(), c); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

func (s *testStore) mustAdd(tb testing.TB, sub *herald.Subscriber) {
	tb.Helper()
	if err := s.CreateSubscriber(tb.Context(), sub); err != nil {
		tb.Fatal(err)
	}
}

// mustImport stores many subscribers, a thousand to a transaction.
func (s *testStore) mustImport(tb testing.TB, subs []*herald.Subscriber) {
	tb.Helper()
	if err := s.ImportSubscribers(tb.Context(), subs); err != nil {
		tb.Fatal(err)
	}
}

func (s *testStore) Followers(ctx context.Context, t herald.SubscriberType, comps []string,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	s.mu.Lock()
	err := s.failFollowers
	s.mu.Unlock()
	if err != nil {
		return nil, "", err
	}
	return s.DB.Followers(ctx, t, comps, o)
}

func (s *testStore) ClaimDeliveries(ctx context.Context,
	ds []*herald.Delivery) ([]*herald.Delivery, error) {
	s.mu.Lock()
	fail := s.failClaimAfter > 0 && s.claims >= s.failClaimAfter
	s.claims++
	s.mu.Unlock()
	if fail {
		return nil, herald.Unavailable(nil, "the store")
	}
	if s.failClaimHalf {
		if _, err := s.DB.ClaimDeliveries(ctx, ds[:len(ds)/2]); err != nil {
			return nil, err
		}
		return nil, herald.Unavailable(nil, "the store")
	}
	return s.DB.ClaimDeliveries(ctx, ds)
}

// deliveries returns the stored deliveries of INC-0042 by id.
func (s *testStore) deliveries(tb testing.TB) map[string]herald.Delivery {
	tb.Helper()
	out := map[string]herald.Delivery{}
	o := herald.ListOptions{Limit: 1000}
	for {
		ds, next, err := s.Deliveries(tb.Context(), "INC-0042", o)
		if err != nil {
			tb.Fatal(err)
		}
		for _, d := range ds {
			out[d.ID] = *d
		}
		if next == "" {
			return out
		}
		o.Cursor = next
	}
}
