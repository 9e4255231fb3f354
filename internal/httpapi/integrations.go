package httpapi

import (
	"mime"
	"net/http"

	"github.com/herald-status/herald/internal/herald"
)

// alertResults is the answer to a request that carried alerts.
type alertResults struct {
	Results []herald.AlertResult `json:"results"`
}

// noticeAnswer is the answer to a tool's test message, ping or handshake,
// or to an event Herald has no use for: nothing was opened.
type noticeAnswer struct {
	Outcome herald.DeliveryOutcome `json:"outcome"`
	Notice  string                 `json:"notice"`
}

// ingest returns the handler of POST /v1/integrations/{source}: it
// authenticates the tool by its integration's key, reads the request with
// the source's parser and lets the service open, update or resolve
// incidents. Whatever comes of it is logged on the integration, so that an
// admin can see what the tool sent and why it was refused.
func ingest(source string) handlerFunc {
	return func(a *api, w http.ResponseWriter, r *http.Request) error {
		key := integrationKey(r)
		it, err := a.authenticateIntegration(r)
		if err != nil {
			if owner := a.svc.KeyOwner(r.Context(), key); owner != nil &&
				herald.ErrorCode(err) == herald.EUNAUTHORIZED {
				a.recordDelivery(r, rejected(owner.ID, err))
			}
			return err
		}
		d, err := a.receive(w, r, source, it)
		if err != nil {
			d = rejected(it.ID, err)
		}
		a.recordDelivery(r, d)
		return err
	}
}

// receive reads and applies one request of an authenticated tool, answers
// it, and returns what to log of it.
func (a *api) receive(w http.ResponseWriter, r *http.Request, source string,
	it *herald.Integration) (*herald.IntegrationDelivery, error) {
	if it.Source != source {
		return nil, herald.Errorf(herald.EFORBIDDEN, "this key belongs to a %s integration; "+
			"post to /v1/integrations/%s", it.Source, it.Source)
	}
	parse := a.parsers[source]
	if parse == nil {
		return nil, herald.Errorf(herald.ENOTFOUND, "this Herald reads no %s payloads", source)
	}
	body, err := readIntake(w, r, source)
	if err != nil {
		return nil, err
	}
	parsed, err := parse(r.Context(), &herald.Intake{Body: body, Header: r.Header.Get,
		Secret: it.SigningSecret})
	if herald.ErrorCode(err) == herald.EINTERNAL {
		return nil, &herald.Error{Code: herald.EINVALID, Err: err,
			Message: "the payload could not be read"}
	} else if err != nil {
		return nil, err
	}

	d := &herald.IntegrationDelivery{IntegrationID: it.ID, Alerts: len(parsed.Alerts)}
	if len(parsed.Alerts) == 0 {
		d.Outcome, d.Status, d.Reason = herald.OutcomeIgnored, http.StatusOK, parsed.Notice
		if parsed.Test {
			d.Outcome = herald.OutcomeTest
		}
		return d, writeJSON(w, http.StatusOK, noticeAnswer{d.Outcome, parsed.Notice})
	}
	results, err := a.svc.IngestAlerts(r.Context(), it, parsed.Alerts)
	if err != nil {
		return nil, err
	}
	d.Outcome, d.Status, d.Results = herald.OutcomeOf(results), http.StatusAccepted, results
	a.settle(r)
	return d, writeJSON(w, http.StatusAccepted, alertResults{results})
}

// rejected is the log entry of a refused request.
func rejected(integrationID string, err error) *herald.IntegrationDelivery {
	d := &herald.IntegrationDelivery{IntegrationID: integrationID, Outcome: herald.OutcomeRejected,
		Status: statusOf(herald.ErrorCode(err)), Reason: herald.ErrorMessage(err),
		Field: herald.ErrorField(err)}
	if d.Status >= 500 {
		d.Reason, d.Field = "Herald failed to handle the request; its log has the details", ""
	}
	return d
}

// recordDelivery logs a request on its integration. A failure to log does
// not fail the request: it is logged here instead.
func (a *api) recordDelivery(r *http.Request, d *herald.IntegrationDelivery) {
	d.RequestID = requestID(r.Context())
	if err := a.svc.RecordDelivery(r.Context(), d); err != nil {
		a.log.WarnContext(r.Context(), "could not record an integration delivery",
			"request_id", d.RequestID, "integration", d.IntegrationID, "error", err.Error())
	}
}

// readIntake reads a tool's body: JSON, or for CloudWatch the text/plain
// that SNS sends, at most maxBody bytes, and a JSON object.
func readIntake(w http.ResponseWriter, r *http.Request, source string) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !isJSON(mt) && !(source == herald.SourceCloudWatch && mt == "text/plain") {
		return nil, herald.Errorf(codeMediaType, "send the body as application/json")
	}
	body, err := readLimited(w, r)
	if err != nil {
		return nil, err
	}
	return body, checkObject(body)
}

// settle announces alert changes whose flap window has passed, and sends
// review mails that failed, whenever a tool reports: the scheduled call
// of SettleAlerts does it too, but need not be the only one. Its failure
// is the tool's concern no more than this request's.
func (a *api) settle(r *http.Request) {
	if n, err := a.svc.SettleAlerts(r.Context()); err != nil {
		a.log.WarnContext(r.Context(), "could not settle alert groups", "groups", n,
			"request_id", requestID(r.Context()), "error", err.Error())
	}
}
