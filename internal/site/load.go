package site

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

// Bounds on reading resolved incidents, newest first. The scan goes on
// until it has MaxIncidents of them and reaches incidents created longer
// ago than the recent window plus historyMargin (so an incident resolved
// recently after a long life still shows), or until it has read maxScan.
const (
	historyMargin = 30 * 24 * time.Hour
	maxScan       = 1000
	pageSize      = 100
)

// snapshot is what one render reads from the store.
type snapshot struct {
	comps     []*herald.Component
	open      []*herald.Incident // published, unresolved, newest first
	recent    []*herald.Incident // resolved since the cutoff, newest first
	published []*herald.Incident // open and resolved, newest first
}

// load reads the components and the public incidents a render needs.
func load(ctx context.Context, st herald.Store, cutoff time.Time) (*snapshot, error) {
	comps, err := st.Components(ctx)
	if err != nil {
		return nil, fmt.Errorf("site: read components: %w", err)
	}
	open, err := scan(ctx, st, herald.FilterUnresolved, func([]*herald.Incident) bool { return false })
	if err != nil {
		return nil, err
	}
	horizon := cutoff.Add(-historyMargin)
	resolved, err := scan(ctx, st, herald.FilterResolved, func(got []*herald.Incident) bool {
		return len(got) >= statuspage.MaxIncidents && got[len(got)-1].CreatedAt.Before(horizon)
	})
	if err != nil {
		return nil, err
	}

	s := &snapshot{comps: comps, open: open}
	for _, inc := range resolved {
		if inc.ResolvedAt != nil && !inc.ResolvedAt.Before(cutoff) {
			s.recent = append(s.recent, inc)
		}
	}
	s.published = append(slices.Clone(open), resolved...)
	slices.SortStableFunc(s.published, func(a, b *herald.Incident) int {
		return cmp.Compare(b.CreatedAt.UnixNano(), a.CreatedAt.UnixNano())
	})
	return s, nil
}

// scan reads incidents passing f, newest first, page by page, until the
// store has no more, enough reports true, or maxScan are read. Drafts are
// dropped whatever the filter.
func scan(ctx context.Context, st herald.Store, f herald.IncidentFilter,
	enough func([]*herald.Incident) bool) ([]*herald.Incident, error) {
	var out []*herald.Incident
	opts := herald.ListOptions{Limit: pageSize}
	for read := 0; read < maxScan; {
		page, next, err := st.Incidents(ctx, f, opts)
		if err != nil {
			return nil, fmt.Errorf("site: read %s incidents: %w", f, err)
		}
		read += len(page)
		for _, inc := range page {
			if !inc.Draft {
				out = append(out, inc)
			}
		}
		if next == "" || len(page) == 0 || enough(out) {
			break
		}
		opts.Cursor = next
	}
	return out, nil
}
