package site

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Writer stores one file of the site. Path is slash-separated and relative
// to the site's root, such as "api/v2/status.json". WriteFile replaces the
// file whole: a reader sees the old or the new body, never a mix.
type Writer interface {
	WriteFile(ctx context.Context, path, contentType string, body []byte) error
}

// CacheControl returns the Cache-Control header a file of the site should
// be served with. Pages and documents change with every incident update, so
// browsers and CDNs may keep them only briefly.
func CacheControl(p string) string {
	switch path.Ext(p) {
	case ".html", ".json", ".xml", ".svg":
		return "public, max-age=30"
	}
	return "public, max-age=300"
}

// DirWriter writes the site under a folder of the local file system.
type DirWriter struct {
	Dir string
}

// WriteFile writes body to path under the folder through a temporary file
// and a rename, so that a server reading the folder never sees half a file.
// The content type is implied by the file's extension.
func (w DirWriter) WriteFile(ctx context.Context, p, contentType string, body []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	clean := path.Clean("/" + p)[1:]
	if clean == "" || clean != p || strings.Contains(p, "\\") {
		return fmt.Errorf("site: bad path %q", p)
	}
	name := filepath.Join(w.Dir, filepath.FromSlash(clean))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("site: %w", err)
	}

	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("site: write %s: %w", p, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("site: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("site: write %s: %w", p, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return nil
}
