package alerts_test

import (
	"context"
	"testing"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/herald"
)

// TestParsers_Err feeds each parser payloads its tool could not have sent:
// each is EINVALID, naming the field at fault where there is one.
func TestParsers_Err(t *testing.T) {
	tests := []struct {
		source, name, body, field string
	}{
		{herald.SourceAlertmanager, "NotJSON", `{"groupKey":`, ""},
		{herald.SourceAlertmanager, "NoGroupKey", `{"alerts":[{"status":"firing"}]}`, "groupKey"},
		{herald.SourceAlertmanager, "NoAlerts", `{"groupKey":"g","alerts":[]}`, "alerts"},
		{herald.SourceAlertmanager, "BadStatus", `{"groupKey":"g","alerts":[{"status":"exploding"}]}`,
			"alerts[0].status"},
		{herald.SourceAlertmanager, "WrongType", `{"groupKey":"g","alerts":"many"}`, "alerts"},
		{herald.SourceGrafana, "NoAlerts", `{"receiver":"x","alerts":[]}`, "alerts"},
		{herald.SourceGrafana, "BadStatus", `{"alerts":[{"status":"sad","labels":{}}]}`, "alerts[0].status"},
		{herald.SourceDatadog, "NoAlertID", `{"transition":"Triggered","title":"x"}`, "alert_id"},
		{herald.SourceDatadog, "BadTransition", `{"alert_id":"1","transition":"Exploded"}`, "transition"},
		{herald.SourcePingdom, "NoCheck", `{"current_state":"DOWN"}`, "check_id"},
		{herald.SourcePingdom, "BadState", `{"check_id":1,"current_state":"MAYBE"}`, "current_state"},
		{herald.SourcePingdom, "WrongType", `{"check_id":1,"tags":"a,b"}`, "tags"},
		{herald.SourceUptimeRobot, "NoMonitor", `{"alert_type":"1"}`, "monitor_id"},
		{herald.SourceUptimeRobot, "BadType", `{"monitor_id":"5","alert_type":"9"}`, "alert_type"},
		{herald.SourceNewRelic, "NoID", `{"state":"ACTIVATED"}`, "id"},
		{herald.SourceNewRelic, "BadState", `{"id":"x","state":"ON_FIRE"}`, "state"},
		{herald.SourceZabbix, "NoEvent", `{"value":"1"}`, "event_id"},
		{herald.SourceZabbix, "BadValue", `{"event_id":"5","value":"7"}`, "value"},
		{herald.SourceUptimeKuma, "Empty", `{}`, "heartbeat"},
		{herald.SourceUptimeKuma, "HalfThere", `{"heartbeat":{"status":0}}`, "monitor"},
		{herald.SourceUptimeKuma, "BadStatus", `{"heartbeat":{"status":9},"monitor":{"id":1}}`,
			"heartbeat.status"},
		{herald.SourceGeneric, "MissingID", `{"alerts":[{"status":"firing"}]}`, "alerts[0].id"},
		{herald.SourceGeneric, "MissingStatus", `{"id":"x"}`, "status"},
		{herald.SourceGeneric, "Empty", `{"alerts":[]}`, "alerts"},
		{herald.SourceGeneric, "BadTime", `{"id":"x","status":"firing","started_at":"yesterday"}`,
			"started_at"},
	}
	for _, tt := range tests {
		t.Run(tt.source+"/"+tt.name, func(t *testing.T) {
			in := &herald.Intake{Body: []byte(tt.body), Header: noHeader}
			_, err := alerts.Parsers()[tt.source](context.Background(), in)
			if code := herald.ErrorCode(err); code != herald.EINVALID {
				t.Fatalf("code = %q (%v), want %q", code, err, herald.EINVALID)
			}
			if f := herald.ErrorField(err); f != tt.field {
				t.Errorf("field = %q, want %q", f, tt.field)
			}
		})
	}
}

// TestParsers_Ignored checks events a tool sends that change nothing.
func TestParsers_Ignored(t *testing.T) {
	for _, tt := range []struct{ source, body string }{
		{herald.SourceUptimeRobot, `{"monitor_id":"5","alert_type":"3"}`},
		{herald.SourceNewRelic, `{"id":"x","state":"ACKNOWLEDGED"}`},
		{herald.SourceZabbix, `{"event_id":"5","value":"1","update_status":"1"}`},
		{herald.SourceUptimeKuma, `{"heartbeat":{"status":2},"monitor":{"id":1}}`},
	} {
		in := &herald.Intake{Body: []byte(tt.body), Header: noHeader}
		p, err := alerts.Parsers()[tt.source](context.Background(), in)
		if err != nil || p.Notice == "" || p.Test || len(p.Alerts) != 0 {
			t.Errorf("%s %s: %+v, %v; want a notice that is no test", tt.source, tt.body, p, err)
		}
	}
}

func TestParseAlertmanager_Groups(t *testing.T) {
	t.Run("MixedGroup", func(t *testing.T) {
		p, err := alerts.ParseAlertmanager(mustRead(t, "alertmanager-two-alerts.json"))
		if err != nil {
			t.Fatal(err)
		}
		as := p.Alerts
		if len(as) != 2 || as[0].State != herald.Firing || as[1].State != herald.Recovered {
			t.Fatalf("got %+v, want firing then resolved", as)
		}
		if as[0].Group != as[1].Group || as[0].Fingerprint == as[1].Fingerprint {
			t.Errorf("alerts should share a group and differ in fingerprint: %+v", as)
		}
	})
	t.Run("FingerprintFromLabels", func(t *testing.T) {
		body := `{"groupKey":"g","alerts":[{"status":"firing","labels":{"b":"2","a":"1"}},` +
			`{"status":"firing","labels":{"a":"1","b":"2"}},{"status":"firing","labels":{"a":"2"}}]}`
		p, err := alerts.ParseAlertmanager([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		as := p.Alerts
		if as[0].Fingerprint == "" || as[0].Fingerprint != as[1].Fingerprint ||
			as[0].Fingerprint == as[2].Fingerprint {
			t.Errorf("fingerprints %q %q %q: want equal labels to match, others to differ",
				as[0].Fingerprint, as[1].Fingerprint, as[2].Fingerprint)
		}
	})
}
