package sns

import (
	"errors"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/herald-status/herald/internal/herald"
)

// classify turns an error of Publish into a herald error, keeping none of
// SNS's own text, which may name the phone number.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	if !errors.As(err, &api) {
		// The network, the deadline, or the SDK's retry quota.
		return herald.Unavailable(err, "SNS")
	}
	cause := newAWSError(err, api)
	switch code := api.ErrorCode(); {
	case code == "InvalidParameter" || code == "ParameterValueInvalid" ||
		code == "InvalidParameterValue" || code == "OptedOut":
		return &herald.Error{Code: herald.EUNPROCESSABLE,
			Message: "SNS refused the message (" + code + ")", Err: cause}
	case strings.HasPrefix(code, "Throttl") || code == "KMSThrottling":
		return &herald.Error{Code: herald.EUNAVAILABLE,
			Message: "SNS is throttling this account's messages", Err: cause}
	case code == "AuthorizationError" || strings.HasPrefix(code, "KMS"):
		return &herald.Error{Code: herald.EUNAVAILABLE,
			Message: "SNS is not set up to send SMS (" + code + ")", Err: cause}
	default:
		return herald.Unavailable(cause, "SNS")
	}
}

// awsError is what may be logged of an AWS error: where and what, and the
// request id that AWS support asks for, but not the service's message.
type awsError struct {
	Operation string
	Code      string
	RequestID string
}

func newAWSError(err error, api smithy.APIError) *awsError {
	e := &awsError{Operation: "Publish", Code: api.ErrorCode()}
	var op *smithy.OperationError
	if errors.As(err, &op) {
		e.Operation = op.Operation()
	}
	var resp *awshttp.ResponseError
	if errors.As(err, &resp) {
		e.RequestID = resp.ServiceRequestID()
	}
	return e
}

// Error implements the error interface.
func (e *awsError) Error() string {
	s := "SNS " + e.Operation + ": " + e.Code
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}
