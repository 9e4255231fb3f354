package herald_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

func TestSignUpWebhook(t *testing.T) {
	s, o, db := newSubscriptions(t)
	s.Limits.ConfirmationsPerAddress = 4
	hook := herald.SignupInput{Type: herald.Webhook, Address: "https://hooks.example.com/h"}

	o.refuse = herald.Errorf(herald.EUNPROCESSABLE, "the webhook receiver answered 404 Not Found")
	res := mustSignUp(t, s, hook)
	sub := stored(t, db, herald.Webhook, hook.Address)
	if res.Accepted || res.Refusal == "" || sub.State != herald.Pending || sub.Secret != res.Secret {
		t.Fatalf("refused test: %+v, stored %+v", res, sub)
	}

	o.refuse = nil
	res = mustSignUp(t, s, hook)
	sub = stored(t, db, herald.Webhook, hook.Address)
	if !res.Accepted || sub.State != herald.Active || sub.Secret != res.Secret ||
		o.last().Subscriber.Secret != res.Secret {
		t.Fatalf("accepted test: %+v, stored %+v", res, sub)
	}

	// Active: a new secret takes over only if its test is accepted.
	o.refuse = herald.Errorf(herald.EUNPROCESSABLE, "the webhook receiver answered 401")
	hook.Components = []string{"api"}
	res = mustSignUp(t, s, hook)
	kept := stored(t, db, herald.Webhook, hook.Address)
	if res.Accepted || kept.Secret != sub.Secret || len(kept.Components) != 0 {
		t.Errorf("a refused rotation changed the subscriber: %+v", kept)
	}
	o.refuse = nil
	res = mustSignUp(t, s, hook)
	rotated := stored(t, db, herald.Webhook, hook.Address)
	if !res.Accepted || rotated.Secret != res.Secret || len(rotated.Components) != 1 {
		t.Errorf("an accepted rotation: %+v, stored %+v", res, rotated)
	}

	// Past the per-address limit no test is sent at all.
	before := o.count()
	res = mustSignUp(t, s, hook)
	if res.Accepted || o.count() != before {
		t.Errorf("past the limit: %+v, %d sent", res, o.count()-before)
	}
}

func TestExpiredStartsAfresh(t *testing.T) {
	s, o, db := newSubscriptions(t)
	now := time.Now()
	s.Service.Now = func() time.Time { return now }
	mustSignUp(t, s, herald.SignupInput{Type: herald.Email, Address: "late@example.com"})
	sub := stored(t, db, herald.Email, "late@example.com")

	now = now.Add(herald.PendingTTL + time.Minute)
	if _, err := s.Confirm(t.Context(), sub.ID, *sub.PendingUntil); herald.ErrorCode(err) != herald.ENOTFOUND {
		t.Errorf("confirming an expired subscriber: %v, want ENOTFOUND", err)
	}
	if _, err := s.Subscriber(t.Context(), sub.ID); herald.ErrorCode(err) != herald.ENOTFOUND {
		t.Errorf("reading an expired subscriber: %v, want ENOTFOUND", err)
	}
	mustSignUp(t, s, herald.SignupInput{Type: herald.Email, Address: "late@example.com"})
	again := stored(t, db, herald.Email, "late@example.com")
	if again.ID != sub.ID || !again.PendingUntil.After(*sub.PendingUntil) || o.count() != 2 {
		t.Errorf("after signing up again: %+v, %d sent", again, o.count())
	}
	if _, err := s.Confirm(t.Context(), sub.ID, *sub.PendingUntil); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
		t.Errorf("the first link after signing up again: %v, want EUNAUTHORIZED", err)
	}
	if _, err := s.Confirm(t.Context(), sub.ID, *again.PendingUntil); err != nil {
		t.Errorf("the latest link: %v", err)
	}
}

func TestManage(t *testing.T) {
	s, o, db := newSubscriptions(t)
	mustSignUp(t, s, herald.SignupInput{Type: herald.Email, Address: "me@example.com"})
	mustSignUp(t, s, herald.SignupInput{Type: herald.Email, Address: "taken@example.com"})
	sub := stored(t, db, herald.Email, "me@example.com")
	if _, err := s.Confirm(t.Context(), sub.ID, *sub.PendingUntil); err != nil {
		t.Fatal(err)
	}

	res, err := s.Manage(t.Context(), sub.ID, herald.Preferences{Components: []string{"api"}})
	if err != nil || res.Moved || len(stored(t, db, herald.Email, "me@example.com").Components) != 1 {
		t.Fatalf("Manage components = %+v, %v", res, err)
	}
	_, err = s.Manage(t.Context(), sub.ID, herald.Preferences{Components: []string{"gone"}})
	if herald.ErrorField(err) != "components[0]" {
		t.Errorf("an unknown component: %v", err)
	}

	// A taken address is answered like a free one, and nothing moves.
	sent := o.count()
	res, err = s.Manage(t.Context(), sub.ID, herald.Preferences{Address: "Taken@example.com"})
	if err != nil || !res.Moved || o.count() != sent ||
		stored(t, db, herald.Email, "me@example.com").ID != sub.ID {
		t.Errorf("a taken address: %+v, %v", res, err)
	}

	res, err = s.Manage(t.Context(), sub.ID, herald.Preferences{Address: "new@example.com"})
	moved := stored(t, db, herald.Email, "new@example.com")
	if err != nil || !res.Moved || moved.ID != sub.ID || moved.State != herald.Pending ||
		o.last().Subscriber.Address != "new@example.com" {
		t.Fatalf("a new address: %+v, %v, stored %+v", res, err, moved)
	}

	if err := s.Unsubscribe(t.Context(), sub.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Manage(t.Context(), sub.ID, herald.Preferences{})
	if herald.ErrorCode(err) != herald.ECONFLICT {
		t.Errorf("managing an unsubscribed subscriber: %v", err)
	}
	if err := s.Unsubscribe(t.Context(), "sub_gone"); err != nil {
		t.Errorf("unsubscribing one that is gone: %v", err)
	}
}

func TestImport(t *testing.T) {
	s, o, db := newSubscriptions(t)
	rows := []herald.ImportRow{
		{Line: 2, Type: herald.Email, Address: "A@example.com", Consented: true},
		{Line: 3, Type: herald.Email, Address: "b@example.com", Components: []string{"api"}},
		{Line: 4, Type: herald.Email, Address: "not-an-address"},
		{Line: 5, Type: herald.Email, Address: "a@example.com"},
		{Line: 6, Type: herald.SMS, Address: "+15550123", Components: []string{"nope"}},
		{Line: 7, Type: herald.Webhook, Address: "https://hooks.example.com/i", Consented: true,
			Format: herald.FormatDiscord},
	}
	readErr := []herald.RowError{{Line: 8, Message: "bare quote"}}
	res, err := s.Import(t.Context(), rows, readErr)
	if err != nil {
		t.Fatal(err)
	}
	wantLines := []int{4, 5, 6, 8}
	if res.Imported != 3 || res.Existing != 0 || len(res.Errors) != len(wantLines) {
		t.Fatalf("Import = %+v", res)
	}
	for i, e := range res.Errors {
		if e.Line != wantLines[i] || e.Message == "" {
			t.Errorf("error %d = %+v, want line %d", i, e, wantLines[i])
		}
	}
	if o.count() != 1 || o.last().Subscriber.Address != "b@example.com" {
		t.Errorf("confirmations: %d", o.count())
	}
	if st := stored(t, db, herald.Email, "a@example.com").State; st != herald.Active {
		t.Errorf("the consented row is %s", st)
	}

	// Again: nothing new, nothing sent, an unsubscribed one stays so.
	sub := stored(t, db, herald.Email, "a@example.com")
	if err := s.Unsubscribe(t.Context(), sub.ID); err != nil {
		t.Fatal(err)
	}
	res, err = s.Import(t.Context(), rows, nil)
	if err != nil || res.Imported != 0 || res.Existing != 3 || o.count() != 1 {
		t.Fatalf("second Import = %+v, %v; %d sent", res, err, o.count())
	}
	if st := stored(t, db, herald.Email, "a@example.com").State; st != herald.Unsubscribed {
		t.Errorf("re-import made an unsubscribed subscriber %s", st)
	}
	counts, err := s.Counts(t.Context())
	if err != nil || counts.Total != 3 || counts.ByState[herald.Unsubscribed] != 1 ||
		counts.ByType[herald.Webhook] != 1 {
		t.Errorf("Counts = %+v, %v", counts, err)
	}
}

func TestSearch(t *testing.T) {
	s, _, _ := newSubscriptions(t)
	for i := range 5 {
		mustSignUp(t, s, herald.SignupInput{Type: herald.Email, Address: fmt.Sprintf("s%d@example.com", i)})
	}
	subs, next, err := s.Search(t.Context(), herald.SubscriberFilter{Query: "s3@"}, herald.ListOptions{})
	if err != nil || len(subs) != 1 || next != "" || subs[0].Address != "s3@example.com" {
		t.Errorf("Search = %+v, %q, %v", subs, next, err)
	}
	_, _, err = s.Search(t.Context(), herald.SubscriberFilter{State: "gone"}, herald.ListOptions{})
	if herald.ErrorField(err) != "state" {
		t.Errorf("a bad state: %v", err)
	}
}
