package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// integrationInput is the body of POST /v1/integrations.
type integrationInput struct {
	Source        string                `json:"source"`
	Name          string                `json:"name"`
	AutoPublish   bool                  `json:"auto_publish"`
	Mapping       herald.Mapping        `json:"mapping"`
	ResolveTo     herald.IncidentStatus `json:"resolve_to"`
	FlapWindow    *int                  `json:"flap_window"`
	SigningSecret string                `json:"signing_secret"`
}

// integrationView is an integration as the API shows it: never its key
// hash or signing secret, only whether the secret is set.
type integrationView struct {
	*herald.Integration
	SigningSecretSet bool `json:"signing_secret_set"`
}

func integrationViewOf(in *herald.Integration) integrationView {
	return integrationView{in, in.SigningSecret != ""}
}

// integrationCreated is the answer to POST /v1/integrations and to a key
// rotation: the integration and its key, shown this once.
type integrationCreated struct {
	integrationView
	Key string `json:"key"`
}

func (a *api) createIntegration(w http.ResponseWriter, r *http.Request) error {
	var in integrationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	it := &herald.Integration{Source: in.Source, Name: in.Name, AutoPublish: in.AutoPublish,
		Mapping: in.Mapping, ResolveTo: in.ResolveTo, FlapWindow: herald.DefaultFlapWindow,
		SigningSecret: in.SigningSecret}
	if in.FlapWindow != nil {
		it.FlapWindow = *in.FlapWindow
	}
	key, err := a.svc.CreateIntegration(r.Context(), it)
	if err != nil {
		return err
	}
	return created(w, "/v1/integrations/"+it.ID, integrationCreated{integrationViewOf(it), key})
}

func (a *api) listIntegrations(w http.ResponseWriter, r *http.Request) error {
	its, err := a.svc.Integrations(r.Context())
	if err != nil {
		return err
	}
	views := make([]integrationView, len(its))
	for i, it := range its {
		views[i] = integrationViewOf(it)
	}
	return writeJSON(w, http.StatusOK, newList(views, ""))
}

func (a *api) getIntegration(w http.ResponseWriter, r *http.Request) error {
	it, err := a.svc.Integration(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, integrationViewOf(it))
}

func (a *api) patchIntegration(w http.ResponseWriter, r *http.Request) error {
	var p herald.IntegrationPatch
	if err := decode(w, r, &p); err != nil {
		return err
	}
	it, err := a.svc.UpdateIntegration(r.Context(), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, integrationViewOf(it))
}

// rotateIntegrationKey answers POST /v1/integrations/{id}/rotate-key with
// the new key; the old one stops working at once.
func (a *api) rotateIntegrationKey(w http.ResponseWriter, r *http.Request) error {
	it, key, err := a.svc.RotateIntegrationKey(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, integrationCreated{integrationViewOf(it), key})
}

// listIntegrationDeliveries answers GET /v1/integrations/{id}/deliveries:
// the requests the tool made recently, newest first, with what came of
// each.
func (a *api) listIntegrationDeliveries(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryLimit(r, herald.MaxIntegrationDeliveries, herald.MaxIntegrationDeliveries)
	if err != nil {
		return err
	}
	ds, err := a.svc.IntegrationDeliveries(r.Context(), r.PathValue("id"), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(ds, ""))
}
