package sns_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/mail"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/sns"
)

// linker signs confirm links as the subscriptions function does.
var linker = &signedlink.Linker{
	Signer:  signedlink.NewSigner([]byte("sns-test-link-key-not-a-secret")),
	BaseURL: "https://status.example.com",
}

// confirmation returns a confirmation with a code for a pending SMS
// subscriber.
func confirmation(phone string) *herald.Confirmation {
	now := time.Now().UTC().Truncate(time.Second)
	return &herald.Confirmation{
		ID:   "cnf_1",
		Page: herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"},
		Subscriber: herald.Subscriber{ID: "sub_1", Type: herald.SMS, Address: phone,
			State: herald.Pending},
		Code:      "042917",
		ExpiresAt: now.Add(herald.PendingTTL),
		CreatedAt: now,
	}
}

var linkPattern = regexp.MustCompile(`https://\S+`)

// TestSendConfirmation publishes a confirmation to the stand-in and reads
// what SNS was asked to send: to which number, the code, and a link to the
// confirm page that names the subscriber.
func TestSendConfirmation(t *testing.T) {
	srv := newStandIn(t)
	s := sns.New(srv.client(), 0)
	s.SenderID = "AcmeStatus"
	conf := confirmation("+15550110")

	if err := s.Confirmer(linker.ConfirmURL).SendConfirmation(context.Background(), conf); err != nil {
		t.Fatalf("SendConfirmation = %v", err)
	}

	sent, calls := srv.published()
	if len(sent) != 1 || calls != 1 {
		t.Fatalf("the stand-in got %d calls and kept %d messages, want 1", calls, len(sent))
	}
	got := sent[0]
	if got.PhoneNumber != "+15550110" {
		t.Errorf("PhoneNumber = %q", got.PhoneNumber)
	}
	link := linker.ConfirmURL(conf.Subscriber.ID, conf.ExpiresAt)
	if got.Message != mail.ConfirmationSMS(conf, link) {
		t.Errorf("Message = %q, want mail.ConfirmationSMS's", got.Message)
	}
	if !strings.HasPrefix(got.Message, "Acme Status: your code is 042917.") {
		t.Errorf("Message does not lead with the code: %q", got.Message)
	}
	found := linkPattern.FindAllString(got.Message, -1)
	if len(found) != 1 {
		t.Fatalf("Message has links %q, want one", found)
	}
	u, err := url.Parse(found[0])
	if err != nil || u.Host != "status.example.com" || u.Path != signedlink.ConfirmPath {
		t.Fatalf("the link is %s, want one to %s", found[0], signedlink.ConfirmPath)
	}
	id, err := linker.Signer.Verify(u.Query().Get("token"), signedlink.Confirm, time.Now())
	if err != nil || id != conf.Subscriber.ID {
		t.Errorf("the link's token names %q (%v), want %s", id, err, conf.Subscriber.ID)
	}
	if got.Attributes["AWS.SNS.SMS.SMSType"] != "Transactional" ||
		got.Attributes["AWS.SNS.SMS.SenderID"] != "AcmeStatus" {
		t.Errorf("attributes = %v, want the Sender's", got.Attributes)
	}
}

func TestSendConfirmationRefuses(t *testing.T) {
	email := confirmation("ops@example.com")
	email.Subscriber.Type = herald.Email
	noCode := confirmation("+15550111")
	noCode.Code = ""
	tests := map[string]*herald.Confirmation{
		"ErrEmailSubscriber": email,
		"ErrNotE164":         confirmation("555-0112"),
		"ErrNoCode":          noCode,
	}
	for name, conf := range tests {
		t.Run(name, func(t *testing.T) {
			srv := newStandIn(t)
			err := sns.New(srv.client(), 0).Confirmer(linker.ConfirmURL).
				SendConfirmation(context.Background(), conf)
			if herald.ErrorCode(err) != herald.EUNPROCESSABLE {
				t.Errorf("SendConfirmation = %v, want EUNPROCESSABLE", err)
			}
			if _, calls := srv.published(); calls != 0 {
				t.Errorf("SNS was called %d times", calls)
			}
		})
	}
}

// TestSendConfirmationErrors checks that a confirmation's errors mean what
// a notification's do, and name no phone number.
func TestSendConfirmationErrors(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   string
	}{
		{"Throttling", http.StatusBadRequest, herald.EUNAVAILABLE},
		{"AuthorizationError", http.StatusForbidden, herald.EUNAVAILABLE},
		{"OptedOut", http.StatusBadRequest, herald.EUNPROCESSABLE},
		{"InvalidParameter", http.StatusBadRequest, herald.EUNPROCESSABLE},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			srv := newStandIn(t)
			srv.fail(tt.status, tt.code, "Invalid parameter: PhoneNumber Reason: +15550113 is bad")

			err := sns.New(srv.client(), 0).Confirmer(linker.ConfirmURL).
				SendConfirmation(context.Background(), confirmation("+15550113"))
			if got := herald.ErrorCode(err); got != tt.want {
				t.Fatalf("SendConfirmation = %v; code %q, want %q", err, got, tt.want)
			}
			if strings.Contains(err.Error(), "5550113") || !strings.Contains(err.Error(), "req-0001") {
				t.Errorf("the error names the number or lacks the request id: %q", err)
			}
		})
	}
}

// TestSendConfirmationSharesRate checks that confirmations draw on their
// Sender's bucket: at one message in 1000 s, a notification takes the
// only token and the confirmation after it is refused at once.
func TestSendConfirmationSharesRate(t *testing.T) {
	srv := newStandIn(t)
	s := sns.New(srv.client(), 0.001)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if err := s.Send(ctx, notification("+15550114")); err != nil {
		t.Fatalf("Send = %v", err)
	}
	err := s.Confirmer(linker.ConfirmURL).SendConfirmation(ctx, confirmation("+15550115"))
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Errorf("SendConfirmation = %v, want EUNAVAILABLE", err)
	}
	if _, calls := srv.published(); calls != 1 {
		t.Errorf("SNS was called %d times, want 1", calls)
	}
}
