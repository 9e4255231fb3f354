package awslambda

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/site"
)

// LiveSite is the status site rendered from the store into a folder of the
// function's own, again whenever the copy is older than MaxAge. The status
// function serves it, so /api/v2/ stays fresh even when the S3 copy lags.
// Wrap the handler that serves it with Refresh; LiveSite is its fs.FS.
type LiveSite struct {
	Store  herald.Store
	Page   herald.Page
	Dir    string
	MaxAge time.Duration

	mu       sync.Mutex
	rendered time.Time
	err      error // the last render's error, while there is no copy
}

// Refresh returns next behind a render of the site, made with the
// request's context when the copy is stale.
func (l *LiveSite) Refresh(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.refresh(r.Context())
		next.ServeHTTP(w, r)
	})
}

// Open opens name in the rendered copy. With no copy because the render
// failed, it fails with the render's error, an EUNAVAILABLE *herald.Error,
// not fs.ErrNotExist.
func (l *LiveSite) Open(name string) (fs.File, error) {
	l.mu.Lock()
	err := l.err
	l.mu.Unlock()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.DirFS(l.Dir).Open(name)
}

// refresh renders the site when its copy is stale. A failed render keeps
// the last good copy, if there is one.
func (l *LiveSite) refresh(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Since(l.rendered) < l.MaxAge {
		return
	}
	r := &site.Renderer{Store: l.Store, Page: l.Page, Out: site.DirWriter{Dir: l.Dir}}
	if err := r.Render(ctx); err != nil {
		if l.rendered.IsZero() {
			l.err = err
			return
		}
		slog.ErrorContext(ctx, "render the live site; serving the last copy", "err", err)
		return
	}
	l.rendered, l.err = time.Now(), nil
}
