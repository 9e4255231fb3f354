package httpapi_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/alerts/snstest"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/httpapi"
)

// toolEnv is a Herald whose CloudWatch parser reaches a stand-in SNS.
func toolEnv(t *testing.T) (*env, *snstest.SNS) {
	sns := snstest.New(t)
	e := newEnv(t, func(o *httpapi.Options) {
		o.Parsers[herald.SourceCloudWatch] = alerts.NewCloudWatch(sns.Fetch).Parse
	})
	return e, sns
}

// tool adds an integration of source that maps everything to the API
// component, publishes at once and holds nothing back, and returns its key.
func (e *env) tool(t *testing.T, source string, extra map[string]any) string {
	t.Helper()
	body := map[string]any{"source": source, "name": "Made-up " + source, "auto_publish": true,
		"flap_window": 0, "mapping": map[string]any{"default_component": "api"}}
	for k, v := range extra {
		body[k] = v
	}
	rec := e.do(t, "POST", "/v1/integrations", body)
	mustStatus(t, rec, http.StatusCreated)
	return decodeAs[integrationCreated](t, rec).Key
}

func testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "alerts", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// postTool posts body as a tool does: with the key in the query, a
// content type, and any headers given.
func postTool(t *testing.T, e *env, source, key, ctype string, body []byte,
	headers map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", "/v1/integrations/"+source+"?key="+key,
		strings.NewReader(string(body)))
	req.Header.Set("Content-Type", ctype)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return mustServe(t, e.h, req)
}

func hmacHex(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// TestTools_FiringAndResolved sends every tool's firing and resolved
// payloads through the router: the first opens a published incident on
// the mapped component, the second resolves it.
func TestTools_FiringAndResolved(t *testing.T) {
	e, sns := toolEnv(t)
	e.mustCreateComponent(t, "api", "API")
	const pdSecret = "pd-secret-not-real"
	tests := []struct {
		source, firing, resolved, ctype string
		body                            func([]byte) []byte
		headers                         func([]byte) map[string]string
		extra                           map[string]any
	}{
		{source: herald.SourceAlertmanager, firing: "alertmanager-firing.json", resolved: "alertmanager-resolved.json"},
		{source: herald.SourceGrafana, firing: "grafana-firing.json", resolved: "grafana-resolved.json"},
		{source: herald.SourceCloudWatch, firing: "cloudwatch-alarm.json", resolved: "cloudwatch-ok.json",
			ctype: "text/plain; charset=UTF-8",
			body:  func(b []byte) []byte { return sns.Notification(t, "m-"+string(b[len(b)-20:]), string(b)) }},
		{source: herald.SourceDatadog, firing: "datadog-firing.json", resolved: "datadog-resolved.json"},
		{source: herald.SourcePingdom, firing: "pingdom-down.json", resolved: "pingdom-up.json"},
		{source: herald.SourceUptimeRobot, firing: "uptimerobot-down.json", resolved: "uptimerobot-up.json"},
		{source: herald.SourceNewRelic, firing: "newrelic-activated.json", resolved: "newrelic-closed.json"},
		{source: herald.SourcePagerDuty, firing: "pagerduty-triggered.json", resolved: "pagerduty-resolved.json",
			extra: map[string]any{"signing_secret": pdSecret},
			headers: func(b []byte) map[string]string {
				return map[string]string{"X-PagerDuty-Signature": "v1=" + hmacHex(b, pdSecret)}
			}},
		{source: herald.SourceZabbix, firing: "zabbix-problem.json", resolved: "zabbix-recovery.json"},
		{source: herald.SourceUptimeKuma, firing: "uptimekuma-down.json", resolved: "uptimekuma-up.json"},
		{source: herald.SourceGeneric, firing: "generic-firing.json", resolved: "generic-resolved.json"},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			key := e.tool(t, tt.source, tt.extra)
			send := func(file string) herald.AlertResult {
				body := testdata(t, file)
				if tt.body != nil {
					body = tt.body(body)
				}
				var headers map[string]string
				if tt.headers != nil {
					headers = tt.headers(body)
				}
				ctype := tt.ctype
				if ctype == "" {
					ctype = "application/json"
				}
				rec := postTool(t, e, tt.source, key, ctype, body, headers)
				mustStatus(t, rec, http.StatusAccepted)
				rs := decodeAs[alertResults](t, rec).Results
				if len(rs) != 1 {
					t.Fatalf("%s: results %+v", file, rs)
				}
				return rs[0]
			}
			r := send(tt.firing)
			inc := e.incident(t, r.IncidentID)
			if r.Action != herald.AlertOpened || inc.Draft || len(inc.Components) != 1 ||
				inc.Components[0].ID != "api" {
				t.Fatalf("firing: %+v opened %+v", r, inc)
			}
			if r := send(tt.resolved); r.Action != herald.AlertResolved || r.IncidentID != inc.ID {
				t.Errorf("resolved: %+v, want %s resolved", r, inc.ID)
			}
			if r := send(tt.resolved); r.Action != herald.AlertDuplicate {
				t.Errorf("resolved again: %+v, want a duplicate", r)
			}
		})
	}
	if c := e.components(t); c[0].Status != herald.Operational {
		t.Errorf("after every tool resolved, the API is %s", c[0].Status)
	}
}

// TestTools_UnmappedAndFlapping covers an alert no rule maps, which waits
// as a draft however the integration publishes, and an alert that flaps
// within the default flap window, which notifies once.
func TestTools_UnmappedAndFlapping(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	rec := e.do(t, "POST", "/v1/integrations",
		map[string]any{"source": "generic", "name": "Made-up monitor", "auto_publish": true})
	key := decodeAs[integrationCreated](t, rec).Key
	post := func(body string) herald.AlertResult {
		rec := mustDo(t, e.h, "POST", "/v1/integrations/generic", key, body)
		mustStatus(t, rec, http.StatusAccepted)
		return decodeAs[alertResults](t, rec).Results[0]
	}

	r := post(`{"id":"queue-depth","status":"firing","component":"billing-queue"}`)
	if inc := e.incident(t, r.IncidentID); !inc.Draft || len(inc.Components) != 0 {
		t.Errorf("an unmapped alert opened %+v, want a draft on no component", inc)
	}

	fire := `{"id":"api-down","status":"firing","component":"api","severity":"critical"}`
	heal := `{"id":"api-down","status":"resolved"}`
	r = post(fire)
	var actions []herald.AlertAction
	for _, body := range []string{heal, fire, heal, fire, heal} {
		actions = append(actions, post(body).Action)
	}
	inc := e.incident(t, r.IncidentID)
	if inc.Draft || len(inc.PublicUpdates()) != 1 || inc.Status != herald.Investigating {
		t.Errorf("after flapping (%v): %s, %d public updates; want one", actions, inc.Status,
			len(inc.PublicUpdates()))
	}
	if actions[0] != herald.AlertHeld {
		t.Errorf("the first recovery was %s, want held", actions[0])
	}
}
