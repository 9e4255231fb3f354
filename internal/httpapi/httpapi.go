package httpapi

import (
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// AlertParser reads one monitoring tool's requests; see herald.AlertParser.
// It is an alias so that alerts.Parsers' map can be passed as it is.
type AlertParser = herald.AlertParser

// Options are what the routers serve from. A router uses only the fields it
// needs: NewStatus only SiteFS, the others the Service.
type Options struct {
	// Service carries out every operation of the API.
	Service *herald.Service

	// Parsers reads alert payloads, keyed by integration source: the
	// parser under "alertmanager" serves POST /v1/integrations/alertmanager.
	Parsers map[string]AlertParser

	// SiteFS holds the rendered status site: index.html and the other pages
	// at its root, the public JSON documents under api/v2/.
	SiteFS fs.FS

	// Logger receives one line per request and the details of internal
	// errors; nil means slog.Default().
	Logger *slog.Logger

	// Subscriptions serves sign-up, the subscribers' own pages and the
	// admin's bulk subscriber work; nil means one over Service that can
	// send no confirmation.
	Subscriptions *herald.Subscriptions

	// Links checks the tokens of the subscribers' links (confirm, manage,
	// unsubscribe); without it those pages refuse every link.
	Links *signedlink.Linker

	// ClientIP names the client a request comes from, for the sign-up
	// limit; nil means the host of RemoteAddr (see ClientIPFromRemote).
	ClientIP func(r *http.Request) string
}

// api is what every handler and middleware of one router shares.
type api struct {
	svc      *herald.Service
	parsers  map[string]AlertParser
	site     fs.FS
	log      *slog.Logger
	subs     *herald.Subscriptions
	links    *signedlink.Linker
	clientIP func(r *http.Request) string

	// public says whether the router serves the public site rather than
	// an API: it sets the Content-Security-Policy and whether responses
	// may be cached.
	public bool
}

func newAPI(o Options, public bool) *api {
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	a := &api{svc: o.Service, parsers: o.Parsers, site: o.SiteFS, log: log, public: public,
		subs: o.Subscriptions, links: o.Links, clientIP: o.ClientIP}
	if a.subs == nil {
		a.subs = &herald.Subscriptions{Service: o.Service}
	}
	if a.clientIP == nil {
		a.clientIP = ClientIPFromRemote
	}
	return a
}

// The Content-Security-Policy headers. API responses are data, never a
// document to render. The site's layout has an inline <style> block, so
// its policy allows inline styles, but never inline scripts.
const (
	apiCSP  = "default-src 'none'; frame-ancestors 'none'"
	siteCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; " +
		"form-action 'self'; frame-ancestors 'none'"
)

// NewIncidents returns the router of the incidents Lambda: components,
// incidents, integrations, alert ingestion, /healthz and the OpenAPI
// document.
func NewIncidents(o Options) http.Handler {
	return newAPI(o, false).router(incidentRoutes)
}

// NewSubscriptions returns the router of the subscriptions Lambda: the
// admin's subscriber endpoints.
func NewSubscriptions(o Options) http.Handler {
	return newAPI(o, false).router(subscriptionRoutes)
}

// NewStatus returns the router of the status Lambda, which serves the
// rendered site from o.SiteFS: the /api/v2/ JSON documents and the pages.
func NewStatus(o Options) http.Handler {
	return newAPI(o, true).router(statusRoutes)
}

// New returns one handler serving all three routers, for the local runner.
// It sends each request where API Gateway would: subscriber paths to the
// subscriptions router, the rest of /v1/ and /healthz to the incidents
// router, and everything else to the status site.
func New(o Options) http.Handler {
	incidents, subs, status := NewIncidents(o), NewSubscriptions(o), NewStatus(o)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case under(p, "/v1/subscribers"), under(p, "/v1/subscriptions"):
			subs.ServeHTTP(w, r)
		case strings.HasPrefix(p, "/v1/"), p == "/healthz":
			incidents.ServeHTTP(w, r)
		default:
			status.ServeHTTP(w, r)
		}
	})
}

// under reports whether path is prefix or lies below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}
