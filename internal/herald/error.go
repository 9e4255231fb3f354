package herald

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the httpapi package; nothing
// else in Herald needs to know about HTTP.
const (
	EINVALID       = "invalid"       // the request itself is malformed (400)
	EUNAUTHORIZED  = "unauthorized"  // no key, or a wrong one (401)
	EFORBIDDEN     = "forbidden"     // a key that may not do this (403)
	ENOTFOUND      = "not_found"     // the thing named does not exist (404)
	ECONFLICT      = "conflict"      // the thing exists, or changed under us (409)
	EUNPROCESSABLE = "unprocessable" // well-formed but breaks a rule (422)
	ETOOMANY       = "too_many"      // a rate limit was hit (429)
	EUNAVAILABLE   = "unavailable"   // a dependency failed; try again (503)
	EINTERNAL      = "internal"      // a bug; never shown in detail (500)
)

// Error is the one error type of Herald. Code says what kind of failure it
// is, Message is safe to show to the caller, and Field names the input that
// is wrong, as a JSON pointer-like path such as "components[1].status".
type Error struct {
	Code    string
	Message string
	Field   string
	Err     error // the underlying cause, never shown to a caller
}

// Error implements the error interface.
func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EUNPROCESSABLE error about one field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EUNPROCESSABLE, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Unavailable wraps a dependency failure (a store or a sender) so that the
// caller learns to retry without learning what broke.
func Unavailable(err error, what string) *Error {
	return &Error{Code: EUNAVAILABLE, Message: what + " is unavailable, try again", Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain: "" for nil,
// EINTERNAL for an error that is not one of ours.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorField returns the field that err is about, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// IsConflict reports whether err is an ECONFLICT error, the answer every
// store gives when a conditional write loses.
func IsConflict(err error) bool { return ErrorCode(err) == ECONFLICT }

// IsNotFound reports whether err is an ENOTFOUND error.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
