package local_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/local"
)

// startConfig starts a runner in-process with cfg's defaults edited by edit.
func startConfig(t *testing.T, edit func(*local.Config)) *system {
	t.Helper()
	cfg := local.Config{
		DataDir: t.TempDir(), Addr: "127.0.0.1:0", AdminKey: adminKey, PageName: "Example Status",
		EmailFrom: "Status <status@example.com>", AllowLoopback: true, Store: "bolt",
	}
	edit(&cfg)
	return run(t, cfg)
}

// form posts a form as a browser does and returns the status and page.
func (s *system) form(path string, values url.Values) (int, string) {
	s.t.Helper()
	res, err := http.PostForm(s.url+path, values)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// page GETs a page and returns the status and body.
func (s *system) page(link string) (int, string) {
	s.t.Helper()
	res, err := http.Get(link)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// state returns the state of the subscriber whose address holds q.
func (s *system) state(q string) string {
	s.t.Helper()
	var l struct {
		Items []struct{ Address, State string }
	}
	s.do("GET", "/v1/subscribers?q="+url.QueryEscape(q), adminKey, nil, http.StatusOK, &l)
	if len(l.Items) != 1 {
		s.t.Fatalf("subscribers matching %q: %+v", q, l.Items)
	}
	return l.Items[0].State
}

// mailTo returns the outbox e-mails to addr, by file name: confirmations
// are named cnf_*, notifications by their delivery.
func mailTo(t *testing.T, dir, addr string) (confirmations, notices []*mail.Message) {
	t.Helper()
	for _, path := range emails(t, dir) {
		m, err := mail.ReadMessage(bytes.NewReader(mustRead(t, path)))
		if err != nil {
			t.Fatal(err)
		}
		if m.Header.Get("To") != "<"+addr+">" {
			continue
		}
		if strings.HasPrefix(filepath.Base(path), "cnf_") {
			confirmations = append(confirmations, m)
		} else {
			notices = append(notices, m)
		}
	}
	return confirmations, notices
}

var confirmLink = regexp.MustCompile(`http://[^\s"<>]+/v1/subscriptions/confirm\?token=[A-Za-z0-9_.%-]+`)

// linkIn returns the confirm link in a confirmation e-mail's text.
func linkIn(t *testing.T, m *mail.Message) string {
	t.Helper()
	body := readAllString(t, m.Body)
	body = strings.ReplaceAll(body, "=\r\n", "") // quoted-printable soft breaks
	link := confirmLink.FindString(strings.ReplaceAll(body, "=3D", "="))
	if link == "" {
		t.Fatalf("no confirm link in:\n%s", body)
	}
	return link
}

func readAllString(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// oneClick POSTs RFC 8058's body to a List-Unsubscribe URL.
func oneClick(t *testing.T, link string) {
	t.Helper()
	res, err := http.Post(link, "application/x-www-form-urlencoded",
		strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
}

// incident opens a published incident on the API component and returns
// its id.
func (s *system) incident(title string) string {
	s.t.Helper()
	var inc struct{ ID string }
	s.do("POST", "/v1/incidents", adminKey, []byte(fmt.Sprintf(`{"title":%q,"message":"Looking.",`+
		`"components":[{"id":"api","status":"degraded_performance"}]}`, title)),
		http.StatusCreated, &inc)
	return inc.ID
}

// update posts a public update to an incident.
func (s *system) update(id, msg string) {
	s.t.Helper()
	s.do("POST", "/v1/incidents/"+id+"/updates", adminKey,
		[]byte(fmt.Sprintf(`{"status":"identified","message":%q}`, msg)), http.StatusCreated, nil)
}

// control adds a consented e-mail subscriber, whose mail shows that
// fan-out has handled an update.
func (s *system) control() {
	s.t.Helper()
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"control@example.com","consented":true}`),
		http.StatusCreated, nil)
}

// noticesAfter waits until the control has n notices, and a moment more
// for the other sends of the same change, then returns addr's count.
func (s *system) noticesAfter(n int, addr string) int {
	s.t.Helper()
	eventually(s.t, fmt.Sprintf("%d notices to the control", n), func() bool {
		_, got := mailTo(s.t, s.dir, "control@example.com")
		return len(got) == n
	})
	time.Sleep(300 * time.Millisecond)
	_, got := mailTo(s.t, s.dir, addr)
	return len(got)
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
}

// hookReceiver is a webhook receiver that answers 2xx and keeps each
// delivery.
func hookReceiver(t *testing.T) (*receiver, string) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv.URL + "/hook"
}
