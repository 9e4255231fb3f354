package statuspage_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/statuspage"
)

func TestWebhookBody(t *testing.T) {
	comps, incs := fixture()
	body, err := statuspage.WebhookBody(page, incs[1], comps, "https://status.example.com/u/x")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Shape", func(t *testing.T) {
		// Statuspage's webhooks have grown fields over the years; ours carry
		// every field of the sample, plus group, start_date and
		// only_show_if_degraded on components as in components.json.
		if m := missing(sampleShape(t, "webhook_incident.json"), shapeOf(t, body)); len(m) > 0 {
			t.Errorf("missing %v", m)
		}
	})

	var got statuspage.IncidentWebhook
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	t.Run("NewestFirstNoNotes", func(t *testing.T) {
		var ids []string
		for _, u := range got.Incident.IncidentUpdates {
			ids = append(ids, u.ID)
		}
		if strings.Join(ids, ",") != "u4,u2,u1" {
			t.Errorf("updates = %v, want u4,u2,u1", ids)
		}
		if strings.Contains(string(body), "SECRET-NOTE") {
			t.Error("private note in webhook body")
		}
	})
	t.Run("Fields", func(t *testing.T) {
		if got.Meta.Unsubscribe != "https://status.example.com/u/x" {
			t.Errorf("unsubscribe = %q", got.Meta.Unsubscribe)
		}
		if got.Page.ID != "pg1" || got.Page.StatusIndicator != statuspage.IndicatorMajor {
			t.Errorf("page = %+v", got.Page)
		}
		inc := got.Incident
		if inc.Name != "API errors" || inc.Status != "monitoring" || inc.Impact != "major" {
			t.Errorf("incident = %+v", inc.Incident)
		}
		if inc.MonitoringAt == nil || !inc.MonitoringAt.Equal(at(30)) {
			t.Errorf("monitoring_at = %v, want %v", inc.MonitoringAt, at(30))
		}
		if inc.Shortlink != "https://status.example.com/incidents/INC-0003.html" {
			t.Errorf("shortlink = %q", inc.Shortlink)
		}
		ac := inc.IncidentUpdates[0].AffectedComponents
		want := statuspage.AffectedComponent{Code: "api", Name: "API",
			OldStatus: "major_outage", NewStatus: "partial_outage"}
		if len(ac) != 1 || ac[0] != want {
			t.Errorf("affected = %+v, want [%+v]", ac, want)
		}
		if inc.IncidentUpdates[1].AffectedComponents != nil {
			t.Errorf("update without components: affected = %+v, want null",
				inc.IncidentUpdates[1].AffectedComponents)
		}
	})
}

func TestComponentWebhookBody(t *testing.T) {
	comps, _ := fixture()
	us := comps[2]
	body, err := statuspage.ComponentWebhookBody(page, us, herald.Operational, "https://status.example.com/u/y")
	if err != nil {
		t.Fatal(err)
	}
	if m := missing(sampleShape(t, "webhook_component.json"), shapeOf(t, body)); len(m) > 0 {
		t.Errorf("missing %v", m)
	}

	var got statuspage.ComponentWebhook
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	cu := got.ComponentUpdate
	if cu.OldStatus != "operational" || cu.NewStatus != "degraded_performance" || cu.ComponentID != "us" {
		t.Errorf("component_update = %+v", cu)
	}
	if got.Component.GroupID == nil || *got.Component.GroupID != statuspage.GroupID("Regions") {
		t.Errorf("group_id = %v", got.Component.GroupID)
	}
	if got.Page.StatusIndicator != statuspage.IndicatorMinor {
		t.Errorf("indicator = %q, want minor", got.Page.StatusIndicator)
	}
}

func TestWebhookBodyRefusesDraft(t *testing.T) {
	comps, incs := fixture()
	body, err := statuspage.WebhookBody(page, incs[0], comps, "https://status.example.com/u/x")
	if err == nil || body != nil {
		t.Fatalf("draft: body %s, err %v; want an error", body, err)
	}
}
