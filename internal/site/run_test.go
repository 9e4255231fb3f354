package site_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/site"
)

// memWriter keeps the files written to it and reports each render's
// index.html, the last file a render writes, on rendered.
type memWriter struct {
	mu       sync.Mutex
	files    map[string][]byte
	rendered chan time.Time
}

func newMemWriter() *memWriter {
	return &memWriter{files: map[string][]byte{}, rendered: make(chan time.Time, 100)}
}

func (w *memWriter) WriteFile(ctx context.Context, p, ct string, body []byte) error {
	w.mu.Lock()
	w.files[p] = body
	w.mu.Unlock()
	if p == "index.html" {
		w.rendered <- time.Now()
	}
	return nil
}

// start runs a renderer over st and returns its trigger and writer; the
// renderer stops when the test ends.
func start(t *testing.T, st herald.Store) (*site.Trigger, *memWriter) {
	t.Helper()
	w := newMemWriter()
	r := &site.Renderer{Store: st, Page: page, Out: w}
	trig := site.NewTrigger()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx, trig.C()); close(done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return trig, w
}

func TestRunCoalesces(t *testing.T) {
	trig, w := start(t, fixture())

	first := time.Now()
	for range 50 {
		trig.Kick()
		time.Sleep(2 * time.Millisecond)
	}
	select {
	case at := <-w.rendered:
		if d := at.Sub(first); d > time.Second {
			t.Errorf("rendered %v after the first kick", d)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no render after a burst of kicks")
	}
	select {
	case <-w.rendered:
		t.Fatal("a burst of kicks made two renders")
	case <-time.After(3 * site.Coalesce):
	}

	// A later change makes a later render.
	trig.Kick()
	select {
	case <-w.rendered:
	case <-time.After(2 * time.Second):
		t.Fatal("no render after a second kick")
	}
}

func TestRunRetries(t *testing.T) {
	var logs syncBuffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	st := fixture()
	st.setErr(herald.Unavailable(errors.New("disk on fire"), "store"))
	trig, w := start(t, st)
	trig.Kick()

	time.Sleep(time.Second) // a first failure at 250ms, a retry 500ms later
	if got := logs.String(); strings.Count(got, "site render failed") < 2 {
		t.Fatalf("want two logged failures, got:\n%s", got)
	}
	st.setErr(nil)
	select {
	case <-w.rendered:
	case <-time.After(3 * time.Second):
		t.Fatal("no render once the store recovered")
	}
}

func TestRunStopsWhenKickCloses(t *testing.T) {
	r := &site.Renderer{Store: fixture(), Page: page, Out: newMemWriter()}
	kick := make(chan struct{})
	done := make(chan struct{})
	go func() { r.Run(context.Background(), kick); close(done) }()
	close(kick)
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not return when kick closed")
	}
}

// syncBuffer is a bytes.Buffer safe for a logger and a test at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
