package httpapi

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 document of every route; the tests hold
// the routers to it.
//
//go:embed openapi.yaml
var openAPIDoc []byte

// openAPI serves the OpenAPI document, which is public: it describes the
// API, not anything in it.
func (a *api) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml")
	w.Write(openAPIDoc)
	return nil
}
