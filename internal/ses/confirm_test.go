package ses_test

import (
	"bytes"
	"context"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
	"github.com/herald-status/herald/internal/signedlink"
)

// linker signs confirm links as the subscriptions function does.
var linker = &signedlink.Linker{
	Signer:  signedlink.NewSigner([]byte("ses-test-link-key-not-a-secret")),
	BaseURL: "https://status.example.com",
}

// confirmation returns a confirmation for a pending e-mail subscriber
// whose address is unique to this test run.
func confirmation(subID string) *herald.Confirmation {
	now := time.Now().UTC().Truncate(time.Second)
	return &herald.Confirmation{
		ID:   herald.NewID("cnf"),
		Page: herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: subID, Type: herald.Email, State: herald.Pending,
			Address: subID + "-confirm-" + unique + "@example.com", Components: []string{"api"}},
		ExpiresAt: now.Add(herald.PendingTTL),
		CreatedAt: now,
	}
}

// TestSendConfirmation sends a confirmation through aws-ses-v2-local and
// reads back what it received: to whom, the subject, and a confirm link
// in both parts that names the subscriber and leads to the confirm page.
func TestSendConfirmation(t *testing.T) {
	endpoint := standIn(t)
	client, wire := newClient(t, endpoint)
	c := ses.New(client, from, links, 0).Confirmer(linker.ConfirmURL)
	conf := confirmation("sub_c1")

	if err := c.SendConfirmation(context.Background(), conf); err != nil {
		t.Fatalf("SendConfirmation = %v", err)
	}

	addr := conf.Subscriber.Address
	got := mustStored(t, endpoint, addr)
	if len(got.Destination.To) != 1 || len(got.Destination.Cc)+len(got.Destination.Bcc) != 0 {
		t.Errorf("recipients = %+v, want only %s", got.Destination, addr)
	}
	if !strings.Contains(got.From, "<status@example.com>") {
		t.Errorf("from = %q", got.From)
	}
	if got.Subject != "Confirm your subscription to Acme Status" {
		t.Errorf("subject = %q", got.Subject)
	}
	link := confirmLink(t, got.Body.Text)
	if !strings.Contains(got.Body.HTML, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) {
		t.Errorf("the HTML part lacks the text part's link %s:\n%s", link, got.Body.HTML)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "https" || u.Host != "status.example.com" || u.Path != signedlink.ConfirmPath {
		t.Errorf("the link leads to %s, want https://status.example.com%s", link, signedlink.ConfirmPath)
	}
	id, err := linker.Signer.Verify(u.Query().Get("token"), signedlink.Confirm, time.Now())
	if err != nil || id != conf.Subscriber.ID {
		t.Errorf("the link's token names %q (%v), want %s", id, err, conf.Subscriber.ID)
	}

	// The envelope names the subscriber alone, and a message to someone on
	// no list yet offers no unsubscribe.
	req := wire.request(0)
	if len(req.Destination.ToAddresses) != 1 || req.Destination.ToAddresses[0] != addr {
		t.Errorf("envelope = %q, want [%s]", req.Destination.ToAddresses, addr)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(req.Content.Raw.Data))
	if err != nil {
		t.Fatalf("raw message: %v", err)
	}
	if h := msg.Header.Get("List-Unsubscribe"); h != "" {
		t.Errorf("List-Unsubscribe = %q, want none", h)
	}
	if h, want := msg.Header.Get("Message-ID"), "<"+conf.ID+"@example.com>"; h != want {
		t.Errorf("Message-ID = %q, want %q", h, want)
	}
}

var linkPattern = regexp.MustCompile(`https://\S+`)

// confirmLink returns the one link in a confirmation's text.
func confirmLink(t *testing.T, text string) string {
	t.Helper()
	found := linkPattern.FindAllString(text, -1)
	if len(found) != 1 {
		t.Fatalf("the text part has links %q, want one:\n%s", found, text)
	}
	return found[0]
}

func TestSendConfirmationRefuses(t *testing.T) {
	sms := confirmation("sub_c2")
	sms.Subscriber.Type, sms.Subscriber.Address = herald.SMS, "+15550100"
	named := confirmation("sub_c3")
	named.Subscriber.Address = "Someone <someone@example.com>"
	tests := map[string]*herald.Confirmation{
		"ErrSMSSubscriber": sms,
		"ErrNotAnAddress":  {ID: "cnf_1", Subscriber: herald.Subscriber{Type: herald.Email, Address: "nobody"}},
		"ErrNamedAddress":  named,
	}
	for name, conf := range tests {
		t.Run(name, func(t *testing.T) {
			srv, calls := fakeSES(t, http.StatusOK, "", "")
			client, _ := newClient(t, srv.URL)
			err := ses.New(client, from, links, 0).Confirmer(linker.ConfirmURL).
				SendConfirmation(context.Background(), conf)
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
				t.Errorf("SendConfirmation = %v, want EUNPROCESSABLE", err)
			}
			if calls.Load() != 0 {
				t.Errorf("SES was called %d times", calls.Load())
			}
		})
	}
}

// TestSendConfirmationErrors checks that a confirmation's errors mean what
// a notification's do, and name no recipient.
func TestSendConfirmationErrors(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   string
	}{
		{"TooManyRequestsException", http.StatusTooManyRequests, herald.EUNAVAILABLE},
		{"SendingPausedException", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"AccessDeniedException", http.StatusForbidden, herald.EUNAVAILABLE},
		{"MessageRejected", http.StatusBadRequest, herald.EUNPROCESSABLE},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			conf := confirmation("sub_c4")
			srv, calls := fakeSES(t, tt.status, tt.code,
				"Email address is not verified: "+conf.Subscriber.Address)
			client, _ := newClient(t, srv.URL)

			err := ses.New(client, from, links, 0).Confirmer(linker.ConfirmURL).
				SendConfirmation(context.Background(), conf)
			if got := herald.ErrorCode(err); got != tt.want {
				t.Fatalf("SendConfirmation = %v; code %q, want %q", err, got, tt.want)
			}
			if calls.Load() != 1 {
				t.Errorf("SES was called %d times, want 1", calls.Load())
			}
			if strings.Contains(err.Error(), "@") || !strings.Contains(err.Error(), "req-0001") {
				t.Errorf("the error names the recipient or lacks the request id: %q", err)
			}
		})
	}
}

// TestSendConfirmationSharesRate checks that confirmations draw on their
// Sender's bucket: at one message in 1000 s, a notification takes the
// only token and the confirmation after it is refused at once.
func TestSendConfirmationSharesRate(t *testing.T) {
	srv, calls := fakeSES(t, http.StatusOK, "", "")
	client, _ := newClient(t, srv.URL)
	s := ses.New(client, from, links, 0.001)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if err := s.Send(ctx, notification(t, "sub_c5")); err != nil {
		t.Fatalf("Send = %v", err)
	}
	err := s.Confirmer(linker.ConfirmURL).SendConfirmation(ctx, confirmation("sub_c6"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Errorf("SendConfirmation = %v, want EUNAVAILABLE", err)
	}
	if calls.Load() != 1 {
		t.Errorf("SES was called %d times, want 1", calls.Load())
	}
}
