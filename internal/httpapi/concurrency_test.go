package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// TestConcurrentPatch sends ten PATCHes of one incident at once. Each must
// succeed, the service retrying the writes that lose a race, and each must
// be its own write: ten versions, none lost.
func TestConcurrentPatch(t *testing.T) {
	e := newEnv(t)
	inc := e.mustCreateIncident(t, map[string]any{"title": "Busy", "message": "m"})
	const n = 10

	versions := make([]int64, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec := e.do(t, "PATCH", "/v1/incidents/"+inc.ID,
				map[string]any{"category": fmt.Sprintf("c%d", i)})
			codes[i] = rec.Code
			var got herald.Incident
			if json.Unmarshal(rec.Body.Bytes(), &got) == nil {
				versions[i] = got.Version
			}
		})
	}
	wg.Wait()

	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("PATCH %d: status %d", i, code)
		}
	}
	sorted := slices.Sorted(slices.Values(versions))
	for i, v := range sorted {
		if v != inc.Version+int64(i)+1 {
			t.Fatalf("versions %v after %d: a write was lost or repeated", sorted, inc.Version)
		}
	}

	// The stored incident is the last write, the one with the top version.
	got := e.incident(t, inc.ID)
	last := slices.Index(versions, inc.Version+n)
	if got.Version != inc.Version+n || got.Category != fmt.Sprintf("c%d", last) {
		t.Errorf("stored version %d, category %q; PATCH %d wrote version %d",
			got.Version, got.Category, last, inc.Version+n)
	}
}

// TestConcurrentUpdates posts ten updates to one incident at once; the
// timeline must hold all ten.
func TestConcurrentUpdates(t *testing.T) {
	e := newEnv(t)
	inc := e.mustCreateIncident(t, map[string]any{"title": "Busy", "message": "m"})
	const n = 10
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec := e.do(t, "POST", "/v1/incidents/"+inc.ID+"/updates",
				map[string]any{"message": fmt.Sprintf("update %d", i)})
			if rec.Code != http.StatusCreated {
				t.Errorf("update %d: %d %s", i, rec.Code, rec.Body)
			}
		})
	}
	wg.Wait()

	got := e.incident(t, inc.ID)
	var msgs []string
	for _, u := range got.Updates {
		msgs = append(msgs, u.Message)
	}
	for i := range n {
		if !slices.Contains(msgs, fmt.Sprintf("update %d", i)) {
			t.Errorf("update %d is lost; timeline %q", i, msgs)
		}
	}
	if len(got.Updates) != n+1 {
		t.Errorf("%d updates, want %d", len(got.Updates), n+1)
	}
}
