package bolt_test

import (
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// TestDeleteExpiredSubscribers checks the embedded store's stand-in for
// DynamoDB's TTL: expired pending subscribers and their addresses go, and
// nothing else does.
func TestDeleteExpiredSubscribers(t *testing.T) {
	db := MustOpen(t, t.TempDir())
	past, future := time.Now().Add(-time.Hour).UTC(), time.Now().Add(time.Hour).UTC()
	for _, s := range []*herald.Subscriber{
		{ID: "sub_gone", Type: herald.Email, Address: "gone@example.com", State: herald.Pending,
			PendingUntil: &past},
		{ID: "sub_soon", Type: herald.Email, Address: "soon@example.com", State: herald.Pending,
			PendingUntil: &future},
		{ID: "sub_live", Type: herald.Email, Address: "live@example.com", State: herald.Active},
	} {
		if err := db.CreateSubscriber(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.DeleteExpiredSubscribers(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSubscribers = %d, %v; want 1", n, err)
	}
	if _, err := db.Subscriber(t.Context(), "sub_gone"); !herald.IsNotFound(err) {
		t.Errorf("the expired subscriber: %v", err)
	}
	again := &herald.Subscriber{ID: "sub_new", Type: herald.Email, Address: "gone@example.com",
		State: herald.Pending}
	if err := db.CreateSubscriber(t.Context(), again); err != nil {
		t.Errorf("the expired subscriber's address is still taken: %v", err)
	}
	for _, id := range []string{"sub_soon", "sub_live"} {
		if _, err := db.Subscriber(t.Context(), id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if n, err := db.DeleteExpiredSubscribers(t.Context()); err != nil || n != 0 {
		t.Errorf("a second sweep = %d, %v", n, err)
	}
}
