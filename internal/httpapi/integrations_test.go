package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// integrationCreated is the answer to POST /v1/integrations.
type integrationCreated struct {
	herald.Integration
	Key string `json:"key"`
}

// mustCreateIntegration adds an integration and returns its key.
func (e *env) mustCreateIntegration(t *testing.T, source string, autoPublish bool) string {
	t.Helper()
	rec := e.do(t, "POST", "/v1/integrations",
		map[string]any{"source": source, "name": "Made-up " + source, "auto_publish": autoPublish})
	mustStatus(t, rec, http.StatusCreated)
	got := decodeAs[integrationCreated](t, rec)
	if got.Source != source || got.AutoPublish != autoPublish || !strings.HasPrefix(got.Key, "hki_") {
		t.Fatalf("created %+v", got)
	}
	return got.Key
}

// alertResults is the answer to an alert payload.
type alertResults struct {
	Results []herald.AlertResult `json:"results"`
}

const genericFiring = `{"id": "db-latency", "status": "firing", "component": "api",
	"severity": "critical", "title": "Database latency", "description": "p99 above 2s",
	"tool_version": "9.9"}`

const alertmanagerFiring = `{"version": "4", "groupKey": "{}:{alertname=\"HighErrors\"}",
	"status": "firing", "receiver": "herald", "externalURL": "http://am.example.com",
	"alerts": [{"status": "firing", "labels": {"alertname": "HighErrors", "component": "api",
	"severity": "major"}, "annotations": {"summary": "API errors"},
	"startsAt": "2026-12-03T10:00:00Z", "fingerprint": "a1b2"}]}`

func TestIntegrations_KeyShownOnce(t *testing.T) {
	e := newEnv(t)
	key := e.mustCreateIntegration(t, herald.SourceGeneric, false)
	rec := e.do(t, "GET", "/v1/integrations", nil)
	mustStatus(t, rec, http.StatusOK)
	l := decodeAs[list[integrationCreated]](t, rec)
	if len(l.Items) != 1 || l.Items[0].Key != "" || l.Items[0].Name != "Made-up generic" {
		t.Fatalf("listed %+v", l.Items)
	}
	if strings.Contains(rec.Body.String(), key) {
		t.Error("the list shows the key")
	}
	mustProblem(t, e.do(t, "POST", "/v1/integrations",
		map[string]any{"source": "nagios", "name": "x"}), http.StatusUnprocessableEntity, "source")
}

func TestIngest(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	generic := e.mustCreateIntegration(t, herald.SourceGeneric, false)

	// A Bearer key, then the same alert again, as ?key=.
	rec := mustDo(t, e.h, "POST", "/v1/integrations/generic", generic, genericFiring)
	mustStatus(t, rec, http.StatusAccepted)
	got := decodeAs[alertResults](t, rec).Results
	if len(got) != 1 || got[0].Action != herald.AlertOpened || got[0].IncidentID != "INC-0001" {
		t.Fatalf("results %+v", got)
	}
	rec = mustDo(t, e.h, "POST", "/v1/integrations/generic?key="+generic, "", genericFiring)
	mustStatus(t, rec, http.StatusAccepted)
	if got := decodeAs[alertResults](t, rec).Results; got[0].Action != herald.AlertDuplicate {
		t.Errorf("a repeat: %+v", got)
	}
	if inc := e.incident(t, "INC-0001"); !inc.Draft || inc.Impact != herald.ImpactCritical {
		t.Errorf("an alert without auto_publish opened %+v", inc)
	}

	am := e.mustCreateIntegration(t, herald.SourceAlertmanager, true)
	rec = mustDo(t, e.h, "POST", "/v1/integrations/alertmanager", am, alertmanagerFiring)
	mustStatus(t, rec, http.StatusAccepted)
	if got := decodeAs[alertResults](t, rec).Results; got[0].IncidentID != "INC-0002" {
		t.Fatalf("alertmanager: %+v", got)
	}
	if inc := e.incident(t, "INC-0002"); inc.Draft || inc.Title != "API errors" {
		t.Errorf("auto_publish opened %+v", inc)
	}
	if c := e.components(t); c[0].Status != herald.PartialOutage {
		t.Errorf("component after a published alert: %s", c[0].Status)
	}
}

func TestIngest_Err(t *testing.T) {
	e := newEnv(t)
	generic := e.mustCreateIntegration(t, herald.SourceGeneric, true)
	post := func(path, key, ctype, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		return mustServe(t, e.h, req)
	}
	const json = "application/json"
	mustProblem(t, post("/v1/integrations/generic", "", json, genericFiring), 401, "")
	mustProblem(t, post("/v1/integrations/generic", e.key, json, genericFiring), 401, "")
	mustProblem(t, post("/v1/integrations/generic", generic+"x", json, genericFiring), 401, "")
	mustProblem(t, post("/v1/integrations/generic?key=hki_nope_x", "", json, genericFiring),
		401, "")
	p := mustProblem(t, post("/v1/integrations/alertmanager", generic, json, alertmanagerFiring),
		403, "")
	if !strings.Contains(p.Detail, "/v1/integrations/generic") {
		t.Errorf("403 detail %q does not say where to post", p.Detail)
	}
	mustProblem(t, post("/v1/integrations/generic", generic, "text/plain", genericFiring), 415, "")
	mustProblem(t, post("/v1/integrations/generic", generic, json, `{"id": "x"`), 400, "")
	mustProblem(t, post("/v1/integrations/generic", generic, json, `{"status": "firing"}`), 400, "id")
	mustProblem(t, post("/v1/integrations/generic", generic, json,
		`{"id": "x", "status": "exploded"}`), 400, "status")
	big := `{"id": "x", "status": "firing", "description": "` +
		strings.Repeat("a", 1<<20) + `"}`
	mustProblem(t, post("/v1/integrations/generic", generic, json, big), 413, "")

	if l := e.incidents(t, ""); len(l.Items) != 0 {
		t.Errorf("refused alerts opened %s", ids(l.Items))
	}
}
