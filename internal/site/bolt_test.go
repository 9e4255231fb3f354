package site_test

import (
	"context"
	"testing"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

// boltStore returns an embedded store in a new folder holding what m holds.
func boltStore(t *testing.T, m *memStore) herald.Store { return boltStoreB(t, m) }

func boltStoreB(t testing.TB, m *memStore) herald.Store {
	t.Helper()
	db, err := bolt.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	ctx := context.Background()
	for _, c := range m.comps {
		c := *c
		if err := db.CreateComponent(ctx, &c); err != nil {
			t.Fatalf("create component %s: %v", c.ID, err)
		}
	}
	for _, inc := range m.incs {
		inc := *inc
		if err := db.SaveIncident(ctx, herald.IncidentWrite{Incident: &inc}); err != nil {
			t.Fatalf("save incident %s: %v", inc.ID, err)
		}
	}
	return db
}
