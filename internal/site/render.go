package site

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

// DefaultRecentDays is how far back the index lists resolved incidents
// when Renderer.RecentDays is 0.
const DefaultRecentDays = 7

// Content types of the site's files.
const (
	typeHTML = "text/html; charset=utf-8"
	typeJSON = "application/json"
)

// Renderer renders the status site from Store and writes it to Out.
type Renderer struct {
	Store      herald.Store
	Page       herald.Page
	Out        Writer
	Now        func() time.Time // time.Now when nil
	RecentDays int              // DefaultRecentDays when 0
}

// Render reads the store once and writes every file of the site: the
// JSON documents, a page per open or recently resolved incident, and
// index.html last, so that its links lead to pages that exist.
func (r *Renderer) Render(ctx context.Context) error {
	now := r.now()
	days := r.recentDays()
	snap, err := load(ctx, r.Store, now.AddDate(0, 0, -days))
	if err != nil {
		return err
	}

	if err := r.writeAPI(ctx, snap, now); err != nil {
		return err
	}
	base := pageView{
		Page:      r.Page,
		Status:    statuspage.PageStatus(snap.comps, snap.open),
		Generated: now,
	}
	byID := componentsByID(snap.comps)
	idx := indexView{pageView: base, Rows: rows(snap.comps), RecentDays: days}
	idx.Title = r.Page.Name + " status"
	for _, inc := range append(append([]*herald.Incident{}, snap.open...), snap.recent...) {
		v := newIncidentView(inc, byID)
		if err := r.writeIncident(ctx, base, v); err != nil {
			return err
		}
		if v.Resolved {
			idx.Recent = append(idx.Recent, v)
		} else {
			idx.Open = append(idx.Open, v)
		}
	}
	return r.writeHTML(ctx, "index.html", indexTmpl, idx)
}

// writeAPI writes Statuspage's /api/v2/ documents.
func (r *Renderer) writeAPI(ctx context.Context, s *snapshot, now time.Time) error {
	p, c, all := r.Page, s.comps, s.published
	maint := statuspage.ScheduledMaintenances(p, c, all, now)
	docs := []struct {
		path string
		doc  any
	}{
		{"api/v2/status.json", statuspage.Status(p, c, all, now)},
		{"api/v2/summary.json", statuspage.Summary(p, c, all, now)},
		{"api/v2/components.json", statuspage.Components(p, c, all, now)},
		{"api/v2/incidents.json", statuspage.Incidents(p, c, all, now)},
		{"api/v2/incidents/unresolved.json", statuspage.Unresolved(p, c, all, now)},
		{"api/v2/scheduled-maintenances.json", maint},
		{"api/v2/scheduled-maintenances/upcoming.json", maint},
		{"api/v2/scheduled-maintenances/active.json", maint},
	}
	for _, d := range docs {
		body, err := json.Marshal(d.doc)
		if err != nil {
			return fmt.Errorf("site: encode %s: %w", d.path, err)
		}
		if err := r.Out.WriteFile(ctx, d.path, typeJSON, body); err != nil {
			return fmt.Errorf("site: write %s: %w", d.path, err)
		}
	}
	return nil
}

// writeIncident writes the page of one incident. An incident whose id
// cannot name a file gets no page, and the index shows it without a link.
func (r *Renderer) writeIncident(ctx context.Context, base pageView, v incidentView) error {
	if v.Href == "" {
		return nil
	}
	base.Title = v.Title + " - " + r.Page.Name
	base.Root = "../"
	return r.writeHTML(ctx, v.Href, incidentTmpl, incidentPage{pageView: base, Incident: v})
}

// writeHTML renders a page and writes it to path.
func (r *Renderer) writeHTML(ctx context.Context, path string, t tmpl, data any) error {
	body, err := execute(t, data)
	if err != nil {
		return fmt.Errorf("site: render %s: %w", path, err)
	}
	if err := r.Out.WriteFile(ctx, path, typeHTML, body); err != nil {
		return fmt.Errorf("site: write %s: %w", path, err)
	}
	return nil
}

func (r *Renderer) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

func (r *Renderer) recentDays() int {
	if r.RecentDays > 0 {
		return r.RecentDays
	}
	return DefaultRecentDays
}

func componentsByID(comps []*herald.Component) map[string]*herald.Component {
	m := make(map[string]*herald.Component, len(comps))
	for _, c := range comps {
		m[c.ID] = c
	}
	return m
}
