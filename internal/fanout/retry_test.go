package fanout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
)

var publish = change(incident(true, []string{"api"}, created),
	incident(false, []string{"api"}, created))

func TestSameChangeTwiceSendsOnce(t *testing.T) {
	fx := newFixture(t)
	for range 2 {
		if err := fx.fan.HandleChange(t.Context(), publish); err != nil {
			t.Fatal(err)
		}
	}
	if len(fx.emails(t)) != 1 || len(fx.smsLines(t)) != 1 || len(fx.webhooks()) != 1 {
		t.Errorf("sent %v, %d SMS, %d webhooks; want one each", fx.emails(t),
			len(fx.smsLines(t)), len(fx.webhooks()))
	}

	// The next update, and only it, goes out.
	next := update("u2", herald.KindResolved, herald.Resolved)
	err := fx.fan.HandleChange(t.Context(), change(publish.NewIncident,
		incident(false, []string{"api"}, created, next)))
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.emails(t)) != 2 || len(fx.smsLines(t)) != 2 || len(fx.webhooks()) != 2 {
		t.Errorf("after u2: %v, %d SMS, %d webhooks; want two each", fx.emails(t),
			len(fx.smsLines(t)), len(fx.webhooks()))
	}
}

// delivery returns one stored delivery of INC-0042.
func delivery(t *testing.T, s *testStore, id string) (herald.Delivery, bool) {
	d, ok := s.deliveries(t)[id]
	return d, ok
}

// subscribers returns count active subscribers of type t, following
// everything, numbered from 0: sub0000, sub0001 and so on.
func subscribers(t herald.SubscriberType, count int) []*herald.Subscriber {
	subs := make([]*herald.Subscriber, count)
	for i := range subs {
		subs[i] = &herald.Subscriber{ID: fmt.Sprintf("sub%04d", i), Type: t,
			Address: address(t, i), State: herald.Active}
		if t == herald.Webhook {
			subs[i].Secret = secret
		}
	}
	return subs
}

// address returns the i-th made-up address of type t. Phone numbers are
// the fictional +1 555 0100 followed by four more digits: too long to be
// real, and unique.
func address(t herald.SubscriberType, i int) string {
	switch t {
	case herald.SMS:
		return fmt.Sprintf("+15550100%04d", i)
	case herald.Webhook:
		return fmt.Sprintf("https://hooks%d.example.com/status", i)
	}
	return fmt.Sprintf("p%d@example.com", i)
}

// sendFunc is a herald.Sender made of a function.
type sendFunc func(ctx context.Context, n *herald.Notification) error

func (f sendFunc) Send(ctx context.Context, n *herald.Notification) error { return f(ctx, n) }

// emailFanout returns a fan-out to count e-mail subscribers that follow
// everything, sending through send.
func emailFanout(tb testing.TB, count int, send sendFunc) (*fanout.Fanout, *testStore) {
	store := newStore(tb)
	store.mustImport(tb, subscribers(herald.Email, count))
	f := &fanout.Fanout{
		Store:   store,
		Senders: map[herald.SubscriberType]herald.Sender{herald.Email: send},
		Page:    page,
		Logger:  slog.New(slog.DiscardHandler),
	}
	return f, store
}

func TestRetryResendsOnlyFailed(t *testing.T) {
	var calls sync.Map // notification id → number of sends
	f, store := emailFanout(t, 3, func(_ context.Context, n *herald.Notification) error {
		v, _ := calls.LoadOrStore(n.ID, new(atomic.Int32))
		if v.(*atomic.Int32).Add(1) == 1 && n.Subscriber.ID == "sub0001" {
			return herald.Errorf(herald.EUNAVAILABLE, "SES is throttling")
		}
		return nil
	})

	err := f.HandleChange(t.Context(), publish)
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("first run: %v, want EUNAVAILABLE", err)
	}
	if d, _ := delivery(t, store, "u1.sub0001.email"); d.State != herald.DeliveryFailed ||
		d.Attempts != 1 || d.Error != "unavailable: SES is throttling" {
		t.Errorf("failed delivery = %+v", d)
	}

	for run := range 2 {
		if err := f.HandleChange(t.Context(), publish); err != nil {
			t.Fatalf("run %d: %v", run+2, err)
		}
	}
	for _, id := range []string{"u1.sub0000.email", "u1.sub0001.email", "u1.sub0002.email"} {
		v, _ := calls.Load(id)
		want := map[bool]int32{true: 2, false: 1}[id == "u1.sub0001.email"]
		if got := v.(*atomic.Int32).Load(); got != want {
			t.Errorf("%s sent %d times, want %d", id, got, want)
		}
		if d, _ := delivery(t, store, id); d.State != herald.DeliverySent || d.Error != "" {
			t.Errorf("%s = %+v", id, d)
		}
	}
}

func TestGiveUp(t *testing.T) {
	t.Run("AfterMaxAttempts", func(t *testing.T) {
		var sends atomic.Int32
		f, store := emailFanout(t, 1, func(context.Context, *herald.Notification) error {
			sends.Add(1)
			return herald.Errorf(herald.EUNAVAILABLE, "down")
		})
		for i := range fanout.MaxAttempts {
			err := f.HandleChange(t.Context(), publish)
			if last := i == fanout.MaxAttempts-1; last != (err == nil) {
				t.Fatalf("run %d: %v", i+1, err)
			}
		}
		if err := f.HandleChange(t.Context(), publish); err != nil {
			t.Fatal(err)
		}
		d, _ := delivery(t, store, "u1.sub0000.email")
		if sends.Load() != fanout.MaxAttempts || d.State != herald.DeliveryDead ||
			d.Attempts != fanout.MaxAttempts {
			t.Errorf("%d sends, delivery %+v", sends.Load(), d)
		}
	})
	t.Run("Permanent", func(t *testing.T) {
		var sends atomic.Int32
		f, store := emailFanout(t, 1, func(context.Context, *herald.Notification) error {
			sends.Add(1)
			return herald.Errorf(herald.EUNPROCESSABLE, "the address is not valid")
		})
		for range 2 {
			if err := f.HandleChange(t.Context(), publish); err != nil {
				t.Fatal(err)
			}
		}
		if d, _ := delivery(t, store, "u1.sub0000.email"); sends.Load() != 1 ||
			d.State != herald.DeliveryDead {
			t.Errorf("%d sends, delivery %+v", sends.Load(), d)
		}
	})
}

func TestLogLine(t *testing.T) {
	fx := newFixture(t)
	for range 2 {
		if err := fx.fan.HandleChange(t.Context(), publish); err != nil {
			t.Fatal(err)
		}
	}
	lines := bytes2lines(fx.logs.Bytes())
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want one per change:\n%s", len(lines), fx.logs)
	}
	for i, want := range []struct{ sent, skipped float64 }{{3, 0}, {0, 3}} {
		var rec map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["msg"] != "fanout" || rec["incident"] != "INC-0042" || rec["matched"] != 3.0 ||
			rec["sent"] != want.sent || rec["skipped"] != want.skipped || rec["duration"] == nil {
			t.Errorf("log line %d = %s", i+1, lines[i])
		}
	}
	for _, secret := range []string{"@example.com", "+1555", "127.0.0.1", "whsec_"} {
		if bytes.Contains(fx.logs.Bytes(), []byte(secret)) {
			t.Errorf("logs contain %q:\n%s", secret, fx.logs)
		}
	}
}
