// Package storetest is the contract every herald.Store and herald.ChangeFeed
// keeps, written as tests. A store's own tests call Run (and RunFeed, if it
// keeps a change log) with a function that opens a fresh, empty store:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) herald.Store { return open(t) })
//	}
//
// Groups of subtests run in parallel, so open must be safe to call from
// several goroutines; each call must return a store that shares nothing
// with any other.
//
// Beyond what herald.Store's comments say, the suite holds stores to these
// rules, which callers rely on:
//   - A create stores version 1; every write stores the version read plus
//     one, and sets it on the caller's item only if the write commits.
//   - An update or delete of an item that does not exist is ENOTFOUND;
//     inside SaveIncident every mismatch, a missing item included, is
//     ECONFLICT.
//   - An empty id or key is EINVALID, and so is a cursor a list did not
//     give or an unknown incident filter.
//   - Times come back equal (time.Time.Equal) and in UTC.
//   - A page after the first is never empty: a list gives a cursor only
//     when more items follow.
//   - Deliveries and Followers list in id order.
package storetest

import (
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// Run checks every method of herald.Store against the stores that open
// returns, one fresh store per subtest.
func Run(t *testing.T, open func(t *testing.T) herald.Store) {
	groups := []struct {
		name string
		run  func(*testing.T, func(*testing.T) herald.Store)
	}{
		{"Component", testComponents},
		{"IncidentNumber", testIncidentNumber},
		{"SaveIncident", testSaveIncident},
		{"SaveIncidentConflict", testSaveIncidentConflict},
		{"Incidents", testIncidents},
		{"Subscriber", testSubscriber},
		{"Subscribers", testSubscribers},
		{"SubscriberByAddress", testSubscriberByAddress},
		{"SearchSubscribers", testSearchSubscribers},
		{"CountSubscribers", testCountSubscribers},
		{"Hit", testHit},
		{"Integration", testIntegrations},
		{"IntegrationUpdate", testIntegrationUpdate},
		{"AlertGroups", testAlertGroups},
		{"IntegrationDeliveries", testIntakes},
		{"APIKey", testAPIKeys},
		{"Delivery", testDeliveries},
		{"Followers", testFollowers},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			g.run(t, open)
		})
	}
}

// RunFeed checks that the change feed open returns beside its store holds
// one change for every committed write of a component, incident or
// subscriber, in commit order, and nothing for failed or invisible writes.
func RunFeed(t *testing.T, open func(t *testing.T) (herald.Store, herald.ChangeFeed)) {
	groups := []struct {
		name string
		run  func(*testing.T, func(*testing.T) (herald.Store, herald.ChangeFeed))
	}{
		{"Writes", testFeedWrites},
		{"Silence", testFeedSilence},
		{"Order", testFeedOrder},
		{"Cursor", testFeedCursor},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			g.run(t, open)
		})
	}
}
