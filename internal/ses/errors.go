package ses

import (
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/herald-status/herald/internal/awserr"
	"github.com/herald-status/herald/internal/herald"
)

// classify turns an error of SendEmail into a herald error, keeping none
// of SES's own text, which may name the recipient.
func classify(err error) error {
	if err == nil {
		return nil
	}
	cause, ok := awserr.From(err, "SES", "SendEmail")
	if !ok {
		return herald.Unavailable(err, "SES")
	}
	switch code := cause.Code; {
	case code == "MessageRejected" || code == "BadRequestException":
		return &herald.Error{Code: herald.EUNPROCESSABLE,
			Message: "SES refused the message (" + code + ")", Err: cause}
	case code == "TooManyRequestsException" || code == "LimitExceededException" ||
		strings.HasPrefix(code, "Throttling"):
		return unavailable("SES is throttling this account's sends", cause)
	case code == "AccountSuspendedException" || code == "SendingPausedException":
		return unavailable("SES has paused sending for this account ("+code+")", cause)
	case code == "MailFromDomainNotVerifiedException" || code == "NotFoundException" ||
		strings.Contains(code, "AccessDenied"):
		return unavailable("SES is not set up to send as the sender ("+code+")", cause)
	default:
		return herald.Unavailable(cause, "SES")
	}
}

func unavailable(msg string, cause error) *herald.Error {
	return &herald.Error{Code: herald.EUNAVAILABLE, Message: msg, Err: cause}
}

// classifyEntry turns the status of one destination of SendBulkEmail into
// a herald error, as classify does for a whole call.
func classifyEntry(status types.BulkEmailStatus, requestID string) error {
	cause := &awserr.Error{Service: "SES", Operation: "SendBulkEmail", Code: string(status),
		RequestID: requestID}
	switch status {
	case types.BulkEmailStatusSuccess:
		return nil
	case types.BulkEmailStatusMessageRejected, types.BulkEmailStatusInvalidParameter:
		return &herald.Error{Code: herald.EUNPROCESSABLE,
			Message: "SES refused the message (" + string(status) + ")", Err: cause}
	case types.BulkEmailStatusAccountThrottled, types.BulkEmailStatusAccountDailyQuotaExceeded:
		return unavailable("SES is throttling this account's sends", cause)
	case types.BulkEmailStatusAccountSuspended, types.BulkEmailStatusAccountSendingPaused,
		types.BulkEmailStatusConfigurationSetSendingPaused:
		return unavailable("SES has paused sending for this account ("+string(status)+")", cause)
	case types.BulkEmailStatusMailFromDomainNotVerified, types.BulkEmailStatusConfigurationSetNotFound,
		types.BulkEmailStatusTemplateNotFound, types.BulkEmailStatusInvalidSendingPoolName:
		return unavailable("SES is not set up to send as the sender ("+string(status)+")", cause)
	default: // TRANSIENT_FAILURE, FAILED, and any status added later
		return herald.Unavailable(cause, "SES")
	}
}

// requestID returns the request id of a call that succeeded.
func requestID(md middleware.Metadata) string {
	id, _ := awsmiddleware.GetRequestIDMetadata(md)
	return id
}
