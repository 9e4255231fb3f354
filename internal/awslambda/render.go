package awslambda

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"
)

// Renderer renders the whole site.
type Renderer interface {
	Render(ctx context.Context) error
}

// Invalidator drops a CDN's copies of the pages a render rewrites.
type Invalidator interface {
	Invalidate(ctx context.Context) error
}

// Render is the renderer function's handler. Every event (a schedule's
// tick, a batch of stream records) asks for the same thing, a render of
// everything, so the event itself is not read.
type Render struct {
	Renderer    Renderer
	Invalidator Invalidator
}

// Handle renders the site and invalidates the CDN. An error fails the
// invocation, which Lambda retries; a render is idempotent.
func (r *Render) Handle(ctx context.Context, _ json.RawMessage) error {
	start := time.Now()
	if err := r.Renderer.Render(ctx); err != nil {
		slog.ErrorContext(ctx, "render failed", "err", err)
		return err
	}
	if err := r.Invalidator.Invalidate(ctx); err != nil {
		slog.ErrorContext(ctx, "invalidation failed", "err", err)
		return err
	}
	slog.InfoContext(ctx, "site rendered", "took_ms", time.Since(start).Milliseconds())
	return nil
}
