package storetest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func testHit(t *testing.T, open func(*testing.T) herald.Store) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		for want := 1; want <= 3; want++ {
			n, err := s.Hit(t.Context(), "signup:a", time.Hour)
			noError(t, err, "hit")
			wantEqual(t, n, want, "count")
		}
		n, err := s.Hit(t.Context(), "signup:b", time.Hour)
		noError(t, err, "hit another key")
		wantEqual(t, n, 1, "another key's count")
		n, err = s.Hit(t.Context(), "signup:a", 24*time.Hour)
		noError(t, err, "hit in another window length")
		wantEqual(t, n, 1, "another window length's count")
	})

	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		const hits = 20
		got := make([]int, hits)
		var wg sync.WaitGroup
		for i := range hits {
			wg.Go(func() {
				n, err := s.Hit(t.Context(), "confirm:x", time.Hour)
				if err != nil {
					t.Errorf("hit: %v", err)
				}
				got[i] = n
			})
		}
		wg.Wait()
		slices.Sort(got)
		for i, n := range got {
			if n != i+1 {
				t.Fatalf("concurrent counts %v, want 1 to %d once each", got, hits)
			}
		}
	})

	t.Run("NextWindow", func(t *testing.T) {
		s := open(t)
		// Start just after a second begins, so both hits fall in it.
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
		for want := 1; want <= 2; want++ {
			n, err := s.Hit(t.Context(), "code:y", time.Second)
			noError(t, err, "hit")
			wantEqual(t, n, want, "count in the first window")
		}
		time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
		n, err := s.Hit(t.Context(), "code:y", time.Second)
		noError(t, err, "hit in the next window")
		wantEqual(t, n, 1, "count in the next window")
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		s := open(t)
		_, err := s.Hit(t.Context(), "", time.Hour)
		wantCode(t, err, herald.EINVALID, "hit without a key")
		_, err = s.Hit(t.Context(), "k", time.Millisecond)
		wantCode(t, err, herald.EINVALID, "hit with a window under a second")
	})
}
