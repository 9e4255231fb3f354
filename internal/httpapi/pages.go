package httpapi

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// The subscribers' own pages are rendered here, with html/template, and
// work without JavaScript: every action is a form that POSTs.

//go:embed templates
var templateFS embed.FS

// pages are the page templates by name, each parsed with the layout.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"message", "subscribe", "signedup", "confirm", "manage",
		"unsubscribe"} {
		out[name] = template.Must(template.ParseFS(templateFS, "templates/layout.html",
			"templates/components.html", "templates/"+name+".html"))
	}
	return out
}()

// pageCSP lets a page use its own inline style and post its forms to
// Herald, and nothing else: no scripts, no images, no frames.
const pageCSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// pageData is what every page template may show.
type pageData struct {
	Title    string
	PageName string // the status page's name
	PageURL  string // a link back to it, if known
	Error    string
	Message  string

	Action        string // where the page's form posts
	ConfirmAction string
	Token         string
	Sub           *herald.Subscriber
	Components    []choice
	Form          herald.SignupInput
	Result        *herald.SignupResult
}

// choice is one component a form offers, ticked if chosen.
type choice struct {
	ID, Name string
	Chosen   bool
}

// newPage returns the data of a page with the given title.
func (a *api) newPage(title string) *pageData {
	p := a.subs.Page
	name := p.Name
	if name == "" {
		name = "Status"
	}
	return &pageData{Title: title, PageName: name, PageURL: p.URL}
}

// choices lists the page's components, ticking those in chosen.
func (a *api) choices(ctx context.Context, chosen []string) ([]choice, error) {
	comps, err := a.svc.Components(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]choice, len(comps))
	for i, c := range comps {
		out[i] = choice{ID: c.ID, Name: c.Name, Chosen: slices.Contains(chosen, c.ID)}
	}
	return out, nil
}

// renderPage answers with the named page. Like writeJSON, it fails only
// before anything is written.
func (a *api) renderPage(w http.ResponseWriter, status int, name string, d *pageData) error {
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout", d); err != nil {
		return fmt.Errorf("render page %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", pageCSP)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// htmlRoute adapts a handler that answers people: its failures become a
// page that says what went wrong, or a problem for a client that asked
// for JSON.
func htmlRoute(h handlerFunc) handlerFunc {
	return func(a *api, w http.ResponseWriter, r *http.Request) error {
		if err := h(a, w, r); err != nil {
			if wantsJSON(r) {
				return err
			}
			a.errorPage(w, r, err)
		}
		return nil
	}
}

// errorPage reports err as a page, with the status writeError would give.
func (a *api) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := herald.ErrorCode(err)
	status := statusOf(code)
	d := a.newPage(http.StatusText(status))
	d.Message = herald.ErrorMessage(err)
	if status >= 500 {
		id := requestID(r.Context())
		a.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("request_id", id), slog.String("code", code),
			slog.String("error", err.Error()))
		d.Message = "Something went wrong on our side; try again in a moment. " +
			"If it keeps happening, quote request " + id + "."
		if code == herald.EUNAVAILABLE {
			d.Message = herald.ErrorMessage(err)
		}
	}
	if f := herald.ErrorField(err); f != "" && status < 500 {
		d.Message = f + ": " + d.Message
	}
	if rerr := a.renderPage(w, status, "message", d); rerr != nil {
		a.writeError(w, r, rerr)
	}
}

// wantsJSON reports whether a request speaks JSON: it sent a JSON body,
// or it accepts JSON and not HTML.
func wantsJSON(r *http.Request) bool {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && isJSON(mt) {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !strings.Contains(accept, "text/html")
}
