package alerts_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/alerts"
	"github.com/herald-status/herald/internal/herald"
)

const pdSecret = "pd-test-secret-not-real"

// pdSign returns the X-PagerDuty-Signature of body under secret, written
// from PagerDuty's documentation: v1= and the hex HMAC-SHA256.
func pdSign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

func postPD(body []byte, signature, secret string) (*herald.Parsed, error) {
	in := &herald.Intake{Body: body, Secret: secret, Header: func(name string) string {
		if name == "X-PagerDuty-Signature" {
			return signature
		}
		return ""
	}}
	return alerts.ParsePagerDuty(context.Background(), in)
}

func TestParsePagerDuty(t *testing.T) {
	for file, w := range map[string]want{
		"pagerduty-triggered.json": {group: "Q2ABCDEF3GHIJK", fingerprint: "Q2ABCDEF3GHIJK",
			state: herald.Firing, summary: "Logins fail for some users", severity: "P1",
			startsAt: time.Date(2026, 11, 20, 7, 25, 9, 0, time.UTC),
			labels:   map[string]string{"service": "Login service", "team": "Identity", "urgency": "high"}},
		"pagerduty-resolved.json": {group: "Q2ABCDEF3GHIJK", fingerprint: "Q2ABCDEF3GHIJK",
			state: herald.Recovered, summary: "Logins fail for some users", severity: "P1"},
	} {
		t.Run(file, func(t *testing.T) {
			body := mustRead(t, file)
			p, err := postPD(body, pdSign(body, pdSecret), pdSecret)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Alerts) != 1 {
				t.Fatalf("parsed %+v", p)
			}
			checkAlert(t, p.Alerts[0], w)
		})
	}
	t.Run("Ping", func(t *testing.T) {
		body := mustRead(t, "pagerduty-ping.json")
		p, err := postPD(body, pdSign(body, pdSecret), pdSecret)
		if err != nil || !p.Test || len(p.Alerts) != 0 {
			t.Errorf("ping: %+v, %v", p, err)
		}
	})
	t.Run("RotatingSecret", func(t *testing.T) {
		body := mustRead(t, "pagerduty-triggered.json")
		header := pdSign(body, "the-old-secret") + "," + pdSign(body, pdSecret)
		if _, err := postPD(body, header, pdSecret); err != nil {
			t.Errorf("the second of two signatures: %v", err)
		}
	})
	t.Run("Acknowledged", func(t *testing.T) {
		body := []byte(`{"event":{"event_type":"incident.acknowledged","data":{"id":"Q1"}}}`)
		p, err := postPD(body, pdSign(body, pdSecret), pdSecret)
		if err != nil || p.Test || p.Notice == "" || len(p.Alerts) != 0 {
			t.Errorf("acknowledged: %+v, %v", p, err)
		}
	})
}

func TestParsePagerDuty_ErrSignature(t *testing.T) {
	body := mustRead(t, "pagerduty-triggered.json")
	tests := []struct{ name, header, secret, field string }{
		{"NoSecretSet", pdSign(body, pdSecret), "", "signing_secret"},
		{"NoHeader", "", pdSecret, "X-PagerDuty-Signature"},
		{"WrongSecret", pdSign(body, "another-secret"), pdSecret, "X-PagerDuty-Signature"},
		{"OtherBody", pdSign([]byte("{}"), pdSecret), pdSecret, "X-PagerDuty-Signature"},
		{"NotHex", "v1=zz", pdSecret, "X-PagerDuty-Signature"},
		{"OtherVersion", "v2=" + pdSign(body, pdSecret)[3:], pdSecret, "X-PagerDuty-Signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := postPD(body, tt.header, tt.secret)
			if herald.ErrorCode(err) != herald.EUNAUTHORIZED || herald.ErrorField(err) != tt.field {
				t.Errorf("err = %v, want unauthorized on %s", err, tt.field)
			}
		})
	}
	t.Run("SignedGarbage", func(t *testing.T) {
		body := []byte(`{"event":{"event_type":"incident.triggered","data":{}}}`)
		_, err := postPD(body, pdSign(body, pdSecret), pdSecret)
		if herald.ErrorField(err) != "event.data.id" {
			t.Errorf("err = %v, want invalid on event.data.id", err)
		}
	})
}
