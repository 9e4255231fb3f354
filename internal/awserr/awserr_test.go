package awserr_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/herald-status/herald/internal/awserr"
)

// sdkError builds the chain the SDK returns for a refused call: an
// operation error around a response error around the API error.
func sdkError(code, message string) error {
	api := &smithy.GenericAPIError{Code: code, Message: message}
	resp := &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 400}},
			Err:      api,
		},
		RequestID: "req-0001",
	}
	return &smithy.OperationError{ServiceID: "SESv2", OperationName: "SendBulkEmail", Err: resp}
}

func TestFrom(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		err := fmt.Errorf("send: %w", sdkError("MessageRejected", "not verified: jo@example.com"))

		got, ok := awserr.From(err, "SES", "SendEmail")
		if !ok {
			t.Fatalf("From(%v) found no API error", err)
		}
		want := awserr.Error{Service: "SES", Operation: "SendBulkEmail",
			Code: "MessageRejected", RequestID: "req-0001"}
		if *got != want {
			t.Errorf("From = %+v, want %+v", *got, want)
		}
		if s := got.Error(); s != "SES SendBulkEmail: MessageRejected (request req-0001)" {
			t.Errorf("Error() = %q", s)
		}
		if strings.Contains(got.Error(), "example.com") {
			t.Errorf("Error() keeps the service's message: %q", got)
		}
	})

	// An API error the SDK has not wrapped keeps the operation it was given
	// and has no request id to name.
	t.Run("Bare", func(t *testing.T) {
		err := &smithy.GenericAPIError{Code: "Throttling", Message: "slow down"}

		got, ok := awserr.From(err, "SNS", "Publish")
		if !ok {
			t.Fatalf("From(%v) found no API error", err)
		}
		if s := got.Error(); s != "SNS Publish: Throttling" {
			t.Errorf("Error() = %q, want %q", s, "SNS Publish: Throttling")
		}
	})

	t.Run("ErrNotAPI", func(t *testing.T) {
		for _, err := range []error{
			context.DeadlineExceeded,
			&smithy.OperationError{ServiceID: "SNS", OperationName: "Publish",
				Err: errors.New("dial tcp 127.0.0.1:1: connection refused")},
		} {
			if got, ok := awserr.From(err, "SNS", "Publish"); ok {
				t.Errorf("From(%v) = %v, want none", err, got)
			}
		}
	})
}
