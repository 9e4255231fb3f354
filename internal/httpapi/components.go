package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// componentInput is the body of POST /v1/components: the fields an admin
// sets. Id defaults to a slug of the name, status to operational.
type componentInput struct {
	ID          string                 `json:"id"`
	Name        string                 `json:"name"`
	Description string                 `json:"description"`
	Group       string                 `json:"group"`
	Position    int                    `json:"position"`
	Status      herald.ComponentStatus `json:"status"`
}

func (a *api) createComponent(w http.ResponseWriter, r *http.Request) error {
	var in componentInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := &herald.Component{ID: in.ID, Name: in.Name, Description: in.Description,
		Group: in.Group, Position: in.Position, Status: in.Status}
	if err := a.svc.CreateComponent(r.Context(), c); err != nil {
		return err
	}
	return created(w, "/v1/components/"+c.ID, c)
}

// listComponents answers with every component, in page order. There are
// few enough to send in one list.
func (a *api) listComponents(w http.ResponseWriter, r *http.Request) error {
	cs, err := a.svc.Components(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(cs, ""))
}

func (a *api) getComponent(w http.ResponseWriter, r *http.Request) error {
	c, err := a.svc.Component(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (a *api) patchComponent(w http.ResponseWriter, r *http.Request) error {
	var p herald.ComponentPatch
	if err := decode(w, r, &p); err != nil {
		return err
	}
	c, err := a.svc.UpdateComponent(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (a *api) deleteComponent(w http.ResponseWriter, r *http.Request) error {
	if err := a.svc.DeleteComponent(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
