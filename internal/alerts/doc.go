// Package alerts reads the requests monitoring tools send and turns them
// into herald.Alert values. Each tool has one parser; Parsers lists them by
// the integration source that names them in /v1/integrations/{source}.
//
// Every parser knows its tool's dedup key (which alerts share an incident,
// and which alert is which), its firing and resolved signals, where its
// description text is, and how it writes times. Parsers read tolerantly:
// tools add fields over time, so unknown fields are ignored. What a parser
// cannot do without (a status, an alert to speak of) is an EINVALID error
// naming the field. A tool's test message, ping or handshake is answered
// with a notice and opens nothing.
//
// The example configurations for each tool are in infra/examples/.
package alerts

import "github.com/herald-status/herald/internal/herald"

// Parsers returns the parser of every supported source. The CloudWatch
// parser checks SNS signatures against certificates it fetches from SNS,
// and confirms subscriptions, over HTTPS.
func Parsers() map[string]herald.AlertParser {
	return map[string]herald.AlertParser{
		herald.SourceAlertmanager: fromBody(ParseAlertmanager),
		herald.SourceGrafana:      fromBody(ParseGrafana),
		herald.SourceCloudWatch:   NewCloudWatch(FetchHTTPS(snsClient)).Parse,
		herald.SourceDatadog:      fromBody(ParseDatadog),
		herald.SourcePingdom:      fromBody(ParsePingdom),
		herald.SourceUptimeRobot:  fromBody(ParseUptimeRobot),
		herald.SourceNewRelic:     fromBody(ParseNewRelic),
		herald.SourcePagerDuty:    ParsePagerDuty,
		herald.SourceZabbix:       fromBody(ParseZabbix),
		herald.SourceUptimeKuma:   fromBody(ParseUptimeKuma),
		herald.SourceGeneric:      fromBody(ParseGeneric),
	}
}
