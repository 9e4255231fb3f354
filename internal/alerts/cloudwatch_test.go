package alerts_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/alerts/snstest"
	"github.com/herald-status/herald/internal/herald"
)

func cloudwatch(t *testing.T) (*alerts.CloudWatch, *snstest.SNS) {
	sns := snstest.New(t)
	return alerts.NewCloudWatch(sns.Fetch), sns
}

func postSNS(cw *alerts.CloudWatch, body []byte) (*herald.Parsed, error) {
	return cw.Parse(context.Background(), &herald.Intake{Body: body, Header: noHeader})
}

func TestCloudWatch_Alarm(t *testing.T) {
	cw, sns := cloudwatch(t)
	p, err := postSNS(cw, sns.Notification(t, "m1", string(mustRead(t, "cloudwatch-alarm.json"))))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Alerts) != 1 {
		t.Fatalf("parsed %+v", p)
	}
	arn := "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:orders-api-5xx"
	checkAlert(t, p.Alerts[0], want{group: arn, fingerprint: arn, state: herald.Firing,
		summary: "orders-api-5xx", startsAt: time.Date(2026, 11, 20, 7, 12, 44, 318e6, time.UTC),
		description: "The orders API answers with server errors.\n\nThreshold Crossed: 2 out of " +
			"the last 2 datapoints were greater than the threshold (10.0).",
		labels: map[string]string{"ApiName": "orders", "namespace": "AWS/ApiGateway",
			"metric_name": "5XXError", "account": "111122223333"}})

	p, err = postSNS(cw, sns.Notification(t, "m2", string(mustRead(t, "cloudwatch-ok.json"))))
	if err != nil || len(p.Alerts) != 1 || p.Alerts[0].State != herald.Recovered ||
		p.Alerts[0].Group != arn {
		t.Fatalf("OK: %+v, %v", p, err)
	}
	if got := sns.Fetched(); !slices.Equal(got, []string{snstest.CertURL}) {
		t.Errorf("fetched %v, want the certificate once", got)
	}
}

func TestCloudWatch_SubscriptionConfirmation(t *testing.T) {
	cw, sns := cloudwatch(t)
	var m snstest.Message
	if err := json.Unmarshal(mustRead(t, "cloudwatch-subscription.json"), &m); err != nil {
		t.Fatal(err)
	}
	m.SigningCertURL = ""
	p, err := postSNS(cw, sns.Sign(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Test || !strings.Contains(p.Notice, m.TopicArn) || len(p.Alerts) != 0 {
		t.Errorf("parsed %+v, want a notice of the subscription", p)
	}
	if got := sns.Fetched(); !slices.Contains(got, m.SubscribeURL) {
		t.Errorf("fetched %v: the SubscribeURL was not visited", got)
	}

	// A SubscribeURL off SNS is never visited, signed or not.
	m.SubscribeURL = "https://attacker.example.com/?Action=ConfirmSubscription"
	_, err = postSNS(cw, sns.Sign(t, m))
	if herald.ErrorCode(err) != herald.EUNAUTHORIZED || herald.ErrorField(err) != "SubscribeURL" {
		t.Errorf("foreign SubscribeURL: %v", err)
	}
	if got := sns.Fetched(); slices.Contains(got, m.SubscribeURL) {
		t.Errorf("fetched %v", got)
	}
}

func TestCloudWatch_NotAnAlarm(t *testing.T) {
	cw, sns := cloudwatch(t)
	p, err := postSNS(cw, sns.Notification(t, "m3", "Hello from the SNS console"))
	if err != nil || !p.Test || len(p.Alerts) != 0 {
		t.Errorf("a plain message: %+v, %v; want a test notice", p, err)
	}
	p, err = postSNS(cw, sns.Notification(t, "m4",
		strings.Replace(string(mustRead(t, "cloudwatch-alarm.json")), `"ALARM"`, `"INSUFFICIENT_DATA"`, 1)))
	if err != nil || p.Test || p.Notice == "" || len(p.Alerts) != 0 {
		t.Errorf("INSUFFICIENT_DATA: %+v, %v; want an ignored notice", p, err)
	}
}

func TestCloudWatch_ErrSignature(t *testing.T) {
	cw, sns := cloudwatch(t)
	alarm := string(mustRead(t, "cloudwatch-alarm.json"))
	signed := sns.Notification(t, "m1", alarm)
	var m snstest.Message
	if err := json.Unmarshal(signed, &m); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, field string
		edit        func(m *snstest.Message) []byte
	}{
		{"Tampered", "Signature", func(m *snstest.Message) []byte {
			m.Message = strings.Replace(m.Message, "orders-api-5xx", "other-alarm", 1)
			return mustJSON(t, m)
		}},
		{"OtherKey", "Signature", func(m *snstest.Message) []byte {
			return snstest.New(t).Notification(t, "m1", alarm) // same URL, another key
		}},
		{"NoSignature", "Signature", func(m *snstest.Message) []byte {
			m.Signature = ""
			return mustJSON(t, m)
		}},
		{"HTTPCert", "SigningCertURL", func(m *snstest.Message) []byte {
			m.SigningCertURL = strings.Replace(snstest.CertURL, "https:", "http:", 1)
			return mustJSON(t, m)
		}},
		{"ForeignCertHost", "SigningCertURL", func(m *snstest.Message) []byte {
			m.SigningCertURL = "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem"
			return mustJSON(t, m)
		}},
		{"CertPort", "SigningCertURL", func(m *snstest.Message) []byte {
			m.SigningCertURL = "https://sns.eu-west-1.amazonaws.com:8443/cert.pem"
			return mustJSON(t, m)
		}},
		{"BadVersion", "SignatureVersion", func(m *snstest.Message) []byte {
			m.SignatureVersion = "3"
			return mustJSON(t, m)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := m
			_, err := postSNS(cw, tt.edit(&m))
			if herald.ErrorCode(err) != herald.EUNAUTHORIZED || herald.ErrorField(err) != tt.field {
				t.Errorf("err = %v, want unauthorized on %s", err, tt.field)
			}
		})
	}
	for _, u := range sns.Fetched() {
		if u != snstest.CertURL {
			t.Errorf("fetched %s", u)
		}
	}
}

func TestCloudWatch_SignatureVersion2(t *testing.T) {
	cw, sns := cloudwatch(t)
	body := sns.Sign(t, snstest.Message{Type: "Notification", MessageID: "m9",
		TopicArn: "arn:aws:sns:eu-west-1:111122223333:herald-alarms",
		Message:  string(mustRead(t, "cloudwatch-alarm.json")), Timestamp: "2026-11-20T07:12:44.402Z",
		SignatureVersion: "2"})
	if p, err := postSNS(cw, body); err != nil || len(p.Alerts) != 1 {
		t.Errorf("SHA256 signature without a subject: %+v, %v", p, err)
	}
}

func TestCloudWatch_ErrNotSNS(t *testing.T) {
	cw, _ := cloudwatch(t)
	for body, field := range map[string]string{
		`{"AlarmName": "x"}`: "Type",
		`{"Type": "Gossip"}`: "Type",
		`{"Type": 3}`:        "Type",
	} {
		_, err := postSNS(cw, []byte(body))
		if herald.ErrorCode(err) != herald.EINVALID || herald.ErrorField(err) != field {
			t.Errorf("%s: %v, want invalid on %s", body, err, field)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
