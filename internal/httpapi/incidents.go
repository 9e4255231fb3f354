package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// Admins see incidents whole: drafts, and private notes among the updates.

func (a *api) createIncident(w http.ResponseWriter, r *http.Request) error {
	var in herald.IncidentInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	inc, err := a.svc.CreateIncident(r.Context(), in)
	if err != nil {
		return err
	}
	return created(w, "/v1/incidents/"+inc.ID, inc)
}

// listIncidents answers a page of incidents, newest first, chosen by
// ?state=draft|unresolved|resolved|all (all by default).
func (a *api) listIncidents(w http.ResponseWriter, r *http.Request) error {
	f := herald.IncidentFilter(r.URL.Query().Get("state"))
	if f != "" && !f.Valid() {
		return invalid("state", "state must be one of draft, unresolved, resolved, all")
	}
	o, err := listOptions(r, 100)
	if err != nil {
		return err
	}
	incs, next, err := a.svc.Incidents(r.Context(), f, o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(incs, next))
}

func (a *api) getIncident(w http.ResponseWriter, r *http.Request) error {
	inc, err := a.svc.Incident(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inc)
}

func (a *api) patchIncident(w http.ResponseWriter, r *http.Request) error {
	var p herald.IncidentPatch
	if err := decode(w, r, &p); err != nil {
		return err
	}
	inc, err := a.svc.PatchIncident(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inc)
}

// addUpdate answers 201 with the incident, its new update first.
func (a *api) addUpdate(w http.ResponseWriter, r *http.Request) error {
	var in herald.UpdateInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	inc, err := a.svc.AddUpdate(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	return created(w, "/v1/incidents/"+inc.ID, inc)
}

// publish makes a draft public. Its body, with a message rewritten for
// people, is optional. Nobody is notified from here: the fan-out hears of
// the published incident from the store's change feed.
func (a *api) publish(w http.ResponseWriter, r *http.Request) error {
	var in herald.PublishInput
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	inc, err := a.svc.Publish(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inc)
}
