package httpapi

import (
	"net/http"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// authenticateAdmin checks the request's admin key, sent as
// "Authorization: Bearer <key>".
func (a *api) authenticateAdmin(r *http.Request) error {
	key := bearer(r)
	if key == "" {
		return herald.Errorf(herald.EUNAUTHORIZED,
			"send an admin key in the header Authorization: Bearer <key>")
	}
	_, err := a.svc.AuthenticateAdmin(r.Context(), key)
	return err
}

// authenticateIntegration returns the integration whose key the request
// carries, as a Bearer token or, for tools that cannot set headers, as
// ?key=.
func (a *api) authenticateIntegration(r *http.Request) (*herald.Integration, error) {
	key := integrationKey(r)
	if key == "" {
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "send the integration's key in the "+
			"header Authorization: Bearer <key> or as ?key=<key>")
	}
	return a.svc.AuthenticateIntegration(r.Context(), key)
}

// bearer returns the token of an Authorization header of the Bearer
// scheme, or "".
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// integrationKey returns the integration key a request carries, as a
// Bearer token or as ?key=, or "".
func integrationKey(r *http.Request) string {
	if key := bearer(r); key != "" {
		return key
	}
	return r.URL.Query().Get("key")
}
