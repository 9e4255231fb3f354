package httpapi

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// siteFile serves one file of the rendered status site: the file the path
// names, the index.html of a folder, or for a path without an extension
// the page of that name with .html added. Hidden files, such as a
// renderer's temporary files, are never served, nor are folder listings.
func (a *api) siteFile(w http.ResponseWriter, r *http.Request) error {
	name, ok, err := a.siteName(r.URL.Path)
	if err != nil {
		return err
	} else if !ok {
		return herald.Errorf(herald.ENOTFOUND, "there is no such page")
	}
	h := w.Header()
	if strings.HasPrefix(name, "api/") {
		// The public documents are read by widgets on other sites.
		h.Set("Access-Control-Allow-Origin", "*")
	}
	h.Set("Cache-Control", "public, max-age=30")
	http.ServeFileFS(w, r, a.site, name)
	return nil
}

// siteName returns the name in the site's file system of the regular file
// that urlPath asks for, and false when there is none. A file system that
// fails for another reason than a missing file (a live site whose store
// is down) makes it return that error.
func (a *api) siteName(urlPath string) (string, bool, error) {
	if a.site == nil {
		return "", false, nil
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false, nil
		}
	}
	candidates := []string{name, path.Join(name, "index.html")}
	if name == "" {
		candidates = []string{"index.html"}
	} else if path.Ext(name) == "" {
		candidates = append(candidates, name+".html")
	}
	for _, c := range candidates {
		fi, err := fs.Stat(a.site, c)
		if err == nil && fi.Mode().IsRegular() {
			return c, true, nil
		}
		var herr *herald.Error
		if errors.As(err, &herr) {
			return "", false, err
		}
	}
	return "", false, nil
}
