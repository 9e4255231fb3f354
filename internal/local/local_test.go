package local_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/fanout"
	"github.com/herald-status/herald/internal/local"
)

const adminKey = "test-admin-key-not-secret"

// system is a local runner started in-process, with the client side of the
// README's walk-through.
type system struct {
	t      *testing.T
	url    string
	dir    string
	runner *local.Runner
	stop   func()
}

func start(t *testing.T, dir string) *system {
	t.Helper()
	return startWith(t, dir, "bolt", "")
}

// startDynamo starts a runner on a fresh table of DynamoDB Local, or skips
// the test when DynamoDB Local is not running.
func startDynamo(t *testing.T, dir, table string) *system {
	t.Helper()
	endpoint := os.Getenv("HERALD_TEST_DYNAMODB_ENDPOINT")
	if endpoint == "" {
		t.Skip("DynamoDB Local not running: use make test")
	}
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	return startWith(t, dir, "dynamodb", table)
}

func startWith(t *testing.T, dir, store, table string) *system {
	t.Helper()
	cfg := local.Config{
		DataDir: dir, Addr: "127.0.0.1:0", AdminKey: adminKey, PageName: "Example Status",
		EmailFrom: "Status <status@example.com>", AllowLoopback: true, Store: store, Table: table,
		Backoff: fanout.Backoff{First: 200 * time.Millisecond, Max: time.Second, Attempts: 6},
	}
	return run(t, cfg)
}

// run starts a runner with cfg in-process and returns the system it
// serves, stopped when the test ends if the test has not stopped it.
func run(t *testing.T, cfg local.Config) *system {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r, err := local.New(ctx, cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	s := &system{t: t, url: "http://" + r.Addr(), dir: cfg.DataDir, runner: r}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("runner stopped with %v", err)
			}
		})
	}
	t.Cleanup(s.stop)
	return s
}

// do sends a request and decodes a JSON answer into out, failing the test
// unless the status is want.
func (s *system) do(method, path, auth string, body []byte, want int, out any) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

func (s *system) get(path string) []byte {
	s.t.Helper()
	res, err := http.Get(s.url + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: status %d: %s", path, res.StatusCode, b)
	}
	return b
}

// eventually retries cond for up to five seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func emails(t *testing.T, dir string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "outbox", "email", "*.eml"))
	return files
}

// receiver is a webhook subscriber's endpoint that keeps what it gets.
type receiver struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	header http.Header
	body   []byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.msgs = append(rc.msgs, received{r.Header.Clone(), b})
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) got() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.msgs...)
}

// parseEmail checks an outbox file is an RFC 5322 message with a text and
// an HTML part, and returns its subject and text part.
func parseEmail(t *testing.T, path string) (subject, text string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(mustRead(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, err = dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	if m.Header.Get("List-Unsubscribe") == "" ||
		m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("unsubscribe headers missing: %v", m.Header)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	types := map[string]bool{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		types[pt] = true
		if pt == "text/plain" {
			b, _ := io.ReadAll(p)
			text = string(b)
		}
	}
	if !types["text/plain"] || !types["text/html"] {
		t.Errorf("parts %v, want text/plain and text/html", types)
	}
	return subject, text
}

func hasAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestShortLinkKey: a link key too short to sign with stops the runner at
// start with an error, not a panic.
func TestShortLinkKey(t *testing.T) {
	cfg := local.Config{DataDir: t.TempDir(), Addr: "127.0.0.1:0", AdminKey: adminKey,
		LinkKey: "short", Store: "bolt"}
	if _, err := local.New(t.Context(), cfg, io.Discard, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("a 5-byte link key was accepted")
	} else if !strings.Contains(err.Error(), "link key") {
		t.Errorf("err = %v, want it to name the link key", err)
	}
}
