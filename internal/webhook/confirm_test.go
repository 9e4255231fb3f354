package webhook_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/webhook"
)

// capture is a receiver that keeps the last request and answers status.
type capture struct {
	status int
	header http.Header
	body   []byte
}

func (c *capture) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.header = r.Header.Clone()
	c.body, _ = io.ReadAll(r.Body)
	w.WriteHeader(c.status)
}

func testConfirmation(url string, f herald.WebhookFormat) *herald.Confirmation {
	return &herald.Confirmation{
		ID:   "cnf_1",
		Page: herald.Page{ID: "acme", Name: "Acme <Status>", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_7", Type: herald.Webhook, Address: url,
			Secret: secret, State: herald.Pending, Format: f},
		CreatedAt: sentAt, ExpiresAt: sentAt.Add(time.Hour),
	}
}

func TestSendConfirmation(t *testing.T) {
	rc := &capture{status: http.StatusNoContent}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	err := newSender(true).SendConfirmation(t.Context(), testConfirmation(srv.URL, ""))
	if err != nil {
		t.Fatal(err)
	}
	if err := webhook.Verify(secret, rc.header, rc.body, sentAt); err != nil {
		t.Errorf("the test delivery does not verify: %v", err)
	}
	var body struct {
		Meta         struct{ Unsubscribe string }
		Event        string
		Subscription struct {
			ID         string
			Components []string
		}
	}
	if err := json.Unmarshal(rc.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Event != webhook.TestEvent || body.Subscription.ID != "sub_7" ||
		body.Subscription.Components == nil || !strings.HasSuffix(body.Meta.Unsubscribe, "t-sub_7") {
		t.Errorf("body %s", rc.body)
	}

	rc.status = http.StatusUnauthorized // a receiver that checks an older secret
	err = newSender(true).SendConfirmation(t.Context(), testConfirmation(srv.URL, ""))
	if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("a 401: %v, want EUNPROCESSABLE", err)
	}
	err = newSender(false).SendConfirmation(t.Context(), testConfirmation(srv.URL, ""))
	if herald.ErrorCode(err) != herald.EFORBIDDEN {
		t.Errorf("a loopback receiver without leave: %v, want EFORBIDDEN", err)
	}
}

func TestChatFormats(t *testing.T) {
	rc := &capture{status: http.StatusOK}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	s := newSender(true)
	for f, want := range map[herald.WebhookFormat]string{
		herald.FormatSlack:   `"text":"*\u003chttps://status.example.com/incidents/INC-0042.html|[INC-0042] Database latency`,
		herald.FormatDiscord: `"allowed_mentions":{"parse":[]}`,
		herald.FormatTeams:   `"contentType":"application/vnd.microsoft.card.adaptive"`,
	} {
		n := notification(srv.URL)
		n.Subscriber.Format = f
		n.Update.Message = "Slow <b>queries</b> & @everyone"
		if err := s.Send(t.Context(), n); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.Contains(string(rc.body), want) {
			t.Errorf("%s body lacks %s:\n%s", f, want, rc.body)
		}
		if f == herald.FormatSlack && !strings.Contains(string(rc.body), `Slow \u0026lt;b\u0026gt;queries`) {
			t.Errorf("slack body does not escape markup:\n%s", rc.body)
		}
		if err := s.SendConfirmation(t.Context(), testConfirmation(srv.URL, f)); err != nil {
			t.Errorf("%s confirmation: %v", f, err)
		}
	}
}
