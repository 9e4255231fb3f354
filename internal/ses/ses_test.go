package ses_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/ses"
)

// TestSend sends two notifications through aws-ses-v2-local and reads
// back what it received. The stand-in parses a Raw message into sender,
// recipients, subject and parts, but keeps none of its headers, so the
// unsubscribe headers are read from the same requests as they went over
// the wire.
func TestSend(t *testing.T) {
	endpoint := standIn(t)
	client, wire := newClient(t, endpoint)
	s := ses.New(client, from, links, 0)

	ns := []*herald.Notification{notification(t, "sub_1"), notification(t, "sub_2")}
	for _, n := range ns {
		if err := s.Send(context.Background(), n); err != nil {
			t.Fatalf("Send(%s) = %v", n.ID, err)
		}
	}

	for i, n := range ns {
		addr, unsub := n.Subscriber.Address, links(&n.Subscriber).Unsubscribe
		got := mustStored(t, endpoint, addr)
		if len(got.Destination.To) != 1 || got.Destination.To[0] != addr ||
			len(got.Destination.Cc)+len(got.Destination.Bcc) != 0 {
			t.Errorf("recipients = %+v, want only %s", got.Destination, addr)
		}
		if !strings.Contains(got.From, "<status@example.com>") {
			t.Errorf("from = %q", got.From)
		}
		if got.Subject != "[INC-0042] Database latency — Investigating" {
			t.Errorf("subject = %q", got.Subject)
		}
		for _, want := range []string{"Queries are slow.", "Unsubscribe: " + unsub} {
			if !strings.Contains(got.Body.Text, want) {
				t.Errorf("text part lacks %q:\n%s", want, got.Body.Text)
			}
		}
		for _, want := range []string{"<h1", ">Database latency</h1>", `href="` + unsub + `"`} {
			if !strings.Contains(got.Body.HTML, want) {
				t.Errorf("HTML part lacks %q:\n%s", want, got.Body.HTML)
			}
		}

		req := wire.request(i)
		if len(req.Destination.ToAddresses) != 1 || req.Destination.ToAddresses[0] != addr {
			t.Errorf("request %d envelope = %q, want [%s]", i, req.Destination.ToAddresses, addr)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(req.Content.Raw.Data))
		if err != nil {
			t.Fatalf("request %d: raw message: %v", i, err)
		}
		for name, want := range map[string]string{
			"List-Unsubscribe":      "<" + unsub + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Message-ID":            "<" + n.ID + "@example.com>",
		} {
			if got := msg.Header.Get(name); got != want {
				t.Errorf("request %d: %s = %q, want %q", i, name, got, want)
			}
		}
	}
}

func TestSendRefusesOtherChannels(t *testing.T) {
	srv, calls := fakeSES(t, http.StatusOK, "", "")
	client, _ := newClient(t, srv.URL)
	s := ses.New(client, from, links, 0)

	n := notification(t, "sub_1")
	n.Subscriber.Type = herald.SMS
	n.Subscriber.Address = "+15550100"
	if err := s.Send(context.Background(), n); herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("Send to an SMS subscriber = %v, want EUNPROCESSABLE", err)
	}
	n = notification(t, "sub_1")
	n.Subscriber.Address = "not an address"
	if err := s.Send(context.Background(), n); herald.ErrorCode(err) != herald.EUNPROCESSABLE {
		t.Errorf("Send to a bad address = %v, want EUNPROCESSABLE", err)
	}
	if calls.Load() != 0 {
		t.Errorf("SES was called %d times", calls.Load())
	}
}

// standIn returns the address of aws-ses-v2-local, or skips the test.
func standIn(tb testing.TB) string {
	tb.Helper()
	endpoint := os.Getenv("HERALD_TEST_SES_ENDPOINT")
	if endpoint == "" {
		tb.Skip("HERALD_TEST_SES_ENDPOINT is not set: run `make test`, or start " +
			"infra/ses-local.sh start 8766 .build/ses.pid and set it to http://127.0.0.1:8766")
	}
	return endpoint
}

// stored is one message as aws-ses-v2-local lists it at GET /store.
type stored struct {
	MessageID   string `json:"messageId"`
	From        string `json:"from"`
	Destination struct {
		To  []string `json:"to"`
		Cc  []string `json:"cc"`
		Bcc []string `json:"bcc"`
	} `json:"destination"`
	Subject string `json:"subject"`
	Body    struct {
		Text string `json:"text"`
		HTML string `json:"html"`
	} `json:"body"`
	Headers []struct{ Name, Value string } `json:"headers"` // kept for templates only
}

// header returns the value of the named header, for a templated message.
func (m stored) header(name string) string {
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// mustStored returns the one message the stand-in holds for addr. Other
// packages' tests may share the stand-in, so the store is never cleared
// and every test run uses addresses of its own.
func mustStored(t *testing.T, endpoint, addr string) stored {
	t.Helper()
	found := storedTo(t, endpoint)[addr]
	if len(found) != 1 {
		t.Fatalf("the stand-in holds %d messages to %s, want 1", len(found), addr)
	}
	return found[0]
}

// storedTo returns the messages the stand-in holds, by recipient.
func storedTo(t *testing.T, endpoint string) map[string][]stored {
	t.Helper()
	resp, err := http.Get(endpoint + "/store")
	if err != nil {
		t.Fatalf("GET /store: %v", err)
	}
	defer resp.Body.Close()
	var store struct{ Emails []stored }
	if err := json.NewDecoder(resp.Body).Decode(&store); err != nil {
		t.Fatalf("GET /store: %v", err)
	}
	by := make(map[string][]stored)
	for _, e := range store.Emails {
		for _, to := range e.Destination.To {
			by[to] = append(by[to], e)
		}
	}
	return by
}

// unique makes this run's addresses differ from every other run's.
var unique = fmt.Sprint(time.Now().UnixNano())
