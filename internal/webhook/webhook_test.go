package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/webhook"
)

var (
	secret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	sentAt = time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
)

func unsubscribe(sub *herald.Subscriber) signedlink.Links {
	const base = "https://api.example.com/v1/subscriptions/unsubscribe?token=t-"
	return signedlink.Links{Unsubscribe: base + sub.ID}
}

func newSender(allowLoopback bool) *webhook.Sender {
	return webhook.New(webhook.Options{
		Timeout:       2 * time.Second,
		AllowLoopback: allowLoopback,
		Links:         unsubscribe,
		Now:           func() time.Time { return sentAt },
	})
}

func notification(url string) *herald.Notification {
	return &herald.Notification{
		ID:   "upd_1.sub_1.webhook",
		Page: herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_1", Type: herald.Webhook, Address: url,
			Secret: secret, State: herald.Active},
		Incident: herald.Incident{
			ID: "INC-0042", Title: "Database latency", Status: herald.Investigating,
			Impact: herald.ImpactMajor, StartedAt: sentAt, CreatedAt: sentAt, UpdatedAt: sentAt,
			Components: []herald.AffectedComponent{{ID: "api", Status: herald.PartialOutage}},
			Updates: []herald.Update{{ID: "upd_1", Kind: herald.KindCreated,
				Status: herald.Investigating, Message: "Queries are slow.", CreatedAt: sentAt}},
		},
		Update: herald.Update{ID: "upd_1", Kind: herald.KindCreated,
			Status: herald.Investigating, Message: "Queries are slow.", CreatedAt: sentAt},
		Components: []herald.Component{{ID: "api", Name: "API", Status: herald.PartialOutage}},
		CreatedAt:  sentAt,
	}
}

// received is what a test receiver saw of one request.
type received struct {
	method string
	path   string
	header http.Header
	body   []byte
}

// receiver starts a loopback server that records each request and answers
// with status.
func receiver(t *testing.T, status int) (*httptest.Server, chan received) {
	t.Helper()
	got := make(chan received, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- received{r.Method, r.URL.Path, r.Header.Clone(), body}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

func TestSend(t *testing.T) {
	srv, got := receiver(t, http.StatusNoContent)
	n := notification(srv.URL + "/hooks/status")
	if err := newSender(true).Send(t.Context(), n); err != nil {
		t.Fatal(err)
	}
	r := <-got

	if r.method != http.MethodPost || r.path != "/hooks/status" {
		t.Errorf("%s %s", r.method, r.path)
	}
	for name, want := range map[string]string{
		"Content-Type":      "application/json",
		"User-Agent":        "Herald",
		"Webhook-Id":        n.ID,
		"Webhook-Timestamp": strconv.FormatInt(sentAt.Unix(), 10),
	} {
		if v := r.header.Get(name); v != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}

	// The signature, computed here from the specification's recipe.
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(n.ID + "." + strconv.FormatInt(sentAt.Unix(), 10) + "."))
	mac.Write(r.body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if sig := r.header.Get("Webhook-Signature"); sig != want {
		t.Errorf("webhook-signature = %q, want %q", sig, want)
	}
	if err := webhook.Verify(secret, r.header, r.body, sentAt.Add(time.Minute)); err != nil {
		t.Errorf("Verify: %v", err)
	}

	var body struct {
		Meta     struct{ Unsubscribe string }
		Page     struct{ ID string }
		Incident struct{ ID, Name, Status string }
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Page.ID != "acme" || body.Incident.ID != "INC-0042" ||
		body.Incident.Name != "Database latency" || body.Incident.Status != "investigating" ||
		body.Meta.Unsubscribe != "https://api.example.com/v1/subscriptions/unsubscribe?token=t-sub_1" {
		t.Errorf("body = %s", r.body)
	}
}

func TestSendStatus(t *testing.T) {
	tests := map[int]string{
		500: herald.EUNAVAILABLE, 502: herald.EUNAVAILABLE, 503: herald.EUNAVAILABLE,
		429: herald.EUNAVAILABLE, 408: herald.EUNAVAILABLE,
		400: herald.EUNPROCESSABLE, 401: herald.EUNPROCESSABLE, 404: herald.EUNPROCESSABLE,
		410: herald.EUNPROCESSABLE,
	}
	for status, code := range tests {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv, _ := receiver(t, status)
			n := notification(srv.URL + "/hooks/s3cretpath?token=s3cret")
			err := newSender(true).Send(t.Context(), n)
			if herald.ErrorCode(err) != code {
				t.Fatalf("Send = %v, want %s", err, code)
			}
			if !strings.Contains(herald.ErrorMessage(err), strconv.Itoa(status)) {
				t.Errorf("message %q lacks the status", herald.ErrorMessage(err))
			}
			assertNoSecrets(t, err)
		})
	}
}

func TestSendTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)

	s := webhook.New(webhook.Options{Timeout: 100 * time.Millisecond, AllowLoopback: true})
	err := s.Send(t.Context(), notification(srv.URL+"/hooks?token=s3cret"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE || !strings.Contains(err.Error(), "in time") {
		t.Fatalf("Send = %v, want an EUNAVAILABLE timeout", err)
	}
	assertNoSecrets(t, err)
}

func TestSendConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	err := newSender(true).Send(t.Context(), notification(url+"/hooks?token=s3cret"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("Send = %v, want EUNAVAILABLE", err)
	}
	assertNoSecrets(t, err)
}

func TestSendBadSubscriber(t *testing.T) {
	for name, mutate := range map[string]func(n *herald.Notification){
		"ErrNoSecret": func(n *herald.Notification) { n.Subscriber.Secret = "" },
		"ErrScheme":   func(n *herald.Notification) { n.Subscriber.Address = "ftp://example.com/x" },
		"ErrCredentials": func(n *herald.Notification) {
			n.Subscriber.Address = "https://u:p@example.com/"
		},
	} {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
				calls.Add(1)
			}))
			defer srv.Close()
			n := notification(srv.URL)
			mutate(n)
			err := newSender(true).Send(t.Context(), n)
			if code := herald.ErrorCode(err); code != herald.EUNPROCESSABLE || calls.Load() != 0 {
				t.Fatalf("Send = %v with %d calls; want EUNPROCESSABLE and none", err, calls.Load())
			}
		})
	}
}

// assertNoSecrets fails if err's text shows the URL's path, query or the
// subscriber's secret.
func assertNoSecrets(t *testing.T, err error) {
	t.Helper()
	for _, s := range []string{"s3cret", "token=", secret[6:]} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q shows %q", err, s)
		}
	}
}
