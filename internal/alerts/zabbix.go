package alerts

import (
	"encoding/json"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// zabbixPayload is the body the media type script in
// infra/examples/zabbix-herald.js posts: the event's macros, under
// Herald's names.
type zabbixPayload struct {
	EventID      string `json:"event_id"`
	TriggerID    string `json:"trigger_id"`
	Value        string `json:"value"`
	UpdateStatus string `json:"update_status"`
	Severity     string `json:"severity"`
	Name         string `json:"name"`
	Host         string `json:"host"`
	Date         string `json:"date"`
	Time         string `json:"time"`
	TZOffset     string `json:"tz_offset"`
	Message      string `json:"message"`
	OpData       string `json:"opdata"`
	Tags         string `json:"tags"` // {EVENT.TAGSJSON}: a JSON list, as a string
}

// ParseZabbix reads a Zabbix problem or recovery. The trigger is the
// dedup key (one incident per trigger), and the problem event tells
// events apart; {EVENT.VALUE} 1 fires and 0 recovers, and an update (an
// acknowledgement) changes nothing. {EVENT.SEVERITY} is the severity, the
// host and the event's tags are labels, and the alert message is the
// message. {EVENT.DATE} {EVENT.TIME} is the Zabbix server's local time
// without a zone; the script sends its offset. The media type's Test
// button, which sends the macros unresolved, opens nothing.
func ParseZabbix(body []byte) (*herald.Parsed, error) {
	var p zabbixPayload
	if err := decodeBody(body, &p); err != nil {
		return nil, err
	}
	if strings.Contains(p.EventID+p.Value+p.TriggerID, "{") {
		return test("the macros are unresolved, as the media type's Test button sends them; " +
			"this opens no incident"), nil
	}
	if first(p.EventID) == "" {
		return nil, invalid("event_id", "is required: is this the Herald media type of "+
			"infra/examples/zabbix-herald.js?")
	}
	if p.UpdateStatus == "1" {
		return ignored("an update of Zabbix event %s changes nothing", clipped(p.EventID)), nil
	}
	st, err := state(p.Value)
	if err != nil || (p.Value != "0" && p.Value != "1") {
		return nil, invalid("value", "must be 1 (problem) or 0 (recovery)")
	}
	labels := map[string]string{}
	setLabel(labels, "host", p.Host)
	setLabel(labels, "trigger_id", p.TriggerID)
	var tags []struct{ Tag, Value string }
	if json.Unmarshal([]byte(p.Tags), &tags) == nil {
		for _, t := range tags {
			if t.Tag != "" {
				labels[t.Tag] = t.Value
			}
		}
	}
	started, _ := parseTime(p.Date+" "+p.Time, p.TZOffset)
	return alerts(herald.Alert{
		Group: "trigger-" + first(p.TriggerID, p.EventID), Fingerprint: p.EventID, State: st,
		Severity: p.Severity, Summary: first(p.Name, "Zabbix event "+p.EventID),
		Description: first(p.Message, p.OpData), StartsAt: started, Labels: labels,
	}), nil
}
