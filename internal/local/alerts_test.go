package local_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/local"
)

// startAlerting starts a runner on dir, as start does, with cfg edited
// by edit and alert groups settled every 100 ms.
func startAlerting(t *testing.T, dir string, edit func(*local.Config)) *system {
	t.Helper()
	cfg := local.Config{
		DataDir: dir, Addr: "127.0.0.1:0", AdminKey: adminKey, PageName: "Example Status",
		EmailFrom: "Status <status@example.com>", AllowLoopback: true, Store: "bolt",
		SettleEvery: 100 * time.Millisecond,
	}
	if edit != nil {
		edit(&cfg)
	}
	return run(t, cfg)
}

// integration adds an integration and returns its key.
func (s *system) integration(body string) string {
	s.t.Helper()
	var in struct{ Key string }
	s.do("POST", "/v1/integrations", adminKey, []byte(body), http.StatusCreated, &in)
	return in.Key
}

// incidentCount returns how many incidents there are, drafts included.
func (s *system) incidentCount() int {
	s.t.Helper()
	var l struct{ Items []struct{ ID string } }
	s.do("GET", "/v1/incidents?state=all", adminKey, nil, http.StatusOK, &l)
	return len(l.Items)
}

// TestAlertsInParallel posts one alert ten times at once, as replicas and
// retries do: one incident, and one notification for each subscriber.
func TestAlertsInParallel(t *testing.T) {
	s := startAlerting(t, t.TempDir(), nil)
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	s.do("POST", "/v1/components", adminKey, []byte(`{"name":"API"}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"ops@example.com","consented":true}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"webhook","address":"`+hook.URL+`","consented":true}`), http.StatusCreated, nil)
	key := s.integration(`{"source":"alertmanager","name":"Prometheus","auto_publish":true}`)

	firing := mustRead(t, "../alerts/testdata/alertmanager-firing.json")
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", s.url+"/v1/integrations/alertmanager?key="+key,
				bytes.NewReader(firing))
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusAccepted {
				t.Errorf("status %d", res.StatusCode)
			}
		})
	}
	wg.Wait()
	if n := s.incidentCount(); n != 1 {
		t.Fatalf("ten identical alerts made %d incidents", n)
	}
	eventually(t, "the e-mail", func() bool { return len(emails(t, s.dir)) == 1 })
	eventually(t, "the webhook", func() bool { return len(rc.got()) == 1 })
	time.Sleep(time.Second)
	if n, m := len(emails(t, s.dir)), len(rc.got()); n != 1 || m != 1 {
		t.Errorf("%d e-mails and %d webhooks, want one each", n, m)
	}
}

// TestAlertsRestart stops Herald between two identical alerts: the second
// is still a duplicate.
func TestAlertsRestart(t *testing.T) {
	dir := t.TempDir()
	s := startAlerting(t, dir, nil)
	key := s.integration(`{"source":"generic","name":"Made-up monitor"}`)
	alert := []byte(`{"id":"disk-full","status":"firing","title":"Disk full on db-1"}`)
	var res struct{ Results []struct{ Action string } }
	s.do("POST", "/v1/integrations/generic?key="+key, "", alert, http.StatusAccepted, &res)
	if res.Results[0].Action != "opened" {
		t.Fatalf("first alert: %+v", res)
	}
	s.stop()

	s2 := startAlerting(t, dir, nil)
	s2.do("POST", "/v1/integrations/generic?key="+key, "", alert, http.StatusAccepted, &res)
	if res.Results[0].Action != "duplicate" || s2.incidentCount() != 1 {
		t.Errorf("after a restart: %+v, %d incidents; want a duplicate of the one",
			res, s2.incidentCount())
	}
}

// TestDraftReview follows a draft from the tool to the subscribers: the
// admins get a review mail with the tool's text, rewrite and publish it,
// and nothing public ever shows the tool's text, which stays on the
// incident as a private note.
func TestDraftReview(t *testing.T) {
	s := startAlerting(t, t.TempDir(), func(c *local.Config) { c.ReviewEmail = "oncall@example.com" })
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	s.do("POST", "/v1/components", adminKey, []byte(`{"name":"API"}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"email","address":"ops@example.com","consented":true}`), http.StatusCreated, nil)
	s.do("POST", "/v1/subscribers", adminKey,
		[]byte(`{"type":"webhook","address":"`+hook.URL+`","consented":true}`), http.StatusCreated, nil)
	key := s.integration(`{"source":"generic","name":"Made-up monitor"}`)

	const machine = "MACHINE-TEXT-7Q node=ip-10-0-0-7"
	alert := []byte(`{"id":"api-5xx","status":"firing","component":"api","severity":"critical",` +
		`"title":"api_5xx_rate > 0.05","description":"` + machine + `","labels":{"pod":"api-7f9c"}}`)
	s.do("POST", "/v1/integrations/generic?key="+key, "", alert, http.StatusAccepted, nil)

	review := filepath.Join(s.dir, "outbox", "email", "review.INC-0001.eml")
	eventually(t, "the review mail", func() bool { _, err := os.Stat(review); return err == nil })
	subject, text := parseReview(t, review)
	if !hasAll(subject, "INC-0001", "api_5xx_rate") || !hasAll(text, machine, "pod=api-7f9c", "/publish") {
		t.Errorf("review mail %q:\n%s", subject, text)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(rc.got()); n != 0 || len(emails(t, s.dir)) != 1 {
		t.Fatalf("a draft notified %d webhooks, %d e-mails", n, len(emails(t, s.dir)))
	}

	s.do("PATCH", "/v1/incidents/INC-0001", adminKey,
		[]byte(`{"title":"Some API requests fail","impact":"major"}`), http.StatusOK, nil)
	s.do("POST", "/v1/incidents/INC-0001/publish", adminKey,
		[]byte(`{"message":"About one API request in twenty fails. We are on it."}`), http.StatusOK, nil)
	eventually(t, "the subscriber's e-mail", func() bool { return len(emails(t, s.dir)) == 2 })
	eventually(t, "the webhook", func() bool { return len(rc.got()) == 1 })
	eventually(t, "the page", func() bool {
		return strings.Contains(string(s.get("/")), "Some API requests fail")
	})

	// Everything public: the e-mail, the webhook, every file of the site.
	var public []string
	for _, f := range emails(t, s.dir) {
		if !strings.Contains(f, "review.") {
			public = append(public, string(mustRead(t, f)))
		}
	}
	public = append(public, string(rc.got()[0].body))
	filepath.Walk(filepath.Join(s.dir, "site"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			public = append(public, string(mustRead(t, p)))
		}
		return nil
	})
	for _, p := range public {
		if strings.Contains(p, "MACHINE-TEXT-7Q") || strings.Contains(p, "api-7f9c") {
			t.Errorf("the tool's text is public:\n%.400s", p)
		}
	}
	var inc struct {
		Updates []struct{ Kind, Message string }
	}
	s.do("GET", "/v1/incidents/INC-0001", adminKey, nil, http.StatusOK, &inc)
	last := inc.Updates[len(inc.Updates)-1]
	if last.Kind != "note" || !strings.Contains(last.Message, machine) {
		t.Errorf("the oldest update %+v is not the tool's text as a note", last)
	}
}

// parseReview returns a review mail's subject and text part, checking it
// is addressed to the review address.
func parseReview(t *testing.T, path string) (subject, text string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(mustRead(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("To") != "<oncall@example.com>" {
		t.Errorf("review mail to %q", m.Header.Get("To"))
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	_, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	p, err := multipart.NewReader(m.Body, params["boundary"]).NextPart()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(p)
	return subject, string(b)
}
