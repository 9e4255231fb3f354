package site_test

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync"

	"github.com/herald-status/herald/internal/herald"
)

// memStore holds components and incidents in memory and answers the two
// read methods the renderer uses. Any other method panics through the nil
// embedded interface, which would show the renderer doing more than read.
// It lets tests set a read error and count reads; TestRender runs on the
// embedded store as well.
type memStore struct {
	herald.Store

	mu    sync.Mutex
	comps []*herald.Component
	incs  []*herald.Incident
	err   error // returned by every read when set
	reads int
}

func (s *memStore) Components(ctx context.Context) ([]*herald.Component, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	if s.err != nil {
		return nil, s.err
	}
	out := slices.Clone(s.comps)
	slices.SortStableFunc(out, func(a, b *herald.Component) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

func (s *memStore) Incidents(ctx context.Context, f herald.IncidentFilter,
	o herald.ListOptions) ([]*herald.Incident, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, "", s.err
	}
	var all []*herald.Incident
	for _, inc := range s.incs {
		if f.Match(inc) {
			all = append(all, inc)
		}
	}
	slices.SortStableFunc(all, func(a, b *herald.Incident) int {
		return b.CreatedAt.Compare(a.CreatedAt)
	})
	from, _ := strconv.Atoi(o.Cursor)
	to := min(from+o.Limit, len(all))
	next := ""
	if to < len(all) {
		next = strconv.Itoa(to)
	}
	return all[from:to], next, nil
}

func (s *memStore) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}
