package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

func TestSignUpForm(t *testing.T) {
	e := newEnv(t)
	e.mustCreateComponent(t, "api", "API <v2>")
	mustPage(t, get(t, e.h, "/v1/subscriptions"), http.StatusOK,
		`action="/v1/subscriptions"`, `value="api"`, "API &lt;v2&gt;", "Example &lt;Status&gt;")

	form := url.Values{"type": {"email"}, "address": {"Ops@Example.com"},
		"components": {"api"}, "format": {""}}
	first := mustPage(t, postForm(t, e.h, "/v1/subscriptions", form), http.StatusOK,
		"ops@example.com", "a confirmation is on its way")
	sub := e.stored(t, herald.Email, "ops@example.com")
	if sub.State != herald.Pending || len(e.sent.all()) != 1 || len(sub.Components) != 1 {
		t.Fatalf("after the form: %+v, %d sent", sub, len(e.sent.all()))
	}

	// Once active, the same form gets the same page and sends nothing.
	if _, err := e.subs.Confirm(t.Context(), sub.ID, *sub.PendingUntil); err != nil {
		t.Fatal(err)
	}
	again := mustPage(t, postForm(t, e.h, "/v1/subscriptions", form), http.StatusOK)
	if again != first || len(e.sent.all()) != 1 {
		t.Errorf("an active address is answered differently, or sent to again")
	}

	// A bad field: the form again, with what was typed and why it is wrong.
	bad := url.Values{"type": {"sms"}, "address": {"<b>555</b>"}}
	mustPage(t, postForm(t, e.h, "/v1/subscriptions", bad), http.StatusUnprocessableEntity,
		"address: must be a phone number", `value="&lt;b&gt;555&lt;/b&gt;"`, `<option value="sms" selected>`)
}

func TestSignUpJSON(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"type": "email", "address": "ops@example.com"}
	rec := mustDo(t, e.h, "POST", "/v1/subscriptions", "", body)
	mustStatus(t, rec, http.StatusAccepted)
	first := rec.Body.String()
	sub := e.stored(t, herald.Email, "ops@example.com")
	if _, err := e.subs.Confirm(t.Context(), sub.ID, *sub.PendingUntil); err != nil {
		t.Fatal(err)
	}
	rec = mustDo(t, e.h, "POST", "/v1/subscriptions", "", body)
	mustStatus(t, rec, http.StatusAccepted)
	if rec.Body.String() != first {
		t.Errorf("answers differ:\n%s\n%s", first, rec.Body)
	}

	mustProblem(t, mustDo(t, e.h, "POST", "/v1/subscriptions", "",
		map[string]any{"type": "email", "address": "x"}), http.StatusUnprocessableEntity, "address")
	mustProblem(t, mustDo(t, e.h, "POST", "/v1/subscriptions", "",
		map[string]any{"type": "email", "address": "a@example.com", "secret": "x"}),
		http.StatusBadRequest, "secret")

	hook := map[string]any{"type": "webhook", "address": "https://hooks.example.com/x",
		"format": "slack"}
	rec = mustDo(t, e.h, "POST", "/v1/subscriptions", "", hook)
	mustStatus(t, rec, http.StatusAccepted)
	ans := decodeAs[map[string]string](t, rec)
	stored := e.stored(t, herald.Webhook, "https://hooks.example.com/x")
	if ans["test_delivery"] != "accepted" || ans["secret"] != stored.Secret ||
		stored.State != herald.Active || stored.Format != herald.FormatSlack {
		t.Errorf("webhook answer %v, stored %+v", ans, stored)
	}
}

// TestSignUpLimit makes 50 sign-ups from one client within a minute: past
// the limit they are refused with 429, and another client is not.
func TestSignUpLimit(t *testing.T) {
	e := newEnv(t)
	refused := 0
	for i := range 50 {
		form := url.Values{"type": {"email"}, "address": {fmt.Sprintf("r%d@example.com", i)}}
		rec := postForm(t, e.h, "/v1/subscriptions", form)
		switch rec.Code {
		case http.StatusOK:
			if refused > 0 {
				t.Fatalf("sign-up %d passed after one was refused", i+1)
			}
		case http.StatusTooManyRequests:
			refused++
			mustPage(t, rec, http.StatusTooManyRequests, "too many sign-ups")
		default:
			t.Fatalf("sign-up %d: %d %s", i+1, rec.Code, rec.Body)
		}
	}
	if want := 50 - herald.DefaultSignupsPerClient; refused != want {
		t.Errorf("%d of 50 refused, want %d", refused, want)
	}
	if n := len(e.sent.all()); n != herald.DefaultSignupsPerClient {
		t.Errorf("%d confirmations sent, want %d", n, herald.DefaultSignupsPerClient)
	}

	late := mustDo(t, e.h, "POST", "/v1/subscriptions", "",
		map[string]any{"type": "email", "address": "other@example.com"})
	mustProblem(t, late, http.StatusTooManyRequests, "")
	other := httptestRequest("POST", "/v1/subscriptions",
		`{"type":"email","address":"late@example.com"}`, "203.0.113.9:4000")
	rec := mustServe(t, e.h, other)
	mustStatus(t, rec, http.StatusAccepted)
}

func TestSignUpEscapes(t *testing.T) {
	e := newEnv(t)
	hook := url.Values{"type": {"webhook"}, "address": {`https://hooks.example.com/?q="><script>x</script>`}}
	body := mustPage(t, postForm(t, e.h, "/v1/subscriptions", hook), http.StatusOK, "Subscribed")
	if strings.Contains(body, "<script>") {
		t.Errorf("the page echoes markup:\n%s", body)
	}
}

func TestSMSCode(t *testing.T) {
	e := newEnv(t)
	form := url.Values{"type": {"sms"}, "address": {"+1 555 0142"}}
	mustPage(t, postForm(t, e.h, "/v1/subscriptions", form), http.StatusOK,
		`name="code"`, `value="&#43;15550142"`, `action="/v1/subscriptions/confirm"`)
	code := e.sent.all()[0].Code

	wrong := url.Values{"address": {"+15550142"}, "code": {"000000"}}
	if code == "000000" {
		wrong.Set("code", "111111")
	}
	mustPage(t, postForm(t, e.h, "/v1/subscriptions/confirm", wrong), http.StatusUnauthorized,
		"the code is not right")
	mustPage(t, postForm(t, e.h, "/v1/subscriptions/confirm",
		url.Values{"address": {"+15550142"}, "code": {code}}), http.StatusOK, "You are subscribed")
	if st := e.stored(t, herald.SMS, "+15550142").State; st != herald.Active {
		t.Errorf("state %s", st)
	}
}
