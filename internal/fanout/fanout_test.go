package fanout_test

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/webhook"
)

var created = update("u1", herald.KindCreated, herald.Investigating)

func TestDraftsNotifyNobody(t *testing.T) {
	fx := newFixture(t)
	draft := incident(true, []string{"api"}, created)
	for _, c := range []herald.Change{
		change(nil, draft),
		change(draft, incident(true, []string{"api"}, created,
			update("u2", herald.KindUpdated, herald.Identified))),
	} {
		if err := fx.fan.HandleChange(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	// A private note on a published incident notifies nobody either.
	pub := incident(false, []string{"api"}, created)
	note := incident(false, []string{"api"}, created,
		update("n1", herald.KindNote, herald.Investigating))
	if err := fx.fan.HandleChange(t.Context(), change(pub, note)); err != nil {
		t.Fatal(err)
	}

	if len(fx.emails(t)) != 0 || len(fx.smsLines(t)) != 0 || len(fx.webhooks()) != 0 {
		t.Errorf("notified: %v, %v, %d webhooks", fx.emails(t), fx.smsLines(t),
			len(fx.webhooks()))
	}
	if ds := fx.store.deliveries(t); len(ds) != 0 {
		t.Errorf("deliveries %v, want none", ds)
	}
}

func TestPublish(t *testing.T) {
	fx := newFixture(t)
	publish := change(incident(true, []string{"api"}, created),
		incident(false, []string{"api"}, created))
	if err := fx.fan.HandleChange(t.Context(), publish); err != nil {
		t.Fatal(err)
	}

	// e1 follows everything, s1 and w1 follow api; e2 follows web only and
	// e3 is pending.
	var ids []string
	for id, d := range fx.store.deliveries(t) {
		ids = append(ids, id)
		if d.State != herald.DeliverySent || d.Attempts != 1 || d.IncidentID != "INC-0042" {
			t.Errorf("delivery %s = %+v", id, d)
		}
	}
	slices.Sort(ids)
	if want := []string{"u1.e1.email", "u1.s1.sms", "u1.w1.webhook"}; !slices.Equal(ids, want) {
		t.Fatalf("deliveries %v, want %v", ids, want)
	}
	checkEmail(t, fx)
	checkSMS(t, fx)
	checkWebhook(t, fx)
}

func checkEmail(t *testing.T, fx *fixture) {
	t.Helper()
	if got := fx.emails(t); !slices.Equal(got, []string{"u1.e1.email.eml"}) {
		t.Fatalf("e-mail outbox = %v", got)
	}
	raw, err := os.ReadFile(filepath.Join(fx.dir, "outbox", "email", "u1.e1.email.eml"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if msg.Header.Get("To") != "<e1@example.com>" ||
		subject != "[INC-0042] Database latency — Investigating" {
		t.Errorf("To %q, Subject %q", msg.Header.Get("To"), subject)
	}
	link := strings.Trim(msg.Header.Get("List-Unsubscribe"), "<>")
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	id, err := signer.Verify(u.Query().Get("token"), signedlink.Unsubscribe, t0)
	if err != nil || id != "e1" {
		t.Errorf("unsubscribe link %s: %q, %v", link, id, err)
	}
}

func checkSMS(t *testing.T, fx *fixture) {
	t.Helper()
	lines := fx.smsLines(t)
	if len(lines) != 1 {
		t.Fatalf("SMS outbox = %q", lines)
	}
	var m outbox.SMS
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatal(err)
	}
	if m.ID != "u1.s1.sms" || m.To != "+15550101" || !strings.Contains(m.Body, "[INC-0042]") {
		t.Errorf("SMS = %+v", m)
	}
}

func checkWebhook(t *testing.T, fx *fixture) {
	t.Helper()
	hooks := fx.webhooks()
	if len(hooks) != 1 {
		t.Fatalf("%d webhooks, want 1", len(hooks))
	}
	h := hooks[0]
	if err := webhook.Verify(secret, h.header, h.body, time.Now()); err != nil {
		t.Errorf("signature: %v", err)
	}
	if h.header.Get("Webhook-Id") != "u1.w1.webhook" {
		t.Errorf("webhook-id = %q", h.header.Get("Webhook-Id"))
	}
	var body struct {
		Incident struct {
			ID, Status string
			Components []struct{ ID, Name string }
		}
	}
	if err := json.Unmarshal(h.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Incident.ID != "INC-0042" || body.Incident.Status != "investigating" ||
		len(body.Incident.Components) != 1 || body.Incident.Components[0].Name != "The api" {
		t.Errorf("webhook body = %s", h.body)
	}
}
