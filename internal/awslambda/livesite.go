package awslambda

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/site"
)

// LiveSite is the status site rendered from the store into a folder of the
// function's own, again whenever the copy is older than MaxAge. The status
// function serves it, so /api/v2/ stays fresh even when the S3 copy lags.
// It implements fs.FS.
type LiveSite struct {
	Store  herald.Store
	Page   herald.Page
	Dir    string
	MaxAge time.Duration

	mu       sync.Mutex
	rendered time.Time
}

// Open renders the site if its copy is stale, then opens name in it. A
// failed render serves the last good copy; with none, Open fails with the
// render's error, an EUNAVAILABLE *herald.Error, not fs.ErrNotExist.
func (l *LiveSite) Open(name string) (fs.File, error) {
	if err := l.refresh(); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.DirFS(l.Dir).Open(name)
}

// refresh renders the site when its copy is stale. It returns an error
// only when the render failed and there is no earlier copy to serve.
func (l *LiveSite) refresh() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Since(l.rendered) < l.MaxAge {
		return nil
	}
	// fs.FS has no context; a render is bounded by its own deadline.
	ctx, cancel := context.WithTimeout(context.TODO(), 10*time.Second)
	defer cancel()
	r := &site.Renderer{Store: l.Store, Page: l.Page, Out: site.DirWriter{Dir: l.Dir}}
	if err := r.Render(ctx); err != nil {
		if l.rendered.IsZero() {
			return err
		}
		slog.Error("render the live site; serving the last copy", "err", err)
		return nil
	}
	l.rendered = time.Now()
	return nil
}
