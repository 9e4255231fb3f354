package local_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/local"
	"github.com/herald-status/herald/internal/webhook"
)

// TestSubscribeByEmail signs a reader up on the status page's form,
// confirms from the link in the outbox (the GET shows a button and
// confirms nothing; the button's POST confirms), sends an incident, follows
// the e-mail's one-click unsubscribe, and checks that nothing more comes.
func TestSubscribeByEmail(t *testing.T) {
	s := startConfig(t, func(*local.Config) {})
	s.do("POST", "/v1/components", adminKey, []byte(`{"id":"api","name":"API"}`), http.StatusCreated, nil)
	s.control()
	eventually(t, "the sign-up form on the status page", func() bool {
		_, index := s.page(s.url + "/")
		return strings.Contains(index, `<form method="post" action="/v1/subscriptions">`)
	})

	status, page := s.form("/v1/subscriptions", url.Values{"type": {"email"},
		"address": {"reader@example.com"}, "components": {"api"}})
	if status != http.StatusOK || !strings.Contains(page, "a confirmation is on its way") {
		t.Fatalf("sign-up: %d\n%s", status, page)
	}
	confirmations, _ := mailTo(t, s.dir, "reader@example.com")
	if len(confirmations) != 1 {
		t.Fatalf("%d confirmations in the outbox", len(confirmations))
	}
	link := linkIn(t, confirmations[0])

	status, page = s.page(link)
	if status != http.StatusOK || !strings.Contains(page, `<form method="post"`) {
		t.Fatalf("GET %s: %d\n%s", link, status, page)
	}
	if st := s.state("reader@"); st != "pending" {
		t.Fatalf("the GET made the subscriber %s", st)
	}
	token := mustParam(t, link, "token")
	status, page = s.form("/v1/subscriptions/confirm", url.Values{"token": {token}})
	if status != http.StatusOK || !strings.Contains(page, "You are subscribed") {
		t.Fatalf("confirm: %d\n%s", status, page)
	}
	if st := s.state("reader@"); st != "active" {
		t.Fatalf("after the button, state %s", st)
	}

	id := s.incident("API errors")
	eventually(t, "the reader's notice", func() bool {
		_, notices := mailTo(t, s.dir, "reader@example.com")
		return len(notices) == 1
	})
	_, notices := mailTo(t, s.dir, "reader@example.com")
	unsub := strings.Trim(notices[0].Header.Get("List-Unsubscribe"), "<>")
	if notices[0].Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" ||
		!strings.HasPrefix(unsub, s.url+"/v1/subscriptions/unsubscribe?token=") {
		t.Fatalf("unsubscribe headers %v", notices[0].Header)
	}
	oneClick(t, unsub)
	if st := s.state("reader@"); st != "unsubscribed" {
		t.Fatalf("after one-click, state %s", st)
	}

	s.update(id, "Found the cause.")
	if n := s.noticesAfter(2, "reader@example.com"); n != 1 {
		t.Errorf("after unsubscribing the reader has %d notices, want still 1", n)
	}
}

// TestSubscribeByWebhook signs up a webhook, which the signed test
// delivery confirms; it hears of an incident, unsubscribes through the
// link in the body, and hears nothing more.
func TestSubscribeByWebhook(t *testing.T) {
	s := startConfig(t, func(*local.Config) {})
	s.do("POST", "/v1/components", adminKey, []byte(`{"id":"api","name":"API"}`), http.StatusCreated, nil)
	s.control()
	rc, hookURL := hookReceiver(t)

	var ans struct {
		Secret       string
		TestDelivery string `json:"test_delivery"`
	}
	s.do("POST", "/v1/subscriptions", "", []byte(fmt.Sprintf(
		`{"type":"webhook","address":%q}`, hookURL)), http.StatusAccepted, &ans)
	if ans.TestDelivery != "accepted" || len(rc.got()) != 1 {
		t.Fatalf("answer %+v, %d deliveries", ans, len(rc.got()))
	}
	test := rc.got()[0]
	if err := webhook.Verify(ans.Secret, test.header, test.body, time.Now()); err != nil {
		t.Errorf("the test delivery does not verify with the secret given: %v", err)
	}
	if st := s.state("/hook"); st != "active" {
		t.Fatalf("after the test delivery, state %s", st)
	}

	id := s.incident("API errors")
	eventually(t, "the incident webhook", func() bool { return len(rc.got()) == 2 })
	hook := rc.got()[1]
	if err := webhook.Verify(ans.Secret, hook.header, hook.body, time.Now()); err != nil {
		t.Errorf("the incident webhook does not verify: %v", err)
	}
	var body struct{ Meta struct{ Unsubscribe string } }
	mustJSON(t, hook.body, &body)
	oneClick(t, body.Meta.Unsubscribe)
	if st := s.state("/hook"); st != "unsubscribed" {
		t.Fatalf("after unsubscribing, state %s", st)
	}

	s.update(id, "Found the cause.")
	s.noticesAfter(2, "nobody@example.com")
	if n := len(rc.got()); n != 2 {
		t.Errorf("after unsubscribing the receiver got %d deliveries, want still 2", n)
	}
}

// TestSubscriptionAbuse: a forged token changes nothing; 50 sign-ups from
// one client within a minute are cut off; webhook URLs that reach inside
// are refused when loopback is not allowed.
func TestSubscriptionAbuse(t *testing.T) {
	s := startConfig(t, func(c *local.Config) { c.AllowLoopback = false })
	s.do("POST", "/v1/subscriptions", "", []byte(`{"type":"email","address":"a@example.com"}`),
		http.StatusAccepted, nil)
	confirmations, _ := mailTo(t, s.dir, "a@example.com")
	link := linkIn(t, confirmations[0])
	token := mustParam(t, link, "token")
	parts := strings.Split(token, ".")
	forged := parts[0] + "." + parts[1] + ".AAAA" + parts[2][4:]
	for _, bad := range []string{forged, parts[0] + ".9999999999." + parts[2]} {
		status, page := s.form("/v1/subscriptions/confirm", url.Values{"token": {bad}})
		if status != http.StatusUnauthorized || !strings.Contains(page, "not valid") {
			t.Errorf("a forged token: %d\n%s", status, page)
		}
	}
	if st := s.state("a@"); st != "pending" {
		t.Fatalf("forged tokens made the subscriber %s", st)
	}

	for _, target := range []string{"https://127.0.0.1/hook", "https://10.0.0.1/hook",
		"https://169.254.169.254/latest/meta-data/", "https://[::1]/hook",
		"https://localhost/hook"} {
		var p struct{ Field string }
		s.do("POST", "/v1/subscriptions", "", []byte(fmt.Sprintf(`{"type":"webhook","address":%q}`,
			target)), http.StatusUnprocessableEntity, &p)
		if p.Field != "address" {
			t.Errorf("%s: problem names %q", target, p.Field)
		}
	}

	start, refused := time.Now(), 0
	for i := range 50 {
		status, _ := s.form("/v1/subscriptions", url.Values{"type": {"email"},
			"address": {fmt.Sprintf("bulk%02d@example.com", i)}})
		if status == http.StatusTooManyRequests {
			refused++
		} else if status != http.StatusOK || refused > 0 {
			t.Fatalf("sign-up %d: %d after %d refused", i+1, status, refused)
		}
	}
	if time.Since(start) > time.Minute || refused == 0 {
		t.Errorf("50 sign-ups in %v: %d refused", time.Since(start), refused)
	}
}

func mustParam(t *testing.T, link, name string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(name)
}
