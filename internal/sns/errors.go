package sns

import (
	"strings"

	"github.com/herald-status/herald/internal/awserr"
	"github.com/herald-status/herald/internal/herald"
)

// classify turns an error of Publish into a herald error, keeping none of
// SNS's own text, which may name the phone number.
func classify(err error) error {
	if err == nil {
		return nil
	}
	cause, ok := awserr.From(err, "SNS", "Publish")
	if !ok {
		return herald.Unavailable(err, "SNS")
	}
	switch code := cause.Code; {
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
