package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// linkKey signs the links of these tests.
var linkKey = []byte("httpapi-test-link-key-0123456789")

// sentBox is a Confirmer that keeps every confirmation; a webhook's test
// delivery is answered 2xx.
type sentBox struct {
	mu   sync.Mutex
	sent []herald.Confirmation
}

func (b *sentBox) SendConfirmation(_ context.Context, c *herald.Confirmation) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sent = append(b.sent, *c)
	return nil
}

func (b *sentBox) all() []herald.Confirmation {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]herald.Confirmation(nil), b.sent...)
}

// testSubscriptions returns the subscribers' side of a test Herald, with
// its link maker and the box its confirmations land in.
func testSubscriptions(svc *herald.Service) (*herald.Subscriptions, *signedlink.Linker, *sentBox) {
	box := &sentBox{}
	links := &signedlink.Linker{Signer: signedlink.NewSigner(linkKey),
		BaseURL: "https://status.example.com"}
	subs := &herald.Subscriptions{
		Service: svc,
		Page:    herald.Page{ID: "test", Name: "Example <Status>", URL: "https://status.example.com"},
		Confirmers: map[herald.SubscriberType]herald.Confirmer{
			herald.Email: box, herald.SMS: box, herald.Webhook: box},
		CodeKey: linkKey,
	}
	return subs, links, box
}

// postForm posts an URL-encoded form through h from the client address
// and checks the response against the document.
func postForm(t *testing.T, h http.Handler, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return mustServe(t, h, req)
}

// get sends a GET as a browser does.
func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	return mustServe(t, h, req)
}

// mustPage checks that rec is an HTML page with the given status holding
// every one of want, and returns its body.
func mustPage(t *testing.T, rec *httptest.ResponseRecorder, status int, want ...string) string {
	t.Helper()
	mustStatus(t, rec, status)
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("Content-Type %q, want a page", ct)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self'") ||
		strings.Contains(csp, "script-src") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	body := rec.Body.String()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q:\n%s", w, body)
		}
	}
	return body
}

// pathOf returns the path and query of a link, to send through a handler.
func pathOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// stored reads a subscriber by address straight from the store.
func (e *env) stored(t *testing.T, typ herald.SubscriberType, addr string) *herald.Subscriber {
	t.Helper()
	sub, err := e.db.SubscriberByAddress(t.Context(), typ, addr)
	if err != nil {
		t.Fatalf("read %s: %v", addr, err)
	}
	return sub
}

// confirmLink returns the path of the confirm link sent to sub.
func (e *env) confirmLink(t *testing.T, sub *herald.Subscriber) string {
	return pathOf(t, e.links.ConfirmURL(sub.ID, *sub.PendingUntil))
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// httptestRequest returns a request with a JSON body from the given
// remote address.
func httptestRequest(method, path, body, remote string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = remote
	return req
}
