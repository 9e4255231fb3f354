package alerts_test

import (
	"context"
	"testing"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/alerts/snstest"
	"github.com/herald-status/herald/internal/herald"
)

// Each parser is fuzzed with its tool's testdata as seeds; go test runs
// the seeds, go test -fuzz=FuzzX explores. Whatever the body, a parser
// answers an EINVALID or EUNAUTHORIZED error, a notice, or alerts that are
// whole: a group, a fingerprint, a known state and a title.

func fuzzParser(f *testing.F, p herald.AlertParser, seeds ...string) {
	for _, s := range seeds {
		f.Add(mustRead(f, s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := p(context.Background(), &herald.Intake{Body: body, Header: noHeader})
		checkParsed(t, out, err)
	})
}

func checkParsed(t *testing.T, out *herald.Parsed, err error) {
	if err != nil {
		if code := herald.ErrorCode(err); code != herald.EINVALID && code != herald.EUNAUTHORIZED {
			t.Fatalf("error code %q (%v)", code, err)
		}
		return
	}
	if out.Notice != "" {
		if len(out.Alerts) != 0 {
			t.Fatalf("a notice with alerts: %+v", out)
		}
		return
	}
	if len(out.Alerts) == 0 {
		t.Fatal("no alerts and no notice")
	}
	for _, a := range out.Alerts {
		if a.Group == "" || a.Fingerprint == "" || a.Summary == "" ||
			(a.State != herald.Firing && a.State != herald.Recovered) {
			t.Fatalf("parsed an incomplete alert %+v", a)
		}
	}
}

func parser(source string) herald.AlertParser { return alerts.Parsers()[source] }

func FuzzParseAlertmanager(f *testing.F) {
	fuzzParser(f, parser(herald.SourceAlertmanager), "alertmanager-firing.json",
		"alertmanager-resolved.json", "alertmanager-two-alerts.json")
}

func FuzzParseGrafana(f *testing.F) {
	fuzzParser(f, parser(herald.SourceGrafana), "grafana-firing.json", "grafana-resolved.json",
		"grafana-test.json")
}

func FuzzParseDatadog(f *testing.F) {
	fuzzParser(f, parser(herald.SourceDatadog), "datadog-firing.json", "datadog-resolved.json",
		"datadog-test.json")
}

func FuzzParsePingdom(f *testing.F) {
	fuzzParser(f, parser(herald.SourcePingdom), "pingdom-down.json", "pingdom-up.json")
}

func FuzzParseUptimeRobot(f *testing.F) {
	fuzzParser(f, parser(herald.SourceUptimeRobot), "uptimerobot-down.json", "uptimerobot-up.json",
		"uptimerobot-template.json")
}

func FuzzParseNewRelic(f *testing.F) {
	fuzzParser(f, parser(herald.SourceNewRelic), "newrelic-activated.json", "newrelic-closed.json",
		"newrelic-template.json")
}

func FuzzParseZabbix(f *testing.F) {
	fuzzParser(f, parser(herald.SourceZabbix), "zabbix-problem.json", "zabbix-recovery.json",
		"zabbix-test.json")
}

func FuzzParseUptimeKuma(f *testing.F) {
	fuzzParser(f, parser(herald.SourceUptimeKuma), "uptimekuma-down.json", "uptimekuma-up.json",
		"uptimekuma-test.json")
}

func FuzzParseGeneric(f *testing.F) {
	fuzzParser(f, parser(herald.SourceGeneric), "generic-firing.json", "generic-resolved.json")
}

// FuzzParseAlarm fuzzes the alarm inside an SNS message, which a Lambda
// subscription reads without an envelope.
func FuzzParseAlarm(f *testing.F) {
	f.Add(mustRead(f, "cloudwatch-alarm.json"))
	f.Add(mustRead(f, "cloudwatch-ok.json"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		out, err := alerts.ParseAlarm(string(msg))
		checkParsed(t, out, err)
	})
}

// FuzzCloudWatch fuzzes the SNS envelope; almost every body fails its
// signature, which must be an error, never a crash or an alert.
func FuzzCloudWatch(f *testing.F) {
	sns := snstest.New(f)
	cw := alerts.NewCloudWatch(sns.Fetch)
	f.Add(sns.Notification(f, "m1", string(mustRead(f, "cloudwatch-alarm.json"))))
	f.Add(mustRead(f, "cloudwatch-subscription.json"))
	f.Add(mustRead(f, "cloudwatch-notification.json"))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := cw.Parse(context.Background(), &herald.Intake{Body: body, Header: noHeader})
		checkParsed(t, out, err)
	})
}

// FuzzParsePagerDuty signs every body it tries, so that the fuzzer reaches
// the parsing behind the signature check.
func FuzzParsePagerDuty(f *testing.F) {
	for _, s := range []string{"pagerduty-triggered.json", "pagerduty-resolved.json",
		"pagerduty-ping.json"} {
		f.Add(mustRead(f, s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := postPD(body, pdSign(body, pdSecret), pdSecret)
		checkParsed(t, out, err)
	})
}
