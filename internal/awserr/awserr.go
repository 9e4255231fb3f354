// Package awserr keeps what Herald may log of an error an AWS service
// returned: the service, the operation, the error code and the request id
// that AWS support asks for, but never the service's own message, which may
// name a recipient's address or phone number.
//
// The adapters that call AWS (ses, sns) decide what each code means to
// Herald; this package only pulls the loggable part out of the SDK's error.
package awserr

import (
	"errors"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// Error is what may be logged of an AWS error.
type Error struct {
	Service   string // as Herald names it: "SES", "SNS"
	Operation string
	Code      string
	RequestID string
}

// From returns what may be logged of the API error in err's chain, and
// false when there is none: the network failed, the deadline passed, or the
// SDK's retry quota ran out. operation names the call when the SDK has not
// wrapped err in an operation error.
func From(err error, service, operation string) (*Error, bool) {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return nil, false
	}
	e := &Error{Service: service, Operation: operation, Code: api.ErrorCode()}
	var op *smithy.OperationError
	if errors.As(err, &op) {
		e.Operation = op.Operation()
	}
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) {
		e.RequestID = resp.ServiceRequestID()
	}
	return e, true
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := e.Service + " " + e.Operation + ": " + e.Code
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}
