// Package httpapi is Herald's HTTP layer: the admin API under /v1/, the
// endpoints monitoring tools post alerts to, and the status site's files.
//
// Three routers match the three Lambdas that API Gateway sends requests to:
// NewIncidents (components, incidents, integrations and alert ingestion),
// NewSubscriptions (subscribers) and NewStatus (the pre-rendered site and its
// /api/v2/ documents). New combines them for the local runner, routing by
// path prefix the way template.yaml does.
//
// Every route is listed once, in the route tables of routes.go, and the
// OpenAPI 3.1 document openapi.yaml describes each of them; a test holds the
// two, and every response the tests see, to each other.
//
// Handlers return an error instead of writing one. problem.go is the one
// place where an error's herald code becomes an HTTP status and an
// application/problem+json body (RFC 9457); an internal error's text never
// leaves the process, and it is logged there, once, with the request id.
package httpapi
