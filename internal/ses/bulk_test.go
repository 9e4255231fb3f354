package ses_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
	"github.com/herald-status/herald/internal/signedlink"
)

// TestSendBatch sends one update to 120 subscribers through
// aws-ses-v2-local, which keeps the headers of templated messages, and
// checks each subscriber's message for its own links.
func TestSendBatch(t *testing.T) {
	endpoint := standIn(t)
	client, wire := newClient(t, endpoint)
	s := ses.New(client, from, links, 0)

	ns := make([]*herald.Notification, 120)
	for i := range ns {
		ns[i] = notification(t, fmt.Sprintf("sub_b%03d", i))
	}
	for i, err := range s.SendBatch(context.Background(), ns) {
		if err != nil {
			t.Fatalf("SendBatch: notification %d: %v", i, err)
		}
	}
	if bulk, single := wire.calls(bulkPath), wire.calls(singlePath); bulk != 3 || single != 0 {
		t.Errorf("%d bulk calls and %d single ones, want 3 and 0", bulk, single)
	}

	by := storedTo(t, endpoint)
	for _, n := range ns {
		addr, own := n.Subscriber.Address, links(&n.Subscriber)
		if len(by[addr]) != 1 {
			t.Fatalf("the stand-in holds %d messages to %s, want 1", len(by[addr]), addr)
		}
		got := by[addr][0]
		if len(got.Destination.To) != 1 || len(got.Destination.Cc)+len(got.Destination.Bcc) != 0 {
			t.Errorf("%s: recipients = %+v", addr, got.Destination)
		}
		if got.Subject != "[INC-0042] Database latency — Investigating" {
			t.Errorf("%s: subject = %q", addr, got.Subject)
		}
		for name, want := range map[string]string{
			"List-Unsubscribe":      "<" + own.Unsubscribe + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Auto-Submitted":        "auto-generated",
		} {
			if got := got.header(name); got != want {
				t.Errorf("%s: %s = %q, want %q", addr, name, got, want)
			}
		}
		for _, want := range []string{"Queries are slow.", "Unsubscribe: " + own.Unsubscribe,
			"Choose components: " + own.Manage} {
			if !strings.Contains(got.Body.Text, want) {
				t.Errorf("%s: text part lacks %q:\n%s", addr, want, got.Body.Text)
			}
		}
		for _, want := range []string{">Database latency</h1>", `href="` + own.Unsubscribe + `"`} {
			if !strings.Contains(got.Body.HTML, want) {
				t.Errorf("%s: HTML part lacks %q", addr, want)
			}
		}
	}
}

// TestSendBatchTemplateText puts the template language into an incident:
// it must arrive as written, not as the subscriber's links or an error.
func TestSendBatchTemplateText(t *testing.T) {
	endpoint := standIn(t)
	client, wire := newClient(t, endpoint)
	s := ses.New(client, from, links, 0)

	ns := []*herald.Notification{notification(t, "sub_t1"), notification(t, "sub_t2")}
	for _, n := range ns {
		n.Incident.Title = "{{unsubscribe}} {{#each x}}"
		n.Update.Message = "{{{manage}}} and }} {{"
	}
	for i, err := range s.SendBatch(context.Background(), ns) {
		if err != nil {
			t.Fatalf("SendBatch: notification %d: %v", i, err)
		}
	}
	if wire.calls(bulkPath) != 1 || wire.calls(singlePath) != 0 {
		t.Fatalf("%d bulk and %d single calls, want one bulk call",
			wire.calls(bulkPath), wire.calls(singlePath))
	}

	const zw = "\u200b"
	for _, n := range ns {
		got := mustStored(t, endpoint, n.Subscriber.Address)
		own := links(&n.Subscriber)
		want := "[INC-0042] {" + zw + "{unsubscribe}} {" + zw + "{#each x}} — Investigating"
		if got.Subject != want {
			t.Errorf("subject = %q, want %q", got.Subject, want)
		}
		if !strings.Contains(got.Body.Text, "{"+zw+"{"+zw+"{manage}}} and }} {"+zw+"{") {
			t.Errorf("text part altered the message:\n%s", got.Body.Text)
		}
		if c := strings.Count(got.Body.Text, own.Unsubscribe); c != 1 {
			t.Errorf("text part has the unsubscribe link %d times, want once", c)
		}
	}
}

// TestSendBatchMixed gives SendBatch two updates, a message that cannot be
// composed, a subscriber of another channel and a link no template can
// carry as it is.
func TestSendBatchMixed(t *testing.T) {
	srv, _ := fakeSES(t, 200, "", "")
	client, wire := newClient(t, srv.URL)
	ampLinks := func(sub *herald.Subscriber) (l signedlink.Links) {
		l = links(sub)
		if sub.ID == "sub_amp" {
			l.Unsubscribe += "&lang=en"
		}
		return l
	}
	s := ses.New(client, from, ampLinks, 0)

	other := notification(t, "sub_3")
	other.Update.ID, other.Update.Message = "upd_2", "Fixed."
	sms := notification(t, "sub_4")
	sms.Subscriber.Type, sms.Subscriber.Address = herald.SMS, "+15550104"
	badID := notification(t, "sub_5")
	badID.ID = "upd_1>sub_5"
	ns := []*herald.Notification{badID, notification(t, "sub_1"), other, notification(t, "sub_2"),
		sms, notification(t, "sub_amp")}

	errs := s.SendBatch(context.Background(), ns)
	for i, want := range []string{herald.EUNPROCESSABLE, "", "", "", herald.EUNPROCESSABLE, ""} {
		if got := herald.ErrorCode(errs[i]); got != want {
			t.Errorf("notification %d: %v; want code %q", i, errs[i], want)
		}
	}
	if bulk, single := wire.calls(bulkPath), wire.calls(singlePath); bulk != 2 || single != 1 {
		t.Errorf("%d bulk calls and %d single ones, want 2 and 1", bulk, single)
	}
}
