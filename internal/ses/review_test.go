package ses_test

import (
	"bytes"
	"context"
	"net/http"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
)

var reviewPage = herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"}

// review returns a draft a tool opened, whose machine text carries markup.
func review(id string) *herald.Review {
	at := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
	return &herald.Review{
		Incident: herald.Incident{ID: id, Title: "orders-api-5xx", Draft: true,
			Status: herald.Investigating, Impact: herald.ImpactNone, StartedAt: at, CreatedAt: at},
		Integration: herald.Integration{Name: "Alarms", Source: herald.SourceCloudWatch},
		Original:    "Threshold Crossed: <script>alert(1)</script> 5xx > 10",
	}
}

// TestSendReview sends a review mail through aws-ses-v2-local and reads
// back what it received: to the review address alone, from the sender,
// the draft's subject, the tool's text as it came in the text part and
// escaped in the HTML part, and the links to the admin API.
func TestSendReview(t *testing.T) {
	endpoint := standIn(t)
	client, wire := newClient(t, endpoint)
	to := "oncall-" + unique + "@example.com"
	v, err := ses.NewReviewer(client, reviewPage, from, "On call <"+to+">", "https://status.example.com")
	if err != nil {
		t.Fatal(err)
	}

	if err := v.SendReview(context.Background(), review("INC-0042")); err != nil {
		t.Fatalf("SendReview = %v", err)
	}

	got := mustStored(t, endpoint, to)
	if len(got.Destination.To) != 1 || len(got.Destination.Cc)+len(got.Destination.Bcc) != 0 {
		t.Errorf("recipients = %+v, want only %s", got.Destination, to)
	}
	if !strings.Contains(got.From, "<status@example.com>") {
		t.Errorf("from = %q", got.From)
	}
	if got.Subject != "[Draft to review] INC-0042 orders-api-5xx" {
		t.Errorf("subject = %q", got.Subject)
	}
	for _, want := range []string{"<script>alert(1)</script>", "Acme Status",
		"PATCH https://status.example.com/v1/incidents/INC-0042",
		"GET https://status.example.com/v1/incidents?state=draft"} {
		if !strings.Contains(got.Body.Text, want) {
			t.Errorf("text part lacks %q:\n%s", want, got.Body.Text)
		}
	}
	if strings.Contains(got.Body.HTML, "<script>") || !strings.Contains(got.Body.HTML, "&lt;script&gt;") {
		t.Errorf("the HTML part does not escape the tool's text:\n%s", got.Body.HTML)
	}

	req := wire.request(0)
	if len(req.Destination.ToAddresses) != 1 || req.Destination.ToAddresses[0] != to {
		t.Errorf("envelope = %q, want [%s]", req.Destination.ToAddresses, to)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(req.Content.Raw.Data))
	if err != nil {
		t.Fatalf("raw message: %v", err)
	}
	if h := msg.Header.Get("Auto-Submitted"); h != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", h)
	}
}

// TestSendReviewErrors answers SendEmail with a final and a passing error,
// and sends a review whose incident id cannot name a message.
func TestSendReviewErrors(t *testing.T) {
	to := "oncall@example.com"
	for code, want := range map[string]string{
		"MessageRejected":          herald.EUNPROCESSABLE,
		"TooManyRequestsException": herald.EUNAVAILABLE,
	} {
		t.Run(code, func(t *testing.T) {
			srv, calls := fakeSES(t, http.StatusBadRequest, code, "Email address is not verified: "+to)
			client, _ := newClient(t, srv.URL)
			v, err := ses.NewReviewer(client, reviewPage, from, to, "https://status.example.com")
			if err != nil {
				t.Fatal(err)
			}
			err = v.SendReview(context.Background(), review("INC-0042"))
			if herald.ErrorCode(err) != want || calls.Load() != 1 {
				t.Fatalf("SendReview = %v after %d calls; want %s after 1", err, calls.Load(), want)
			}
			if strings.Contains(err.Error(), "@") || strings.Contains(herald.ErrorMessage(err), "@") {
				t.Errorf("the error names the review address: %q", err)
			}
		})
	}

	t.Run("BadIncidentID", func(t *testing.T) {
		srv, calls := fakeSES(t, http.StatusOK, "", "")
		client, _ := newClient(t, srv.URL)
		v, err := ses.NewReviewer(client, reviewPage, from, to, "https://status.example.com")
		if err != nil {
			t.Fatal(err)
		}
		err = v.SendReview(context.Background(), review("INC-1>\r\nBcc: x@example.com"))
		if herald.ErrorCode(err) != herald.EUNPROCESSABLE || calls.Load() != 0 {
			t.Errorf("SendReview = %v after %d calls; want EUNPROCESSABLE and no call", err, calls.Load())
		}
	})
}

// TestNewReviewerRefuses checks that a function configured wrongly fails
// at start rather than at each draft.
func TestNewReviewerRefuses(t *testing.T) {
	client, _ := newClient(t, "http://127.0.0.1:1")
	for name, args := range map[string][3]string{
		"no sender":      {"", "oncall@example.com", "https://status.example.com"},
		"bad review":     {from, "oncall", "https://status.example.com"},
		"no API address": {from, "oncall@example.com", ""},
		"two recipients": {from, "a@example.com, b@example.com", "https://status.example.com"},
	} {
		if _, err := ses.NewReviewer(client, reviewPage, args[0], args[1], args[2]); err == nil {
			t.Errorf("%s: NewReviewer accepted %q", name, args)
		}
	}
	if _, err := ses.NewReviewer(client, reviewPage, from, "oncall@example.com",
		"https://status.example.com"); err != nil {
		t.Errorf("NewReviewer = %v", err)
	}
}
