package awslambda

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"
)

// HTTP serves an http.Handler to API Gateway HTTP API (payload 2.0)
// events. The same routers serve the local runner.
func HTTP(h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (
	events.APIGatewayV2HTTPResponse, error) {
	return httpadapter.NewV2(h).ProxyWithContext
}
