package bolt_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/herald/storetest"
)

// MustOpen opens a store in dir and closes it when the test ends.
func MustOpen(tb testing.TB, dir string) *bolt.DB {
	tb.Helper()
	db, err := bolt.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) herald.Store { return MustOpen(t, t.TempDir()) })
}

func TestFeed(t *testing.T) {
	storetest.RunFeed(t, func(t *testing.T) (herald.Store, herald.ChangeFeed) {
		db := MustOpen(t, t.TempDir())
		return db, db
	})
}

func TestOpen(t *testing.T) {
	t.Run("CreatesFolder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data", "herald")
		MustOpen(t, dir)
		if _, err := os.Stat(filepath.Join(dir, bolt.FileName)); err != nil {
			t.Fatalf("database file: %v", err)
		}
	})

	t.Run("ErrNotAFolder", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if db, err := bolt.Open(file); err == nil {
			db.Close()
			t.Fatal("opened a store in a file, want an error")
		}
	})

	t.Run("ErrInUse", func(t *testing.T) {
		dir := t.TempDir()
		MustOpen(t, dir)
		if db, err := bolt.Open(dir); err == nil {
			db.Close()
			t.Fatal("opened a store that is open already, want an error")
		}
	})

	t.Run("ErrClosed", func(t *testing.T) {
		db, err := bolt.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		_, err = db.Component(t.Context(), "api")
		if code := herald.ErrorCode(err); code != herald.EUNAVAILABLE {
			t.Fatalf("read from a closed store: got %v (code %q), want EUNAVAILABLE", err, code)
		}
	})
}

func TestTrimChanges(t *testing.T) {
	db := MustOpen(t, t.TempDir())
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	bolt.SetClock(db, func() time.Time { return now })
	create := func(id string) {
		t.Helper()
		c := &herald.Component{ID: id, Name: id, Status: herald.Operational}
		if err := db.CreateComponent(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	ids := func() []string {
		t.Helper()
		changes, err := db.Changes(t.Context(), "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range changes {
			out = append(out, c.NewComponent.ID)
		}
		return out
	}

	create("old-1")
	create("old-2")
	now = now.Add(3 * 24 * time.Hour)
	create("recent")
	now = now.Add(4*24*time.Hour + time.Second) // old-* are now past 7 days
	create("new")
	if got := ids(); len(got) != 2 || got[0] != "recent" || got[1] != "new" {
		t.Fatalf("changes after trimming: %v, want [recent new]", got)
	}
}
