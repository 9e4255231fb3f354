package outbox_test

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
)

func TestReviewSender(t *testing.T) {
	dir := t.TempDir()
	s := outbox.NewReviewSender(dir, herald.Page{Name: "Acme Status"}, from, "oncall@example.com",
		"https://api.example.com")
	r := &herald.Review{
		Incident:    herald.Incident{ID: "INC-0007", Title: "Orders API down", Draft: true, CreatedAt: time.Now()},
		Integration: herald.Integration{Name: "Prometheus", Source: herald.SourceAlertmanager},
		Original:    "Original alert from Prometheus (alertmanager): it is down",
	}
	for range 2 {
		if err := s.SendReview(t.Context(), r); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "outbox", "email"))
	if len(entries) != 1 || entries[0].Name() != "review.INC-0007.eml" {
		t.Fatalf("outbox holds %v, want one review mail", entries)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "outbox", "email", entries[0].Name()))
	m, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil || m.Header.Get("To") != "<oncall@example.com>" {
		t.Errorf("message %v, %v", m, err)
	}

	r.Incident.ID = "../escape"
	if err := s.SendReview(t.Context(), r); herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("a path in the id: %v, want EUNPROCESSABLE", err)
	}
}
