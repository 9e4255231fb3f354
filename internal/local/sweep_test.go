package local_test

import (
	"testing"
	"time"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/local"
)

// TestSweepExpiredSubscribers checks that the runner deletes pending
// subscribers past their PendingUntil from the embedded store: those left
// from before at start, and those that expire while it runs at every
// SweepEvery; and nothing else.
func TestSweepExpiredSubscribers(t *testing.T) {
	dir := t.TempDir()
	past := time.Now().Add(-time.Hour).UTC()
	db, err := bolt.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*herald.Subscriber{
		{ID: "sub_old", Type: herald.Email, Address: "old@example.com", State: herald.Pending,
			PendingUntil: &past},
		{ID: "sub_live", Type: herald.Email, Address: "live@example.com", State: herald.Active},
	} {
		if err := db.CreateSubscriber(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	t.Run("AtStart", func(t *testing.T) {
		// Hourly, the default: only the sweep at start can run in the test.
		store := runSweeper(t, dir, 0)
		eventually(t, "the expired subscriber is deleted at start", func() bool {
			_, err := store.Subscriber(t.Context(), "sub_old")
			return herald.IsNotFound(err)
		})
		if _, err := store.Subscriber(t.Context(), "sub_live"); err != nil {
			t.Errorf("the active subscriber: %v", err)
		}
	})
	t.Run("Periodic", func(t *testing.T) {
		store := runSweeper(t, dir, 20*time.Millisecond)
		soon := time.Now().Add(300 * time.Millisecond).UTC()
		late := &herald.Subscriber{ID: "sub_late", Type: herald.Email, Address: "late@example.com",
			State: herald.Pending, PendingUntil: &soon}
		if err := store.CreateSubscriber(t.Context(), late); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Subscriber(t.Context(), "sub_late"); err != nil {
			t.Fatalf("the subscriber is gone before it expired: %v", err)
		}
		eventually(t, "the subscriber that expired while running is deleted", func() bool {
			_, err := store.Subscriber(t.Context(), "sub_late")
			return herald.IsNotFound(err)
		})
		if _, err := store.Subscriber(t.Context(), "sub_live"); err != nil {
			t.Errorf("the active subscriber: %v", err)
		}
	})
}

// runSweeper runs the local runner on dir's embedded store until the test
// ends, sweeping every every, and returns its store.
func runSweeper(t *testing.T, dir string, every time.Duration) herald.Store {
	t.Helper()
	cfg := local.Config{DataDir: dir, Addr: "127.0.0.1:0", AdminKey: adminKey,
		PageName: "Example Status", EmailFrom: "Status <status@example.com>", Store: "bolt",
		SweepEvery: every}
	return run(t, cfg).runner.Service().Store
}
