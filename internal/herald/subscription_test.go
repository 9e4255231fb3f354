package herald_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/bolt"
	"github.com/herald-status/herald/internal/herald"
)

// outbox is a Confirmer that keeps what it is asked to send and, for
// webhooks, answers as refuse says.
type outbox struct {
	mu     sync.Mutex
	sent   []herald.Confirmation
	refuse error
}

func (o *outbox) SendConfirmation(_ context.Context, c *herald.Confirmation) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, *c)
	return o.refuse
}

func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

func (o *outbox) last() herald.Confirmation {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sent[len(o.sent)-1]
}

// newSubscriptions returns Subscriptions over a fresh store with the
// component "api", and the outbox each channel confirms through.
func newSubscriptions(t *testing.T) (*herald.Subscriptions, *outbox, *bolt.DB) {
	t.Helper()
	svc, db := newService(t)
	mustComponent(t, svc, "api")
	o := &outbox{}
	return &herald.Subscriptions{
		Service: svc, Page: herald.Page{Name: "Example Status"},
		Confirmers: map[herald.SubscriberType]herald.Confirmer{
			herald.Email: o, herald.SMS: o, herald.Webhook: o},
		CodeKey: []byte("a code key of thirty-two bytes.."),
	}, o, db
}

func mustSignUp(t *testing.T, s *herald.Subscriptions, in herald.SignupInput) *herald.SignupResult {
	t.Helper()
	res, err := s.SignUp(t.Context(), "192.0.2.1", in)
	if err != nil {
		t.Fatalf("sign up %+v: %v", in, err)
	}
	return res
}

func stored(t *testing.T, db *bolt.DB, typ herald.SubscriberType, addr string) *herald.Subscriber {
	t.Helper()
	sub, err := db.SubscriberByAddress(t.Context(), typ, addr)
	if err != nil {
		t.Fatalf("read %s: %v", addr, err)
	}
	return sub
}

func TestSignUpEmail(t *testing.T) {
	s, o, db := newSubscriptions(t)
	email := herald.SignupInput{Type: herald.Email, Address: " Ops@Example.com ",
		Components: []string{"api"}}
	mustSignUp(t, s, email)
	sub := stored(t, db, herald.Email, "ops@example.com")
	if sub.State != herald.Pending || sub.PendingUntil == nil || o.count() != 1 ||
		o.last().Subscriber.ID != sub.ID || !o.last().ExpiresAt.Equal(*sub.PendingUntil) {
		t.Fatalf("after sign-up: %+v, %d confirmations", sub, o.count())
	}

	// Signing up again sends again, up to the limit, and the answer is
	// the same every time.
	for range 4 {
		mustSignUp(t, s, email)
	}
	if o.count() != herald.DefaultConfirmationsPerAddress {
		t.Errorf("%d confirmations, want at most %d an hour", o.count(),
			herald.DefaultConfirmationsPerAddress)
	}

	sub = stored(t, db, herald.Email, "ops@example.com") // each sign-up moved the link on
	got, err := s.Confirm(t.Context(), sub.ID, *sub.PendingUntil)
	if err != nil || got.State != herald.Active || got.PendingUntil != nil {
		t.Fatalf("Confirm = %+v, %v", got, err)
	}
	if _, err := s.Confirm(t.Context(), sub.ID, time.Time{}); err != nil {
		t.Errorf("confirming twice: %v", err)
	}

	// Active: nothing is sent, nothing changes, and the answer is alike.
	before := o.count()
	res := mustSignUp(t, s, herald.SignupInput{Type: herald.Email, Address: "ops@example.com"})
	if o.count() != before || res.Secret != "" ||
		len(stored(t, db, herald.Email, "ops@example.com").Components) != 1 {
		t.Errorf("signing up an active address sent %d or changed it", o.count()-before)
	}

	// Unsubscribed: a sign-up starts again, pending.
	if err := s.Unsubscribe(t.Context(), sub.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(t.Context(), sub.ID); err != nil {
		t.Errorf("unsubscribing twice: %v", err)
	}
	if _, err := s.Confirm(t.Context(), sub.ID, time.Time{}); herald.ErrorCode(err) != herald.ECONFLICT {
		t.Errorf("confirming after unsubscribing: %v, want ECONFLICT", err)
	}
	other := herald.SignupInput{Type: herald.Email, Address: "ops@example.com"}
	if _, err := s.SignUp(t.Context(), "192.0.2.2", other); err != nil {
		t.Fatal(err)
	}
	if st := stored(t, db, herald.Email, "ops@example.com").State; st != herald.Pending {
		t.Errorf("after signing up again, state %s", st)
	}
}

func TestSignUpErrors(t *testing.T) {
	s, o, _ := newSubscriptions(t)
	for _, tc := range []struct {
		in    herald.SignupInput
		field string
	}{
		{herald.SignupInput{Type: "pager", Address: "x"}, "type"},
		{herald.SignupInput{Type: herald.Email, Address: "not an address"}, "address"},
		{herald.SignupInput{Type: herald.SMS, Address: "555-0100"}, "address"},
		{herald.SignupInput{Type: herald.Email, Address: "a@example.com",
			Components: []string{"nope"}}, "components[0]"},
		{herald.SignupInput{Type: herald.Email, Address: "a@example.com",
			Format: herald.FormatSlack}, "format"},
		{herald.SignupInput{Type: herald.Webhook, Address: "https://hooks.example.com",
			Format: "irc"}, "format"},
	} {
		_, err := s.SignUp(t.Context(), "192.0.2.3", tc.in)
		if herald.ErrorField(err) != tc.field {
			t.Errorf("SignUp(%+v) = %v, want an error about %s", tc.in, err, tc.field)
		}
	}
	if o.count() != 0 {
		t.Errorf("refused sign-ups sent %d confirmations", o.count())
	}
}

func TestSignUpClientLimit(t *testing.T) {
	s, _, _ := newSubscriptions(t)
	s.Limits.SignupsPerClient = 5
	for i := range 7 {
		in := herald.SignupInput{Type: herald.Email, Address: fmt.Sprintf("r%d@example.com", i)}
		_, err := s.SignUp(t.Context(), "198.51.100.7", in)
		if want := i >= 5; (herald.ErrorCode(err) == herald.ETOOMANY) != want {
			t.Fatalf("sign-up %d: %v", i+1, err)
		}
	}
	in := herald.SignupInput{Type: herald.Email, Address: "other@example.com"}
	if _, err := s.SignUp(t.Context(), "198.51.100.8", in); err != nil {
		t.Errorf("another client: %v", err)
	}
}

func TestConfirmCode(t *testing.T) {
	s, o, db := newSubscriptions(t)
	mustSignUp(t, s, herald.SignupInput{Type: herald.SMS, Address: "+1 555 0100"})
	code := o.last().Code
	if len(code) != 6 {
		t.Fatalf("code %q", code)
	}
	wrong := fmt.Sprintf("%06d", (int(code[5]-'0')+1)%10)
	if _, err := s.ConfirmCode(t.Context(), "+15550100", wrong); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
		t.Errorf("a wrong code: %v", err)
	}
	if _, err := s.ConfirmCode(t.Context(), "+15550199", code); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
		t.Errorf("an unknown number: %v, want the wrong code's answer", err)
	}
	sub, err := s.ConfirmCode(t.Context(), "+1 555-0100", code)
	if err != nil || sub.State != herald.Active {
		t.Fatalf("ConfirmCode = %+v, %v", sub, err)
	}
	for range herald.DefaultCodeAttempts {
		s.ConfirmCode(t.Context(), "+15550100", wrong)
	}
	if _, err := s.ConfirmCode(t.Context(), "+15550100", code); herald.ErrorCode(err) != herald.ETOOMANY {
		t.Errorf("past the attempts: %v, want ETOOMANY", err)
	}
	if st := stored(t, db, herald.SMS, "+15550100").State; st != herald.Active {
		t.Errorf("state %s", st)
	}
}
