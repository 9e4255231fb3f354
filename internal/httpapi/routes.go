package httpapi

import (
	"net/http"

	"github.com/herald-status/herald/internal/herald"
	"github.com/herald-status/herald/internal/signedlink"
)

// access says who may call a route.
type access int

const (
	public      access = iota // anyone
	admin                     // an admin key, checked before the handler runs
	integration               // an integration key, checked by the handler
)

// handlerFunc serves one route. It writes the response only on success and
// returns any failure for writeError to report.
type handlerFunc func(a *api, w http.ResponseWriter, r *http.Request) error

// route is one method and path pattern of a router. The tables below are
// the whole API: the routers are built from them, and the tests compare
// them with openapi.yaml.
type route struct {
	method string
	path   string
	access access
	handle handlerFunc
}

// incidentRoutes are served by the incidents Lambda.
var incidentRoutes = []route{
	{"GET", "/healthz", public, (*api).health},
	{"GET", "/v1/openapi.yaml", public, (*api).openAPI},

	{"POST", "/v1/components", admin, (*api).createComponent},
	{"GET", "/v1/components", admin, (*api).listComponents},
	{"GET", "/v1/components/{id}", admin, (*api).getComponent},
	{"PATCH", "/v1/components/{id}", admin, (*api).patchComponent},
	{"DELETE", "/v1/components/{id}", admin, (*api).deleteComponent},

	{"POST", "/v1/incidents", admin, (*api).createIncident},
	{"GET", "/v1/incidents", admin, (*api).listIncidents},
	{"GET", "/v1/incidents/{id}", admin, (*api).getIncident},
	{"PATCH", "/v1/incidents/{id}", admin, (*api).patchIncident},
	{"POST", "/v1/incidents/{id}/updates", admin, (*api).addUpdate},
	{"POST", "/v1/incidents/{id}/publish", admin, (*api).publish},
	{"GET", "/v1/incidents/{id}/deliveries", admin, (*api).listDeliveries},

	{"POST", "/v1/integrations", admin, (*api).createIntegration},
	{"GET", "/v1/integrations", admin, (*api).listIntegrations},
	{"GET", "/v1/integrations/{id}", admin, (*api).getIntegration},
	{"PATCH", "/v1/integrations/{id}", admin, (*api).patchIntegration},
	{"POST", "/v1/integrations/{id}/rotate-key", admin, (*api).rotateIntegrationKey},
	{"GET", "/v1/integrations/{id}/deliveries", admin, (*api).listIntegrationDeliveries},

	// Each monitoring tool posts to a path of its own; see package alerts.
	{"POST", "/v1/integrations/alertmanager", integration, ingest(herald.SourceAlertmanager)},
	{"POST", "/v1/integrations/grafana", integration, ingest(herald.SourceGrafana)},
	{"POST", "/v1/integrations/cloudwatch", integration, ingest(herald.SourceCloudWatch)},
	{"POST", "/v1/integrations/datadog", integration, ingest(herald.SourceDatadog)},
	{"POST", "/v1/integrations/pingdom", integration, ingest(herald.SourcePingdom)},
	{"POST", "/v1/integrations/uptimerobot", integration, ingest(herald.SourceUptimeRobot)},
	{"POST", "/v1/integrations/newrelic", integration, ingest(herald.SourceNewRelic)},
	{"POST", "/v1/integrations/pagerduty", integration, ingest(herald.SourcePagerDuty)},
	{"POST", "/v1/integrations/zabbix", integration, ingest(herald.SourceZabbix)},
	{"POST", "/v1/integrations/uptimekuma", integration, ingest(herald.SourceUptimeKuma)},
	{"POST", "/v1/integrations/generic", integration, ingest(herald.SourceGeneric)},
}

// subscriptionRoutes are served by the subscriptions Lambda: the admin's
// subscriber endpoints, and the subscribers' own, which answer people
// with pages and programs with JSON.
var subscriptionRoutes = []route{
	{"POST", "/v1/subscribers", admin, (*api).createSubscriber},
	{"GET", "/v1/subscribers", admin, (*api).listSubscribers},
	{"GET", "/v1/subscribers/counts", admin, (*api).countSubscribers},
	{"GET", "/v1/subscribers/export", admin, (*api).exportSubscribers},
	{"POST", "/v1/subscribers/import", admin, (*api).importSubscribers},
	{"GET", "/v1/subscribers/{id}", admin, (*api).getSubscriber},
	{"DELETE", "/v1/subscribers/{id}", admin, (*api).deleteSubscriber},

	{"GET", SignupPath, public, htmlRoute((*api).signupPage)},
	{"POST", SignupPath, public, htmlRoute((*api).signUp)},
	{"GET", signedlink.ConfirmPath, public, htmlRoute((*api).confirmPage)},
	{"POST", signedlink.ConfirmPath, public, htmlRoute((*api).confirm)},
	{"GET", signedlink.ManagePath, public, htmlRoute((*api).managePage)},
	{"POST", signedlink.ManagePath, public, htmlRoute((*api).manage)},
	{"GET", signedlink.UnsubscribePath, public, htmlRoute((*api).unsubscribePage)},
	{"POST", signedlink.UnsubscribePath, public, htmlRoute((*api).unsubscribe)},
}

// statusRoutes are served by the status Lambda: Statuspage's public
// documents, and every other file of the site under "/".
var statusRoutes = []route{
	{"GET", "/api/v2/status.json", public, (*api).siteFile},
	{"GET", "/api/v2/summary.json", public, (*api).siteFile},
	{"GET", "/api/v2/components.json", public, (*api).siteFile},
	{"GET", "/api/v2/incidents.json", public, (*api).siteFile},
	{"GET", "/api/v2/incidents/unresolved.json", public, (*api).siteFile},
	{"GET", "/api/v2/scheduled-maintenances.json", public, (*api).siteFile},
	{"GET", "/api/v2/scheduled-maintenances/upcoming.json", public, (*api).siteFile},
	{"GET", "/api/v2/scheduled-maintenances/active.json", public, (*api).siteFile},
	{"GET", "/", public, (*api).siteFile},
}

// router returns the handler that serves routes behind the middleware.
func (a *api) router(routes []route) http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.path, a.serve(rt))
	}
	return a.edge(mux)
}

// serve adapts one route to net/http: it checks an admin key where one is
// needed, runs the handler and reports its error.
func (a *api) serve(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.access == admin {
			if err := a.authenticateAdmin(r); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		if err := rt.handle(a, w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// health answers GET /healthz. It checks nothing beyond the process being
// up, so a store outage does not take the health check down with it.
func (a *api) health(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
