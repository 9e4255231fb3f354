package outbox_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
	"github.com/herald-status/herald/internal/signedlink"
)

const from = "Acme Status <status@example.com>"

func links(sub *herald.Subscriber) signedlink.Links {
	return signedlink.Links{
		Unsubscribe: "https://api.example.com/v1/subscriptions/unsubscribe?token=" + sub.ID,
		Manage:      "https://api.example.com/v1/subscriptions/manage?token=" + sub.ID,
	}
}

func notification(id string, typ herald.SubscriberType, addr string) *herald.Notification {
	at := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
	return &herald.Notification{
		ID:         id,
		Page:       herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_1", Type: typ, Address: addr},
		Incident: herald.Incident{ID: "INC-0042", Title: "Database latency",
			Status: herald.Investigating, Impact: herald.ImpactMinor},
		Update: herald.Update{ID: "upd_1", Kind: herald.KindCreated,
			Status: herald.Investigating, Message: "Queries are slow.", CreatedAt: at},
		CreatedAt: at,
	}
}

func TestEmailSender(t *testing.T) {
	dir := t.TempDir()
	s := outbox.NewEmailSender(dir, from, links)
	n := notification("upd_1.sub_1.email", herald.Email, "ops@example.com")
	if err := s.Send(t.Context(), n); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "outbox", "email", "upd_1.sub_1.email.eml")
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("To"); got != "<ops@example.com>" {
		t.Errorf("To = %q", got)
	}
	if got := msg.Header.Get("List-Unsubscribe"); got !=
		"<https://api.example.com/v1/subscriptions/unsubscribe?token=sub_1>" {
		t.Errorf("List-Unsubscribe = %q", got)
	}

	// The same notification again, with other words, leaves the first.
	n.Update.Message = "Something else entirely."
	if err := s.Send(t.Context(), n); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, first) {
		t.Error("a second Send replaced the message")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("outbox holds %d files, want 1 (no temporary files left)", len(entries))
	}
}

func TestEmailSenderErrors(t *testing.T) {
	dir := t.TempDir()
	s := outbox.NewEmailSender(dir, from, links)
	t.Run("ErrPathInID", func(t *testing.T) {
		err := s.Send(t.Context(), notification("../../escape", herald.Email, "ops@example.com"))
		if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
			t.Fatalf("Send = %v, want EUNPROCESSABLE", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "escape.eml")); err == nil {
			t.Error("wrote outside the outbox")
		}
	})
	t.Run("ErrWrongChannel", func(t *testing.T) {
		err := s.Send(t.Context(), notification("u.s.sms", herald.SMS, "+15550100"))
		if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
			t.Fatalf("Send = %v, want EUNPROCESSABLE", err)
		}
	})
	t.Run("ErrUnwritable", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		s := outbox.NewEmailSender(file, from, links) // a file where a folder must be
		err := s.Send(t.Context(), notification("u.s.email", herald.Email, "ops@example.com"))
		if herald.ErrorCode(err) != herald.EUNAVAILABLE {
			t.Fatalf("Send = %v, want EUNAVAILABLE", err)
		}
	})
}

func TestSMSSenderConcurrent(t *testing.T) {
	dir := t.TempDir()
	s := outbox.NewSMSSender(dir)
	const count = 50
	var wg sync.WaitGroup
	errs := make(chan error, count)
	for i := range count {
		wg.Go(func() {
			n := notification(fmt.Sprintf("upd_1.sub_%d.sms", i), herald.SMS,
				fmt.Sprintf("+1555010%02d", i%100))
			errs <- s.Send(t.Context(), n)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	f, err := os.Open(filepath.Join(dir, "outbox", "sms.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m outbox.SMS
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		want := "Acme Status [INC-0042] Investigating: Database latency - Queries are slow. " +
			"https://status.example.com/incidents/INC-0042.html"
		if m.Body != want || m.To == "" || !m.CreatedAt.Equal(notification("", "", "").CreatedAt) {
			t.Errorf("line = %+v", m)
		}
		seen[m.ID] = true
	}
	if len(seen) != count {
		t.Errorf("%d distinct lines, want %d", len(seen), count)
	}
}
