package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// pending signs ops@example.com up and returns it, pending.
func (e *env) pending(t *testing.T) *herald.Subscriber {
	t.Helper()
	rec := mustDo(t, e.h, "POST", "/v1/subscriptions", "",
		map[string]any{"type": "email", "address": "ops@example.com"})
	mustStatus(t, rec, http.StatusAccepted)
	return e.stored(t, herald.Email, "ops@example.com")
}

func TestConfirmLink(t *testing.T) {
	e := newEnv(t)
	sub := e.pending(t)
	link := e.confirmLink(t, sub)
	token := mustQuery(t, link, "token")

	// A GET, as a mail scanner makes, shows a button and confirms nothing.
	mustPage(t, get(t, e.h, link), http.StatusOK, `method="post"`, `name="token"`,
		"ops@example.com", "Confirm my subscription")
	if st := e.stored(t, herald.Email, "ops@example.com").State; st != herald.Pending {
		t.Fatalf("a GET made the subscriber %s", st)
	}

	mustPage(t, postForm(t, e.h, "/v1/subscriptions/confirm", url.Values{"token": {token}}),
		http.StatusOK, "You are subscribed")
	if st := e.stored(t, herald.Email, "ops@example.com").State; st != herald.Active {
		t.Fatalf("after the button, state %s", st)
	}
}

// TestConfirmLinkReplaced signs up twice: the first link no longer
// confirms, the second does.
func TestConfirmLinkReplaced(t *testing.T) {
	e := newEnv(t)
	first := e.confirmLink(t, e.pending(t))
	time.Sleep(1100 * time.Millisecond) // links name their expiry to the second
	second := e.confirmLink(t, e.pending(t))
	mustPage(t, get(t, e.h, first), http.StatusUnauthorized, "replaced by a newer one")
	mustPage(t, postForm(t, e.h, "/v1/subscriptions/confirm",
		url.Values{"token": {mustQuery(t, first, "token")}}), http.StatusUnauthorized)
	if st := e.stored(t, herald.Email, "ops@example.com").State; st != herald.Pending {
		t.Fatalf("the replaced link made the subscriber %s", st)
	}
	mustPage(t, postForm(t, e.h, "/v1/subscriptions/confirm",
		url.Values{"token": {mustQuery(t, second, "token")}}), http.StatusOK, "You are subscribed")
}

func TestBadTokens(t *testing.T) {
	e := newEnv(t)
	sub := e.pending(t)
	good := mustQuery(t, e.confirmLink(t, sub), "token")
	other := signedlink.NewSigner([]byte("another key, not Herald's, 32 by"))
	parts := strings.Split(good, ".")
	for name, token := range map[string]string{
		"forged":       other.Sign(sub.ID, signedlink.Confirm, time.Now().Add(time.Hour)),
		"altered":      parts[0] + ".9999999999." + parts[2],
		"expired":      e.links.Signer.Sign(sub.ID, signedlink.Confirm, time.Now().Add(-time.Minute)),
		"wrong use":    e.links.Signer.Sign(sub.ID, signedlink.Manage, time.Now().Add(time.Hour)),
		"another's id": e.links.Signer.Sign("sub_other", signedlink.Confirm, time.Now().Add(time.Hour))[:10] + good[10:],
		"malformed":    "not-a-token",
		"missing":      "",
	} {
		status := http.StatusUnauthorized
		if name == "malformed" || name == "missing" {
			status = http.StatusBadRequest
		}
		mustPage(t, get(t, e.h, "/v1/subscriptions/confirm?token="+url.QueryEscape(token)), status)
		mustPage(t, postForm(t, e.h, "/v1/subscriptions/confirm", url.Values{"token": {token}}), status)
		rec := mustDo(t, e.h, "POST", "/v1/subscriptions/confirm", "", map[string]any{"token": token})
		field := ""
		if name == "missing" {
			field = "token"
		}
		mustProblem(t, rec, status, field)
		if name == "wrong use" {
			token = good // a confirm token, where one for leaving is needed
		}
		for _, p := range []string{"/v1/subscriptions/unsubscribe", "/v1/subscriptions/manage"} {
			mustPage(t, postForm(t, e.h, p, url.Values{"token": {token}, "action": {"unsubscribe"}}),
				status)
		}
	}
	if st := e.stored(t, herald.Email, "ops@example.com").State; st != herald.Pending {
		t.Errorf("bad tokens changed the subscriber to %s", st)
	}
}

func TestOneClickUnsubscribe(t *testing.T) {
	e := newEnv(t)
	sub := e.pending(t)
	if _, err := e.subs.Confirm(t.Context(), sub.ID, *sub.PendingUntil); err != nil {
		t.Fatal(err)
	}
	link := pathOf(t, e.links.Links(sub).Unsubscribe)

	mustPage(t, get(t, e.h, link), http.StatusOK, "Unsubscribe", `method="post"`)
	if st := e.stored(t, herald.Email, "ops@example.com").State; st != herald.Active {
		t.Fatalf("a GET made the subscriber %s", st)
	}

	// RFC 8058: the body is List-Unsubscribe=One-Click, as multipart.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("List-Unsubscribe", "One-Click")
	mw.Close()
	req := httptest.NewRequest("POST", link, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	mustPage(t, mustServe(t, e.h, req), http.StatusOK, "You are unsubscribed")
	if st := e.stored(t, herald.Email, "ops@example.com").State; st != herald.Unsubscribed {
		t.Fatalf("after one-click, state %s", st)
	}

	// Again, URL-encoded this time: it still succeeds.
	req = httptest.NewRequest("POST", link, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	mustPage(t, mustServe(t, e.h, req), http.StatusOK, "You are unsubscribed")
}

func TestManagePage(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API")
	e.mustCreateComponent(t, "web", "Website")
	sub := e.pending(t)
	if _, err := e.subs.Confirm(t.Context(), sub.ID, *sub.PendingUntil); err != nil {
		t.Fatal(err)
	}
	link := pathOf(t, e.links.Links(sub).Manage)
	token := mustQuery(t, link, "token")
	mustPage(t, get(t, e.h, link), http.StatusOK, `value="api"`, `value="web"`,
		`value="ops@example.com"`, `value="unsubscribe"`)

	mustPage(t, postForm(t, e.h, "/v1/subscriptions/manage", url.Values{"token": {token},
		"components": {"web"}, "address": {"ops@example.com"}, "action": {"save"}}),
		http.StatusOK, "Saved.", `value="web" checked`)
	if c := e.stored(t, herald.Email, "ops@example.com").Components; len(c) != 1 || c[0] != "web" {
		t.Errorf("components %v", c)
	}
	mustPage(t, postForm(t, e.h, "/v1/subscriptions/manage", url.Values{"token": {token},
		"components": {"nope"}}), http.StatusNotFound, "components[0]")

	rec := mustDo(t, e.h, "POST", "/v1/subscriptions/manage", "",
		map[string]any{"token": token, "address": "new@example.com"})
	mustStatus(t, rec, http.StatusOK)
	if v := decodeAs[map[string]any](t, rec); v["moved"] != true || v["state"] != "pending" {
		t.Errorf("moving: %v", v)
	}
	last := e.sent.all()[len(e.sent.all())-1]
	if last.Subscriber.Address != "new@example.com" {
		t.Errorf("the confirmation went to %s", last.Subscriber.Address)
	}

	mustPage(t, postForm(t, e.h, "/v1/subscriptions/manage", url.Values{"token": {token},
		"action": {"unsubscribe"}}), http.StatusOK, "You are unsubscribed")
	mustPage(t, get(t, e.h, link), http.StatusOK, "is unsubscribed")
}

func mustQuery(t *testing.T, link, name string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(name)
}
