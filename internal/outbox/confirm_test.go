package outbox_test

import (
	"bufio"
	"encoding/json"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
)

func confirmURL(id string, exp time.Time) string {
	return "https://status.example.com/v1/subscriptions/confirm?token=" + id
}

func confirmation(typ herald.SubscriberType, addr string) *herald.Confirmation {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return &herald.Confirmation{
		ID: "cnf_1", Page: herald.Page{Name: "Acme Status"},
		Subscriber: herald.Subscriber{ID: "sub_9", Type: typ, Address: addr},
		Code:       "123456", ExpiresAt: at.Add(72 * time.Hour), CreatedAt: at,
	}
}

func TestEmailConfirmer(t *testing.T) {
	dir := t.TempDir()
	c := outbox.NewEmailConfirmer(dir, from, confirmURL)
	if err := c.SendConfirmation(t.Context(), confirmation(herald.Email, "ops@example.com")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "outbox", "email", "cnf_1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("To") != "<ops@example.com>" ||
		!strings.HasPrefix(m.Header.Get("Subject"), "Confirm your subscription") {
		t.Errorf("headers %v", m.Header)
	}

	bad := confirmation(herald.Email, "ops@example.com")
	bad.ID = "../../x"
	if err := c.SendConfirmation(t.Context(), bad); herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("a path as id: %v, want EUNPROCESSABLE", err)
	}
}

func TestSMSConfirmer(t *testing.T) {
	dir := t.TempDir()
	c := outbox.NewSMSConfirmer(outbox.NewSMSSender(dir), confirmURL)
	if err := c.SendConfirmation(t.Context(), confirmation(herald.SMS, "+15550123")); err != nil {
		t.Fatal(err)
	}
	noCode := confirmation(herald.SMS, "+15550123")
	noCode.Code = ""
	if err := c.SendConfirmation(t.Context(), noCode); herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("no code: %v, want EUNPROCESSABLE", err)
	}
	f, err := os.Open(filepath.Join(dir, "outbox", "sms.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var lines []outbox.SMS
	for sc.Scan() {
		var m outbox.SMS
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 1 || lines[0].To != "+15550123" ||
		!strings.Contains(lines[0].Body, "your code is 123456") ||
		!strings.Contains(lines[0].Body, confirmURL("sub_9", time.Time{})) {
		t.Errorf("lines %+v", lines)
	}
}
