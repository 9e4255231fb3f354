package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
)

// subscribers lists subscribers through the API.
func (e *env) subscribers(t *testing.T, query string) list[herald.Subscriber] {
	t.Helper()
	rec := e.do(t, "GET", "/v1/subscribers"+query, nil)
	mustStatus(t, rec, http.StatusOK)
	return decodeAs[list[herald.Subscriber]](t, rec)
}

func TestSubscribers(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		e := newEnv(t)
		e.mustCreateComponent(t, "api", "API")
		rec := e.do(t, "POST", "/v1/subscribers", map[string]any{
			"type": "email", "address": "Ops@Example.com", "components": []string{"api"}})
		mustStatus(t, rec, http.StatusCreated)
		mail := decodeAs[herald.Subscriber](t, rec)
		if mail.Address != "ops@example.com" || mail.State != herald.Pending || mail.Secret != "" {
			t.Fatalf("created %+v", mail)
		}
		if loc := rec.Header().Get("Location"); loc != "/v1/subscribers/"+mail.ID {
			t.Errorf("Location %q", loc)
		}

		rec = e.do(t, "POST", "/v1/subscribers", map[string]any{
			"type": "webhook", "address": "https://hooks.example.com/herald", "consented": true})
		mustStatus(t, rec, http.StatusCreated)
		hook := decodeAs[herald.Subscriber](t, rec)
		if !strings.HasPrefix(hook.Secret, "whsec_") || hook.State != herald.Active {
			t.Fatalf("webhook %+v: the secret is shown once, here", hook)
		}

		l := e.subscribers(t, "")
		if len(l.Items) != 2 {
			t.Fatalf("listed %+v", l.Items)
		}
		for _, s := range l.Items {
			if s.Secret != "" {
				t.Errorf("the list shows %s's secret", s.ID)
			}
		}
		if strings.Contains(e.do(t, "GET", "/v1/subscribers", nil).Body.String(), hook.Secret) {
			t.Error("the list's body holds the secret")
		}

		mustStatus(t, e.do(t, "DELETE", "/v1/subscribers/"+mail.ID, nil), http.StatusNoContent)
		if l := e.subscribers(t, ""); len(l.Items) != 1 || l.Items[0].ID != hook.ID {
			t.Errorf("after DELETE: %+v", l.Items)
		}
	})

	t.Run("Paged", func(t *testing.T) {
		e := newEnv(t)
		for _, n := range []string{"0100", "0101", "0102"} {
			mustStatus(t, e.do(t, "POST", "/v1/subscribers",
				map[string]any{"type": "sms", "address": "+1555555" + n}), http.StatusCreated)
		}
		l := e.subscribers(t, "?limit=2")
		all := l.Items
		for l.NextCursor != "" {
			l = e.subscribers(t, "?limit=2&cursor="+l.NextCursor)
			all = append(all, l.Items...)
		}
		if len(all) != 3 || all[0].ID >= all[1].ID || all[1].ID >= all[2].ID {
			t.Errorf("paged %+v", all)
		}
		mustProblem(t, e.do(t, "GET", "/v1/subscribers?limit=501", nil),
			http.StatusBadRequest, "limit")
	})

	t.Run("Err", func(t *testing.T) {
		e := newEnv(t)
		mustProblem(t, e.do(t, "POST", "/v1/subscribers",
			map[string]any{"type": "pigeon", "address": "x"}), http.StatusUnprocessableEntity, "type")
		mustProblem(t, e.do(t, "POST", "/v1/subscribers",
			map[string]any{"type": "email", "address": "not mail"}),
			http.StatusUnprocessableEntity, "address")
		mustProblem(t, e.do(t, "POST", "/v1/subscribers", map[string]any{"type": "email",
			"address": "a@example.com", "components": []string{"nope"}}),
			http.StatusNotFound, "components[0]")
		mustProblem(t, e.do(t, "DELETE", "/v1/subscribers/sub_nope", nil),
			http.StatusNotFound, "")
		if l := e.subscribers(t, ""); len(l.Items) != 0 {
			t.Errorf("refused subscribers were stored: %+v", l.Items)
		}

		body := map[string]any{"type": "email", "address": "a@example.com"}
		mustStatus(t, e.do(t, "POST", "/v1/subscribers", body), http.StatusCreated)
		mustProblem(t, e.do(t, "POST", "/v1/subscribers", body), http.StatusConflict, "address")
	})
}
