package httpapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/alerts/snstest"
	"github.com/herald-status/herald/internal/herald"
)

// integrationView is an integration as the API shows it.
type integrationView struct {
	herald.Integration
	SigningSecretSet bool   `json:"signing_secret_set"`
	Key              string `json:"key"`
}

func TestIntegrations_Manage(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	rec := e.do(t, "POST", "/v1/integrations", map[string]any{
		"source": "pagerduty", "name": "PagerDuty", "resolve_to": "monitoring", "flap_window": 60,
		"signing_secret": "pd-secret-not-real",
		"mapping": map[string]any{"rules": []any{map[string]any{
			"match": map[string]string{"service": "~Login.*"}, "component": "api", "status": "major_outage"}},
			"severities": map[string]string{"P3": "minor"}},
	})
	mustStatus(t, rec, http.StatusCreated)
	it := decodeAs[integrationView](t, rec)
	if !it.SigningSecretSet || it.ResolveTo != herald.Monitoring || it.FlapWindow != 60 ||
		len(it.Mapping.Rules) != 1 || rec.Header().Get("Location") != "/v1/integrations/"+it.ID {
		t.Fatalf("created %+v", it)
	}
	if strings.Contains(rec.Body.String(), "pd-secret-not-real") {
		t.Error("the answer shows the signing secret")
	}

	got := decodeAs[integrationView](t, e.do(t, "GET", "/v1/integrations/"+it.ID, nil))
	if got.Name != "PagerDuty" || got.Key != "" || got.Mapping.Severities["P3"] != herald.ImpactMinor {
		t.Errorf("read %+v", got)
	}
	mustProblem(t, e.do(t, "GET", "/v1/integrations/int_ghost", nil), http.StatusNotFound, "")

	rec = e.do(t, "PATCH", "/v1/integrations/"+it.ID, map[string]any{"name": "PD", "signing_secret": nil,
		"mapping": map[string]any{"default_component": "API"}})
	mustStatus(t, rec, http.StatusOK)
	got = decodeAs[integrationView](t, rec)
	if got.Name != "PD" || got.SigningSecretSet || len(got.Mapping.Rules) != 0 ||
		got.Mapping.DefaultComponent != "API" || got.Version != it.Version+1 {
		t.Errorf("patched %+v", got)
	}

	t.Run("Err", func(t *testing.T) {
		mustProblem(t, e.do(t, "POST", "/v1/integrations", map[string]any{"source": "generic", "name": "x",
			"mapping": map[string]any{"rules": []any{map[string]any{"match": map[string]string{"a": "b"},
				"component": "nope"}}}}), http.StatusNotFound, "mapping.rules[0].component")
		mustProblem(t, e.do(t, "POST", "/v1/integrations", map[string]any{"source": "generic", "name": "x",
			"mapping": map[string]any{"rules": []any{map[string]any{"match": map[string]string{"a": "~("},
				"component": "api"}}}}), http.StatusUnprocessableEntity, "mapping.rules[0].match.a")
		mustProblem(t, e.do(t, "POST", "/v1/integrations", map[string]any{"source": "generic", "name": "x",
			"resolve_to": "identified"}), http.StatusUnprocessableEntity, "resolve_to")
		mustProblem(t, e.do(t, "POST", "/v1/integrations", map[string]any{"source": "generic", "name": "x",
			"flap_window": -1}), http.StatusUnprocessableEntity, "flap_window")
		mustProblem(t, e.do(t, "PATCH", "/v1/integrations/"+it.ID, map[string]any{"source": "generic"}),
			http.StatusBadRequest, "source")
		mustProblem(t, e.do(t, "PATCH", "/v1/integrations/int_ghost", map[string]any{"name": "x"}),
			http.StatusNotFound, "")
	})
}

func TestIntegrations_RotateKey(t *testing.T) {
	e := newEnv(t)
	old := e.mustCreateIntegration(t, herald.SourceGeneric, false)
	id := integrationID(t, old)
	rec := e.do(t, "POST", "/v1/integrations/"+id+"/rotate-key", nil)
	mustStatus(t, rec, http.StatusOK)
	got := decodeAs[integrationView](t, rec)
	if got.Key == "" || got.Key == old || got.KeyRotatedAt == nil {
		t.Fatalf("rotated %+v", got)
	}
	mustProblem(t, mustDo(t, e.h, "POST", "/v1/integrations/generic", old, genericFiring), 401, "")
	mustStatus(t, mustDo(t, e.h, "POST", "/v1/integrations/generic", got.Key, genericFiring), 202)
	mustProblem(t, e.do(t, "POST", "/v1/integrations/int_ghost/rotate-key", nil), 404, "")
}

// integrationID returns the id inside an integration key.
func integrationID(t *testing.T, key string) string {
	t.Helper()
	id, _, ok := herald.SplitKey(herald.IntegrationKeyPrefix, key)
	if !ok {
		t.Fatalf("key %q", key)
	}
	return id
}

// TestIntegrations_Deliveries checks the log of what a tool sent: each
// request with its outcome, and why a rejected one was refused.
func TestIntegrations_Deliveries(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	key := e.mustCreateIntegration(t, herald.SourceGrafana, false)
	id := integrationID(t, key)
	post := func(k, body string) { mustDo(t, e.h, "POST", "/v1/integrations/grafana", k, body) }

	rec := mustDo(t, e.h, "POST", "/v1/integrations/grafana", key, string(testdata(t, "grafana-test.json")))
	mustStatus(t, rec, http.StatusOK)
	if n := decodeAs[map[string]string](t, rec); n["outcome"] != "test" || n["notice"] == "" {
		t.Errorf("test message answered %v", n)
	}
	post(key, string(testdata(t, "grafana-firing.json")))
	post(key, string(testdata(t, "grafana-firing.json")))
	post(key, `{"alerts":[{"status":"sad"}]}`)
	post(key+"x", string(testdata(t, "grafana-firing.json")))
	post(key, `{"alerts":[{"status":"firing","annotations":{"description":"`+
		strings.Repeat("a", 1<<20)+`"}}]}`)

	rec = e.do(t, "GET", "/v1/integrations/"+id+"/deliveries", nil)
	mustStatus(t, rec, http.StatusOK)
	ds := decodeAs[list[herald.IntegrationDelivery]](t, rec).Items
	var outcomes []string
	for _, d := range ds {
		outcomes = append(outcomes, string(d.Outcome)+"/"+strconvI(d.Status))
	}
	want := []string{"rejected/413", "rejected/401", "rejected/400", "duplicate/202", "accepted/202", "test/200"}
	if !slices.Equal(outcomes, want) {
		t.Fatalf("deliveries %v, want %v", outcomes, want)
	}
	if ds[2].Field != "alerts[0].status" || !strings.Contains(ds[2].Reason, "firing or resolved") ||
		ds[1].Reason == "" || ds[4].Results[0].Action != herald.AlertOpened || ds[0].RequestID == "" {
		t.Errorf("details %s", rec.Body)
	}
	if strings.Contains(rec.Body.String(), key) {
		t.Error("the log shows the key")
	}

	rec = e.do(t, "GET", "/v1/integrations/"+id+"/deliveries?limit=2", nil)
	if got := decodeAs[list[herald.IntegrationDelivery]](t, rec).Items; len(got) != 2 {
		t.Errorf("limit=2 listed %d", len(got))
	}
	mustProblem(t, e.do(t, "GET", "/v1/integrations/"+id+"/deliveries?limit=0", nil), 400, "limit")
	mustProblem(t, e.do(t, "GET", "/v1/integrations/int_ghost/deliveries", nil), 404, "")
	if l := e.incidents(t, ""); len(l.Items) != 1 {
		t.Errorf("%d incidents, want the one the firing alert opened", len(l.Items))
	}
}

func strconvI(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestIngest_Handshakes(t *testing.T) {
	e, sns := toolEnv(t)
	e.mustCreateComponent(t, "api", "API")
	t.Run("SNSSubscription", func(t *testing.T) {
		key := e.tool(t, herald.SourceCloudWatch, nil)
		var m snstest.Message
		if err := json.Unmarshal(testdata(t, "cloudwatch-subscription.json"), &m); err != nil {
			t.Fatal(err)
		}
		m.SigningCertURL = ""
		rec := postTool(t, e, "cloudwatch", key, "text/plain; charset=UTF-8", sns.Sign(t, m), nil)
		mustStatus(t, rec, http.StatusOK)
		if !slices.Contains(sns.Fetched(), m.SubscribeURL) {
			t.Errorf("the subscription was not confirmed: fetched %v", sns.Fetched())
		}
		unsigned := testdata(t, "cloudwatch-notification.json")
		mustProblem(t, postTool(t, e, "cloudwatch", key, "text/plain", unsigned, nil), 401, "Signature")
	})
	t.Run("PagerDutyWithoutSecret", func(t *testing.T) {
		key := e.tool(t, herald.SourcePagerDuty, nil)
		body := testdata(t, "pagerduty-ping.json")
		mustProblem(t, postTool(t, e, "pagerduty", key, "application/json", body,
			map[string]string{"X-PagerDuty-Signature": "v1=" + hmacHex(body, "s")}), 401, "signing_secret")
	})
	t.Run("PagerDutyPing", func(t *testing.T) {
		key := e.tool(t, herald.SourcePagerDuty, map[string]any{"signing_secret": "s3"})
		body := testdata(t, "pagerduty-ping.json")
		rec := postTool(t, e, "pagerduty", key, "application/json", body,
			map[string]string{"X-PagerDuty-Signature": "v1=" + hmacHex(body, "s3")})
		mustStatus(t, rec, http.StatusOK)
	})
	if l := e.incidents(t, ""); len(l.Items) != 0 {
		t.Errorf("handshakes opened %d incidents", len(l.Items))
	}
}
