package fanout_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/outbox"
	"github.com/herald-status/herald/internal/signedlink"
	"github.com/herald-status/herald/internal/webhook"
)

var (
	t0     = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	page   = herald.Page{ID: "acme", Name: "Acme Status", URL: "https://status.example.com"}
	secret = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	signer = signedlink.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	linker = &signedlink.Linker{Signer: signer, BaseURL: "https://api.example.com",
		Now: func() time.Time { return t0 }}
)

// fixture is a fan-out over an in-memory store with the real local
// senders: e-mail and SMS to a temporary outbox, webhooks to a loopback
// receiver.
type fixture struct {
	store *testStore
	fan   *fanout.Fanout
	dir   string
	logs  *bytes.Buffer

	mu    sync.Mutex
	hooks []hook // what the webhook receiver got
}

type hook struct {
	header http.Header
	body   []byte
}

// newFixture makes the components api, web and db and these subscribers:
// e1 (e-mail, everything), e2 (e-mail, web only), e3 (e-mail, pending),
// s1 (SMS, api) and w1 (webhook, api).
func newFixture(t *testing.T) *fixture {
	t.Helper()
	fx := &fixture{store: newStore(t), dir: t.TempDir(), logs: &bytes.Buffer{}}
	srv := httptest.NewServer(http.HandlerFunc(fx.receive))
	t.Cleanup(srv.Close)

	for _, s := range []*herald.Subscriber{
		{ID: "e1", Type: herald.Email, Address: "e1@example.com", State: herald.Active},
		{ID: "e2", Type: herald.Email, Address: "e2@example.com", State: herald.Active,
			Components: []string{"web"}},
		{ID: "e3", Type: herald.Email, Address: "e3@example.com", State: herald.Pending},
		{ID: "s1", Type: herald.SMS, Address: "+15550101", State: herald.Active,
			Components: []string{"api"}},
		{ID: "w1", Type: herald.Webhook, Address: srv.URL + "/hook", Secret: secret,
			State: herald.Active, Components: []string{"api", "db"}},
	} {
		fx.store.mustAdd(t, s)
	}

	fx.fan = &fanout.Fanout{
		Store: fx.store,
		Senders: map[herald.SubscriberType]herald.Sender{
			herald.Email: outbox.NewEmailSender(fx.dir, "Acme Status <status@example.com>",
				linker.Links),
			herald.SMS: outbox.NewSMSSender(fx.dir),
			herald.Webhook: webhook.New(webhook.Options{AllowLoopback: true,
				Links: linker.Links, Timeout: 5 * time.Second}),
		},
		Page:   page,
		Now:    func() time.Time { return t0 },
		Logger: slog.New(slog.NewJSONHandler(fx.logs, nil)),
	}
	return fx
}

func (fx *fixture) receive(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fx.mu.Lock()
	defer fx.mu.Unlock()
	fx.hooks = append(fx.hooks, hook{r.Header.Clone(), body})
}

func (fx *fixture) webhooks() []hook {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	return append([]hook(nil), fx.hooks...)
}

// emails returns the names of the files in the e-mail outbox.
func (fx *fixture) emails(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(fx.dir, "outbox", "email"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// smsLines returns the lines of the SMS outbox.
func (fx *fixture) smsLines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fx.dir, "outbox", "sms.jsonl"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return bytes2lines(b)
}

func bytes2lines(b []byte) []string {
	var out []string
	for _, l := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		if len(l) > 0 {
			out = append(out, string(l))
		}
	}
	return out
}

// update returns a timeline entry.
func update(id string, kind herald.UpdateKind, status herald.IncidentStatus) herald.Update {
	return herald.Update{ID: id, Kind: kind, Status: status, Message: "Update " + id + ".",
		CreatedAt: t0, Components: []herald.AffectedComponent{{ID: "api",
			Status: herald.PartialOutage}}}
}

// incident returns INC-0042 affecting comps, with updates given oldest
// first.
func incident(draft bool, comps []string, updates ...herald.Update) *herald.Incident {
	inc := &herald.Incident{ID: "INC-0042", Title: "Database latency",
		Status: herald.Investigating, Impact: herald.ImpactMajor, Draft: draft,
		StartedAt: t0, CreatedAt: t0, UpdatedAt: t0}
	for _, id := range comps {
		inc.Components = append(inc.Components,
			herald.AffectedComponent{ID: id, Status: herald.PartialOutage})
	}
	for i := len(updates) - 1; i >= 0; i-- {
		inc.Updates = append(inc.Updates, updates[i])
	}
	if n := len(updates); n > 0 {
		inc.Status = updates[n-1].Status
	}
	return inc
}

func change(old, new *herald.Incident) herald.Change {
	op := herald.OpModify
	if old == nil {
		op = herald.OpInsert
	}
	return herald.Change{Seq: "1", Op: op, Entity: herald.EntityIncident,
		OldIncident: old, NewIncident: new}
}
