package bolt

import (
	"bytes"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

// TestIncidentKeyOrder checks that incident keys sort as their creation
// times do, across 1970 and within a second, then by id.
func TestIncidentKeyOrder(t *testing.T) {
	times := []time.Time{
		time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Unix(0, 0),
		time.Unix(0, 1),
		time.Date(2026, 3, 14, 9, 26, 53, 5, time.UTC),
		time.Date(2026, 3, 14, 9, 26, 53, 500, time.UTC),
		time.Date(2026, 3, 14, 9, 26, 54, 0, time.FixedZone("UTC-8", -8*3600)),
	}
	var prev []byte
	for i, at := range times {
		for _, id := range []string{"INC-0001", "INC-0002"} {
			k := incidentKey(&herald.Incident{ID: id, CreatedAt: at})
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				t.Fatalf("key of %s at time %d (%v) does not sort after the one before", id, i, at)
			}
			prev = k
		}
	}
}
