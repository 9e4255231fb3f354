package fanout_test

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/herald-status/herald/internal/herald"
)

// memStore is the part of herald.Store that fan-out uses, in memory. It
// copies what it stores and returns, as a real store does. Calling any
// other method panics on the nil embedded interface.
type memStore struct {
	herald.Store

	mu          sync.Mutex
	components  []*herald.Component
	subscribers []*herald.Subscriber // in id order
	deliveries  map[string]herald.Delivery
	claims      int

	failSubscribers error // returned by Subscribers when set
	failClaimAfter  int   // ClaimDelivery fails after this many claims, when > 0
}

func newMemStore() *memStore {
	return &memStore{deliveries: map[string]herald.Delivery{}}
}

func (s *memStore) addSubscriber(sub *herald.Subscriber) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subscribers = append(s.subscribers, sub)
	slices.SortFunc(s.subscribers, func(a, b *herald.Subscriber) int {
		return strings.Compare(a.ID, b.ID)
	})
}

func (s *memStore) Components(ctx context.Context) ([]*herald.Component, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*herald.Component, len(s.components))
	for i, c := range s.components {
		cp := *c
		out[i] = &cp
	}
	return out, nil
}

// Subscribers pages by id, the cursor being the last id returned.
func (s *memStore) Subscribers(ctx context.Context, activeOnly bool,
	o herald.ListOptions) ([]*herald.Subscriber, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failSubscribers != nil {
		return nil, "", s.failSubscribers
	}
	var out []*herald.Subscriber
	for _, sub := range s.subscribers {
		if sub.ID <= o.Cursor || (activeOnly && sub.State != herald.Active) {
			continue
		}
		if len(out) == o.Limit {
			return out, out[len(out)-1].ID, nil
		}
		cp := *sub
		out = append(out, &cp)
	}
	return out, "", nil
}

func (s *memStore) ClaimDelivery(ctx context.Context, d *herald.Delivery) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failClaimAfter > 0 && s.claims >= s.failClaimAfter {
		return false, herald.Unavailable(nil, "the store")
	}
	s.claims++
	if _, ok := s.deliveries[d.ID]; ok {
		return false, nil
	}
	s.deliveries[d.ID] = *d
	return true, nil
}

func (s *memStore) UpdateDelivery(ctx context.Context, d *herald.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.deliveries[d.ID]; !ok {
		return herald.Errorf(herald.ENOTFOUND, "no delivery %s", d.ID)
	}
	s.deliveries[d.ID] = *d
	return nil
}

func (s *memStore) Deliveries(ctx context.Context, incidentID string) ([]*herald.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*herald.Delivery
	for _, d := range s.deliveries {
		if d.IncidentID == incidentID {
			out = append(out, &d)
		}
	}
	return out, nil
}

// delivery returns the stored delivery with the given id.
func (s *memStore) delivery(id string) (herald.Delivery, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.deliveries[id]
	return d, ok
}
