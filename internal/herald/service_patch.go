package herald

import (
	"context"
	"time"
)

// IncidentPatch is a partial update of an incident's details. Its status
// changes only through updates; its components change here only while it
// is a draft, since on a published incident that is news for subscribers.
type IncidentPatch struct {
	Title        *string              `json:"title"`
	Impact       *Impact              `json:"impact"`
	Category     *string              `json:"category"`
	ReportedBy   *string              `json:"reported_by"`
	StartedAt    *time.Time           `json:"started_at"`
	ETA          Nullable[time.Time]  `json:"eta"`
	NextUpdateAt Nullable[time.Time]  `json:"next_update_at"`
	Components   *[]AffectedComponent `json:"components"`
}

// PatchIncident changes an incident's details.
func (s *Service) PatchIncident(ctx context.Context, id string, p IncidentPatch) (*Incident, error) {
	var inc *Incident
	err := retry(ctx, func() error {
		var err error
		if inc, err = s.Store.Incident(ctx, id); err != nil {
			return err
		}
		old := clone(inc)
		if err := p.apply(inc); err != nil {
			return err
		}
		if err := inc.Validate(); err != nil {
			return err
		}
		if p.Components != nil {
			comps, err := s.Store.Components(ctx)
			if err != nil {
				return err
			}
			if err := checkComponents("components", inc.Components, comps); err != nil {
				return err
			}
		}
		inc.UpdatedAt = s.now()
		return s.save(ctx, old, inc, nil)
	})
	return inc, err
}

func (p IncidentPatch) apply(inc *Incident) error {
	if p.Components != nil && !inc.Draft {
		return &Error{Code: ECONFLICT, Field: "components", Message: "the components of a " +
			"published incident change through an update: POST /v1/incidents/" + inc.ID + "/updates"}
	}
	setIf(&inc.Title, p.Title)
	setIf(&inc.Impact, p.Impact)
	setIf(&inc.Category, p.Category)
	setIf(&inc.ReportedBy, p.ReportedBy)
	if p.StartedAt != nil {
		inc.StartedAt = p.StartedAt.UTC()
	}
	if p.ETA.Set {
		inc.ETA = utc(p.ETA.Value)
	}
	if p.NextUpdateAt.Set {
		inc.NextUpdateAt = utc(p.NextUpdateAt.Value)
	}
	if p.Components != nil {
		inc.Components = *p.Components
	}
	return nil
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
