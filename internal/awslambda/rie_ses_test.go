package awslambda_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"strings"
	"sync"
	"testing"
)

// mailbox is where the subscriptions function's e-mail goes under the
// emulator: aws-ses-v2-local when HERALD_TEST_SES_ENDPOINT is set, as make
// test sets it, and otherwise a stand-in here that keeps the raw message
// of each SendEmail by its envelope's recipient.
type mailbox struct {
	endpoint string
	sesLocal bool

	mu  sync.Mutex
	raw map[string][][]byte
}

func newMailbox(t *testing.T) *mailbox {
	t.Helper()
	if endpoint := os.Getenv("HERALD_TEST_SES_ENDPOINT"); endpoint != "" {
		return &mailbox{endpoint: endpoint, sesLocal: true}
	}
	m := &mailbox{raw: map[string][][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Destination struct{ ToAddresses []string }
			Content     struct{ Raw struct{ Data []byte } }
		}
		if r.URL.Path != "/v2/email/outbound-emails" || json.NewDecoder(r.Body).Decode(&req) != nil ||
			len(req.Destination.ToAddresses) != 1 {
			http.Error(w, "not a SendEmail to one recipient", http.StatusBadRequest)
			return
		}
		m.mu.Lock()
		to := req.Destination.ToAddresses[0]
		m.raw[to] = append(m.raw[to], req.Content.Raw.Data)
		m.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"MessageId":"rie-0001"}`)
	}))
	t.Cleanup(srv.Close)
	m.endpoint = srv.URL
	return m
}

// message returns the subject and text of the one message sent to addr.
func (m *mailbox) message(t *testing.T, addr string) (subject, text string) {
	t.Helper()
	if m.sesLocal {
		return m.stored(t, addr)
	}
	m.mu.Lock()
	raw := m.raw[addr]
	m.mu.Unlock()
	if len(raw) != 1 {
		t.Fatalf("SES got %d messages to %s, want 1", len(raw), addr)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw[0]))
	if err != nil {
		t.Fatal(err)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	// The first part is the text; the reader undoes its quoted-printable.
	part, err := multipart.NewReader(msg.Body, params["boundary"]).NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(part)
	if err != nil {
		t.Fatal(err)
	}
	return subject, string(body)
}

// stored reads the message to addr from aws-ses-v2-local's store, which
// other packages' tests share: addresses are unique to each run.
func (m *mailbox) stored(t *testing.T, addr string) (subject, text string) {
	t.Helper()
	res, err := http.Get(m.endpoint + "/store")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var store struct {
		Emails []struct {
			Destination struct{ To []string }
			Subject     string
			Body        struct{ Text string }
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&store); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range store.Emails {
		if strings.Join(e.Destination.To, ",") == addr {
			subject, text = e.Subject, e.Body.Text
			found = append(found, e.Subject)
		}
	}
	if len(found) != 1 {
		t.Fatalf("aws-ses-v2-local holds %d messages to %s, want 1", len(found), addr)
	}
	return subject, text
}
