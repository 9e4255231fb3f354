package bolt_test

import (
	"fmt"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func TestImportSubscribers(t *testing.T) {
	db := MustOpen(t, t.TempDir())
	subs := make([]*herald.Subscriber, 2500)
	for i := range subs {
		subs[i] = &herald.Subscriber{ID: fmt.Sprintf("sub_%05d", i), Type: herald.Email,
			Address: fmt.Sprintf("reader%d@example.com", i), State: herald.Active}
	}
	if err := db.ImportSubscribers(t.Context(), subs); err != nil {
		t.Fatal(err)
	}
	if subs[2499].Version != 1 {
		t.Errorf("imported subscriber at version %d, want 1", subs[2499].Version)
	}
	got, _, err := db.Followers(t.Context(), herald.Email, []string{"api"},
		herald.ListOptions{Cursor: "", Limit: 1000})
	if err != nil || len(got) != 1000 || got[999].ID != "sub_00999" {
		t.Fatalf("first page of followers: %d, %v", len(got), err)
	}
	n, after := 0, ""
	for {
		changes, err := db.Changes(t.Context(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) == 0 {
			break
		}
		n, after = n+len(changes), changes[len(changes)-1].Seq
	}
	if n != 2500 {
		t.Errorf("%d changes after the import, want one per subscriber", n)
	}

	t.Run("ErrConflict", func(t *testing.T) {
		again := []*herald.Subscriber{{ID: "sub_new", Type: herald.Email,
			Address: "new@example.com", State: herald.Active}, subs[0]}
		err := db.ImportSubscribers(t.Context(), again)
		if herald.ErrorCode(err) != herald.ECONFLICT {
			t.Fatalf("import of a taken id: %v, want ECONFLICT", err)
		}
		if _, err := db.Subscriber(t.Context(), "sub_new"); herald.ErrorCode(err) != herald.ENOTFOUND {
			t.Errorf("the failed chunk wrote sub_new: %v", err)
		}
	})
}
