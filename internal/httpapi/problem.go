package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// Codes of failures that only the HTTP layer meets; herald's codes name
// all the others.
const (
	codeTooLarge  = "too_large"              // the body is over maxBody (413)
	codeMediaType = "unsupported_media_type" // the body is not JSON (415)
	codeNoMethod  = "method_not_allowed"     // the path exists, the method not (405)
)

// retryAfter is how many seconds a client should wait after a 503.
const retryAfter = 5

// statusOf maps an error code to its HTTP status. It is the only place that
// does.
func statusOf(code string) int {
	switch code {
	case herald.EINVALID:
		return http.StatusBadRequest
	case herald.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case herald.EFORBIDDEN:
		return http.StatusForbidden
	case herald.ENOTFOUND:
		return http.StatusNotFound
	case codeNoMethod:
		return http.StatusMethodNotAllowed
	case herald.ECONFLICT:
		return http.StatusConflict
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeMediaType:
		return http.StatusUnsupportedMediaType
	case herald.EUNPROCESSABLE:
		return http.StatusUnprocessableEntity
	case herald.ETOOMANY:
		return http.StatusTooManyRequests
	case herald.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// problem is an RFC 9457 problem details object. Its type is always
// about:blank, so its title is the status's own phrase; code tells
// Herald's failures apart and field names the input at fault.
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Code      string `json:"code"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// writeError reports err to the client as application/problem+json. A
// failure of Herald itself is logged here, the only place it is logged,
// and the client learns only its request id.
func (a *api) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := herald.ErrorCode(err)
	status := statusOf(code)
	id := requestID(r.Context())
	p := problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code,
		Detail: herald.ErrorMessage(err), Field: herald.ErrorField(err), RequestID: id,
	}
	if p.Field != "" && !strings.HasPrefix(p.Detail, p.Field) {
		// The service words messages for the field ("is required").
		p.Detail = p.Field + ": " + p.Detail
	}
	if status == http.StatusInternalServerError {
		p.Code, p.Field = herald.EINTERNAL, ""
		p.Detail = "Herald failed to handle the request; quote request id " + id +
			" when reporting it"
	}
	if status >= 500 {
		a.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("request_id", id), slog.String("code", p.Code),
			slog.String("error", err.Error()))
	}

	h := w.Header()
	switch status {
	case http.StatusUnauthorized:
		h.Set("WWW-Authenticate", `Bearer realm="herald"`)
	case http.StatusServiceUnavailable:
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	case http.StatusTooManyRequests:
		// The sign-up limits count per hour.
		h.Set("Retry-After", "3600")
	}
	body, _ := json.Marshal(p) // strings and ints always marshal
	h.Set("Content-Type", "application/problem+json")
	h.Del("Content-Length")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// invalid returns an EINVALID error about field.
func invalid(field, msg string) error {
	return &herald.Error{Code: herald.EINVALID, Field: field, Message: msg}
}
