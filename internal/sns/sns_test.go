package sns_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/sns"
)

const incidentURL = "https://status.example.com/incidents/INC-0042.html"

// notification returns a published update for the SMS subscriber phone.
func notification(phone string) *herald.Notification {
	at := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
	return &herald.Notification{
		ID:         "upd_1.sub_1.sms",
		Page:       herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_1", Type: herald.SMS, Address: phone},
		Incident: herald.Incident{ID: "INC-0042", Title: "Database latency",
			Status: herald.Investigating, Impact: herald.ImpactMajor},
		Update: herald.Update{ID: "upd_1", Kind: herald.KindCreated, Status: herald.Investigating,
			Message: "Queries are slow.", CreatedAt: at},
		CreatedAt: at,
	}
}

func TestSend(t *testing.T) {
	tests := map[string]string{
		"Short": "Queries are slow.",
		"Long":  strings.Repeat("Replicas are catching up after the failover. ", 20),
	}
	for name, message := range tests {
		t.Run(name, func(t *testing.T) {
			srv := newStandIn(t)
			n := notification("+15550100")
			n.Update.Message = message

			if err := sns.New(srv.client(), 0).Send(context.Background(), n); err != nil {
				t.Fatalf("Send = %v", err)
			}

			sent, calls := srv.published()
			if len(sent) != 1 || calls != 1 {
				t.Fatalf("the stand-in got %d calls and kept %d messages, want 1", calls, len(sent))
			}
			got := sent[0]
			if got.PhoneNumber != "+15550100" {
				t.Errorf("PhoneNumber = %q", got.PhoneNumber)
			}
			if got.Message != mail.SMSText(n) {
				t.Errorf("Message = %q, want mail.SMSText's %q", got.Message, mail.SMSText(n))
			}
			// The text is plain ASCII here: one septet a character.
			if c := utf8.RuneCountInString(got.Message); c > mail.MaxSMSGSM {
				t.Errorf("Message has %d characters, more than two segments", c)
			}
			if !strings.HasPrefix(got.Message, "Acme Status [INC-0042] Investigating: ") ||
				!strings.HasSuffix(got.Message, " "+incidentURL) {
				t.Errorf("Message lost the tracking id or the link: %q", got.Message)
			}
			if got.Attributes["AWS.SNS.SMS.SMSType"] != "Transactional" ||
				got.DataTypes["AWS.SNS.SMS.SMSType"] != "String" {
				t.Errorf("SMSType = %q (%q), want Transactional (String)",
					got.Attributes["AWS.SNS.SMS.SMSType"], got.DataTypes["AWS.SNS.SMS.SMSType"])
			}
			if _, ok := got.Attributes["AWS.SNS.SMS.SenderID"]; ok || len(got.Attributes) != 1 {
				t.Errorf("attributes = %v, want SMSType alone", got.Attributes)
			}
		})
	}
}

func TestSendSenderID(t *testing.T) {
	srv := newStandIn(t)
	s := sns.New(srv.client(), 0)
	s.SenderID = "AcmeStatus"

	if err := s.Send(context.Background(), notification("+15550101")); err != nil {
		t.Fatalf("Send = %v", err)
	}
	sent, _ := srv.published()
	if len(sent) != 1 || sent[0].Attributes["AWS.SNS.SMS.SenderID"] != "AcmeStatus" ||
		sent[0].Attributes["AWS.SNS.SMS.SMSType"] != "Transactional" {
		t.Fatalf("published %+v, want SenderID AcmeStatus beside SMSType", sent)
	}
}

func TestSendRefuses(t *testing.T) {
	email := notification("ops@example.com")
	email.Subscriber.Type = herald.Email
	tests := map[string]*herald.Notification{
		"ErrEmailSubscriber": email,
		"ErrNotE164":         notification("555-0102"),
		"ErrEmpty":           notification(""),
	}
	for name, n := range tests {
		t.Run(name, func(t *testing.T) {
			srv := newStandIn(t)
			err := sns.New(srv.client(), 0).Send(context.Background(), n)
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
				t.Errorf("Send = %v, want EUNPROCESSABLE", err)
			}
			if _, calls := srv.published(); calls != 0 {
				t.Errorf("SNS was called %d times", calls)
			}
		})
	}
}
