package site

import (
	"context"
	"log/slog"
	"time"
)

// Coalesce is how long Run waits after a kick before it renders, so that a
// burst of changes makes one render. Retry bounds the wait after a failed
// render, which doubles from Coalesce up to it.
const (
	Coalesce = 250 * time.Millisecond
	Retry    = 30 * time.Second
)

// Trigger asks a running Renderer for a render. Kicks that arrive while
// one is pending fold into it; none is ever lost.
type Trigger struct {
	c chan struct{}
}

// NewTrigger returns a Trigger to pass to Run through C.
func NewTrigger() *Trigger { return &Trigger{c: make(chan struct{}, 1)} }

// Kick asks for a render. It never blocks.
func (t *Trigger) Kick() {
	select {
	case t.c <- struct{}{}:
	default: // a kick is already waiting; it covers this one
	}
}

// C returns the channel Run reads kicks from.
func (t *Trigger) C() <-chan struct{} { return t.c }

// Run renders the site Coalesce after each kick, so a burst of kicks makes
// one render that lands well within a second of the first. A failed render
// is logged and tried again, waiting twice as long each time up to Retry,
// until one succeeds; kicks meanwhile fold into the retry. Run returns when
// ctx is done or kick is closed.
func (r *Renderer) Run(ctx context.Context, kick <-chan struct{}) {
	timer := time.NewTimer(Coalesce)
	timer.Stop() // disarmed until the first kick
	armed := false
	backoff := Coalesce

	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case _, ok := <-kick:
			if !ok {
				timer.Stop()
				return
			}
			if !armed {
				timer.Reset(Coalesce)
				armed = true
			}
		case <-timer.C:
			armed = false
			start := time.Now()
			err := r.Render(ctx)
			if err == nil {
				backoff = Coalesce
				slog.DebugContext(ctx, "site rendered", "took", time.Since(start))
				continue
			}
			if ctx.Err() != nil {
				return
			}
			backoff = min(backoff*2, Retry)
			slog.ErrorContext(ctx, "site render failed", "err", err, "retry_in", backoff)
			timer.Reset(backoff)
			armed = true
		}
	}
}
