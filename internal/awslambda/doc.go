// Package awslambda wires Herald's parts into AWS Lambda handlers: the
// DynamoDB stream batch that drives fan-out, the HTTP routers behind API
// Gateway, and the configuration and clients every function builds once at
// start. The mains in functions/ call it and start; nothing here is built
// per invocation.
package awslambda
