package dynamo

import (
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/herald-status/herald/internal/herald"
)

// storeErr turns an error from DynamoDB into a herald error: ECONFLICT for
// a lost conditional write, EUNPROCESSABLE for an item over DynamoDB's
// size limit, and EUNAVAILABLE for everything else (throttles, timeouts,
// a missing table, a network failure), which may succeed if retried.
func storeErr(err error, op string) error {
	wrapped := errorf("%s: %w", op, err)
	var cond *types.ConditionalCheckFailedException
	if errors.As(err, &cond) {
		return &herald.Error{Code: herald.ECONFLICT, Err: wrapped,
			Message: "it was changed by someone else, or already exists"}
	}
	var tx *types.TransactionCanceledException
	if errors.As(err, &tx) && txLost(tx) {
		return &herald.Error{Code: herald.ECONFLICT, Err: wrapped,
			Message: "it was changed by someone else, or already exists"}
	}
	if tooLarge(err) {
		return &herald.Error{Code: herald.EUNPROCESSABLE, Err: wrapped,
			Message: "it is too large to store"}
	}
	return herald.Unavailable(wrapped, "the store")
}

// notFoundOrConflict is storeErr for a conditional write of an item that
// must exist: when the condition failed and DynamoDB returned no old item,
// the item was not there, and the answer is ENOTFOUND naming what.
func notFoundOrConflict(err error, op, what string) error {
	var cond *types.ConditionalCheckFailedException
	if errors.As(err, &cond) && cond.Item == nil {
		return &herald.Error{Code: herald.ENOTFOUND, Message: what + " not found",
			Err: errorf("%s: %w", op, err)}
	}
	return storeErr(err, op)
}

// txLost reports whether a transaction was cancelled because a condition
// failed or another transaction held one of its items: a lost race, which
// the caller resolves by reading again. Throttles and capacity errors are
// not races.
func txLost(tx *types.TransactionCanceledException) bool {
	for _, r := range tx.CancellationReasons {
		switch aws.ToString(r.Code) {
		case "ConditionalCheckFailed", "TransactionConflict":
			return true
		}
	}
	return false
}

// txReason returns the cancellation code of item i of a cancelled
// transaction, and the item as it was when DynamoDB returned it; "" when
// err is no cancelled transaction.
func txReason(err error, i int) (string, attrMap) {
	var tx *types.TransactionCanceledException
	if !errors.As(err, &tx) || i >= len(tx.CancellationReasons) {
		return "", nil
	}
	r := tx.CancellationReasons[i]
	return aws.ToString(r.Code), r.Item
}

// tooLarge reports whether DynamoDB refused an item over its 400 KB limit,
// which no retry will mend; a transaction may report it for one item.
func tooLarge(err error) bool {
	var tx *types.TransactionCanceledException
	if errors.As(err, &tx) {
		for _, r := range tx.CancellationReasons {
			if aws.ToString(r.Code) == "ValidationError" && mentionsSize(aws.ToString(r.Message)) {
				return true
			}
		}
		return false
	}
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == "ValidationException" &&
		mentionsSize(api.ErrorMessage())
}

func mentionsSize(msg string) bool { return strings.Contains(strings.ToLower(msg), "size") }
