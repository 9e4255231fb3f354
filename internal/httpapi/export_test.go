package httpapi

// Route is a route of one of the routers, for the tests to enumerate.
type Route struct {
	Router string // incidents, subscriptions or status
	Method string
	Path   string
	Admin  bool // whether it takes an admin key
}

// Routes returns every route of the three routers.
func Routes() []Route {
	var out []Route
	for name, table := range map[string][]route{
		"incidents": incidentRoutes, "subscriptions": subscriptionRoutes, "status": statusRoutes,
	} {
		for _, rt := range table {
			out = append(out, Route{name, rt.method, rt.path, rt.access == admin})
		}
	}
	return out
}

// MaxBody is the largest body the API reads.
const MaxBody = maxBody
