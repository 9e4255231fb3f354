package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// integrationInput is the body of POST /v1/integrations.
type integrationInput struct {
	Source      string `json:"source"`
	Name        string `json:"name"`
	AutoPublish bool   `json:"auto_publish"`
}

// integrationCreated is the answer to POST /v1/integrations: the
// integration and its key, shown this once.
type integrationCreated struct {
	*herald.Integration
	Key string `json:"key"`
}

func (a *api) createIntegration(w http.ResponseWriter, r *http.Request) error {
	var in integrationInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	it := &herald.Integration{Source: in.Source, Name: in.Name, AutoPublish: in.AutoPublish}
	key, err := a.svc.CreateIntegration(r.Context(), it)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, integrationCreated{it, key})
}

func (a *api) listIntegrations(w http.ResponseWriter, r *http.Request) error {
	its, err := a.svc.Integrations(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newList(its, ""))
}

// alertResults is the answer to an alert payload.
type alertResults struct {
	Results []herald.AlertResult `json:"results"`
}

// ingest returns the handler of POST /v1/integrations/{source}: it
// authenticates the tool by its integration's key, reads the payload with
// the source's parser and lets the service open, update or resolve
// incidents. Payloads are read tolerantly, since tools add fields.
func ingest(source string) handlerFunc {
	return func(a *api, w http.ResponseWriter, r *http.Request) error {
		it, err := a.authenticateIntegration(r)
		if err != nil {
			return err
		}
		if it.Source != source {
			return herald.Errorf(herald.EFORBIDDEN, "this key belongs to a %s integration; "+
				"post to /v1/integrations/%s", it.Source, it.Source)
		}
		parse := a.parsers[source]
		if parse == nil {
			return herald.Errorf(herald.ENOTFOUND, "this Herald reads no %s payloads", source)
		}
		alerts, err := readAlerts(w, r, parse)
		if err != nil {
			return err
		}
		results, err := a.svc.IngestAlerts(r.Context(), it, alerts)
		if err != nil {
			return err
		}
		if results == nil {
			results = []herald.AlertResult{}
		}
		return writeJSON(w, http.StatusAccepted, alertResults{results})
	}
}

// readAlerts reads the body and parses it. A parser's failure that is not
// a *herald.Error is reported without its text.
func readAlerts(w http.ResponseWriter, r *http.Request, parse AlertParser) ([]herald.Alert, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	if err := checkObject(body); err != nil {
		return nil, err
	}
	alerts, err := parse(body)
	if herald.ErrorCode(err) == herald.EINTERNAL {
		return nil, &herald.Error{Code: herald.EINVALID, Err: err,
			Message: "the payload could not be read"}
	}
	return alerts, err
}
