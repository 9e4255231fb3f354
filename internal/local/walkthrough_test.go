package local_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/webhook"
)

// TestWalkthrough drives the README's walk-through against a runner started
// in-process: a component, an e-mail and a webhook subscriber, an
// Alertmanager integration; the firing alert opens a draft that notifies
// nobody; publishing it notifies both subscribers and the page shows it;
// the resolved alert resolves it all.
func TestWalkthrough(t *testing.T) {
	walkthrough(t, start(t, t.TempDir()))
}

// TestWalkthroughDynamoDB is the same on DynamoDB Local, with its stream
// driving fan-out and rendering as it drives the Lambdas in AWS.
func TestWalkthroughDynamoDB(t *testing.T) {
	walkthrough(t, startDynamo(t, t.TempDir(), herald.NewID("walkthrough")))
}

func walkthrough(t *testing.T, s *system) {
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()

	s.do("POST", "/v1/components", adminKey, []byte(`{"name":"API","description":"The public REST API"}`),
		http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"ops@example.com","consented":true}`), http.StatusCreated, nil)
	var sub struct{ Secret string }
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(fmt.Sprintf(`{"type":"webhook","address":%q,"consented":true}`, hook.URL)),
		http.StatusCreated, &sub)
	var integ struct{ Key string }
	s.do("POST", "/v1/integrations", adminKey, []byte(`{"source":"alertmanager","name":"Prometheus"}`),
		http.StatusCreated, &integ)
	if sub.Secret == "" || integ.Key == "" {
		t.Fatalf("secret %q, key %q: want both shown on creation", sub.Secret, integ.Key)
	}

	// The firing alert opens a draft, which tells nobody.
	firing := mustRead(t, "../alerts/testdata/alertmanager-firing.json")
	var res struct {
		Results []struct {
			IncidentID string `json:"incident_id"`
			Action     string `json:"action"`
		} `json:"results"`
	}
	s.do("POST", "/v1/integrations/alertmanager?key="+integ.Key, "", firing, http.StatusAccepted, &res)
	if len(res.Results) != 1 || res.Results[0].Action != "opened" {
		t.Fatalf("results = %+v, want one opened incident", res.Results)
	}
	id := res.Results[0].IncidentID
	s.do("POST", "/v1/integrations/alertmanager?key="+integ.Key, "", firing, http.StatusAccepted, nil)
	var drafts struct{ Items []struct{ ID string } }
	s.do("GET", "/v1/incidents?state=draft", adminKey, nil, http.StatusOK, &drafts)
	if len(drafts.Items) != 1 || drafts.Items[0].ID != id {
		t.Fatalf("drafts = %+v, want only %s: the repeat must not open another", drafts.Items, id)
	}
	time.Sleep(500 * time.Millisecond)
	if n := len(emails(t, s.dir)); n != 0 || len(rc.got()) != 0 {
		t.Fatalf("a draft sent %d e-mails and %d webhooks", n, len(rc.got()))
	}

	// Publishing notifies both subscribers and shows the incident.
	s.do("POST", "/v1/incidents/"+id+"/publish", adminKey,
		[]byte(`{"message":"The API is slow to answer. We are on it."}`), http.StatusOK, nil)
	eventually(t, "the e-mail", func() bool { return len(emails(t, s.dir)) == 1 })
	subject, text := parseEmail(t, emails(t, s.dir)[0])
	if !hasAll(subject, id, "API requests are slow") || !hasAll(text, "The API is slow to answer") {
		t.Errorf("e-mail subject %q / text %q lacks the incident", subject, text)
	}
	eventually(t, "the webhook", func() bool { return len(rc.got()) == 1 })
	checkWebhook(t, sub.Secret, rc.got()[0], id, "investigating")
	eventually(t, "the page", func() bool {
		return strings.Contains(string(s.get("/")), "API requests are slow")
	})
	page := string(s.get("/incidents/" + id + ".html"))
	if !hasAll(page, "The API is slow to answer", "API requests are slow") {
		t.Errorf("incident page lacks the incident:\n%s", page)
	}
	checkSummary(t, s.get("/api/v2/summary.json"), "critical", "major_outage", 1)

	// The resolved alert resolves the incident, and everyone hears of it.
	s.do("POST", "/v1/integrations/alertmanager?key="+integ.Key, "",
		mustRead(t, "../alerts/testdata/alertmanager-resolved.json"), http.StatusAccepted, nil)
	eventually(t, "the second e-mail", func() bool { return len(emails(t, s.dir)) == 2 })
	eventually(t, "the second webhook", func() bool { return len(rc.got()) == 2 })
	checkWebhook(t, sub.Secret, rc.got()[1], id, "resolved")
	eventually(t, "the page to clear", func() bool {
		var st struct{ Status struct{ Indicator string } }
		json.Unmarshal(s.get("/api/v2/status.json"), &st)
		return st.Status.Indicator == "none"
	})
	checkSummary(t, s.get("/api/v2/summary.json"), "none", "operational", 0)
}

func checkWebhook(t *testing.T, secret string, m received, id, status string) {
	t.Helper()
	if err := webhook.Verify(secret, m.header, m.body, time.Now()); err != nil {
		t.Errorf("webhook signature does not verify: %v", err)
	}
	var body struct {
		Meta     map[string]any `json:"meta"`
		Page     map[string]any `json:"page"`
		Incident struct {
			ID, Name, Status string
		} `json:"incident"`
	}
	if err := json.Unmarshal(m.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Meta == nil || body.Page == nil || body.Incident.ID != id || body.Incident.Status != status {
		t.Errorf("webhook body = %s, want incident %s %s", m.body, id, status)
	}
}

func checkSummary(t *testing.T, b []byte, indicator, compStatus string, unresolved int) {
	t.Helper()
	var sum struct {
		Page       struct{ Name string }
		Status     struct{ Indicator string }
		Components []struct{ Name, Status string }
		Incidents  []struct{ ID, Status string }
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Page.Name != "Example Status" || sum.Status.Indicator != indicator {
		t.Errorf("summary page %q indicator %q, want %q", sum.Page.Name, sum.Status.Indicator, indicator)
	}
	if len(sum.Components) != 1 || sum.Components[0].Status != compStatus {
		t.Errorf("summary components = %+v, want API %s", sum.Components, compStatus)
	}
	if len(sum.Incidents) != unresolved {
		t.Errorf("summary lists %d unresolved incidents, want %d", len(sum.Incidents), unresolved)
	}
}

// TestRestartKeepsData stops the runner and starts another on the same
// folder: what was stored is still there and no notification repeats.
func TestRestartKeepsData(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir)
	s.do("POST", "/v1/components", adminKey, []byte(`{"name":"API"}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"ops@example.com","consented":true}`), http.StatusCreated, nil)
	s.do("POST", "/v1/incidents", adminKey, []byte(`{"title":"Slow API","message":"Looking.",`+
		`"components":[{"id":"api","status":"degraded_performance"}]}`), http.StatusCreated, nil)
	eventually(t, "the e-mail", func() bool { return len(emails(t, dir)) == 1 })
	s.stop()

	s2 := start(t, dir)
	var comps struct{ Items []struct{ ID, Status string } }
	s2.do("GET", "/v1/components", adminKey, nil, http.StatusOK, &comps)
	if len(comps.Items) != 1 || comps.Items[0].Status != "degraded_performance" {
		t.Errorf("after restart, components = %+v", comps.Items)
	}
	time.Sleep(600 * time.Millisecond)
	if n := len(emails(t, dir)); n != 1 {
		t.Errorf("after restart there are %d e-mails, want the one: a change was processed again", n)
	}
}
