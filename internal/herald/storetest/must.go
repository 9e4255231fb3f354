package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/herald-status/herald/internal/herald"
)

// MustCreateComponent stores c, failing tb if the store refuses it, and
// returns c with its new version.
func MustCreateComponent(tb testing.TB, s herald.Store, c *herald.Component) *herald.Component {
	tb.Helper()
	if err := s.CreateComponent(tb.Context(), c); err != nil {
		tb.Fatalf("create component %q: %v", c.ID, err)
	}
	return c
}

// MustSaveIncident saves w, failing tb if the store refuses it.
func MustSaveIncident(tb testing.TB, s herald.Store, w herald.IncidentWrite) {
	tb.Helper()
	if err := s.SaveIncident(tb.Context(), w); err != nil {
		tb.Fatalf("save incident %q: %v", w.Incident.ID, err)
	}
}

// MustCreateSubscriber stores sub, failing tb if the store refuses it, and
// returns sub with its new version.
func MustCreateSubscriber(tb testing.TB, s herald.Store,
	sub *herald.Subscriber) *herald.Subscriber {
	tb.Helper()
	if err := s.CreateSubscriber(tb.Context(), sub); err != nil {
		tb.Fatalf("create subscriber %q: %v", sub.ID, err)
	}
	return sub
}

func mustComponent(tb testing.TB, s herald.Store, id string) *herald.Component {
	tb.Helper()
	c, err := s.Component(tb.Context(), id)
	if err != nil {
		tb.Fatalf("read component %q: %v", id, err)
	}
	return c
}

func mustIncident(tb testing.TB, s herald.Store, id string) *herald.Incident {
	tb.Helper()
	inc, err := s.Incident(tb.Context(), id)
	if err != nil {
		tb.Fatalf("read incident %q: %v", id, err)
	}
	return inc
}

func mustGroup(tb testing.TB, s herald.Store, key string) *herald.AlertGroup {
	tb.Helper()
	g, err := s.AlertGroup(tb.Context(), key)
	if err != nil {
		tb.Fatalf("read alert group %q: %v", key, err)
	}
	return g
}

func mustSubscriber(tb testing.TB, s herald.Store, id string) *herald.Subscriber {
	tb.Helper()
	sub, err := s.Subscriber(tb.Context(), id)
	if err != nil {
		tb.Fatalf("read subscriber %q: %v", id, err)
	}
	return sub
}

// walk reads every page of a list from cursor on, getting each from list,
// and fails t when a page is longer than limit, a page after the first is
// empty, or the list has not ended after 1000 pages.
func walk[T any](t *testing.T, what string, limit int, cursor string,
	list func(herald.ListOptions) ([]*T, string, error)) []*T {
	t.Helper()
	out := []*T{}
	for range 1000 {
		page, next, err := list(herald.ListOptions{Cursor: cursor, Limit: limit})
		noError(t, err, "list "+what)
		if len(page) > limit || len(page) == 0 && cursor != "" {
			t.Fatalf("page of %s after %q has %d, want 1 to %d", what, cursor, len(page), limit)
		}
		out = append(out, page...)
		if next == "" {
			return out
		}
		cursor = next
	}
	t.Fatalf("the list of %s gave a cursor after 1000 pages", what)
	return nil
}

// noError fails tb if err is not nil.
func noError(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// wantCode fails tb unless err carries a *herald.Error with the code.
func wantCode(tb testing.TB, err error, code, what string) {
	tb.Helper()
	if got := herald.ErrorCode(err); got != code {
		tb.Fatalf("%s: got error %v (code %q), want code %q", what, err, got, code)
	}
}

// wantEqual fails tb unless got equals want, comparing times with
// time.Time.Equal and taking a nil slice or map for an empty one.
func wantEqual(tb testing.TB, got, want any, what string) {
	tb.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		tb.Fatalf("%s differs (-want +got):\n%s", what, diff)
	}
}

// wantVersion fails tb unless v is want.
func wantVersion(tb testing.TB, v, want int64, what string) {
	tb.Helper()
	if v != want {
		tb.Fatalf("%s: version %d, want %d", what, v, want)
	}
}

// wantUTC fails tb unless every time is in UTC.
func wantUTC(tb testing.TB, what string, ts ...time.Time) {
	tb.Helper()
	for i, t := range ts {
		if t.Location() != time.UTC {
			tb.Fatalf("%s: time %d is in %v, want UTC", what, i, t.Location())
		}
	}
}
