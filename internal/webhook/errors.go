package webhook

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"

	"github.com/herald-status/herald/internal/herald"
)

// parseTarget checks a subscriber's webhook URL before anything is sent.
func parseTarget(addr string) (*url.URL, error) {
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, herald.Errorf(herald.EUNPROCESSABLE,
			"the webhook address is not an http or https URL without credentials")
	}
	return u, nil
}

// statusError maps the receiver's answer to the error Send returns.
func statusError(code int) error {
	answer := "the webhook receiver answered " + strconv.Itoa(code) + " " + http.StatusText(code)
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		return herald.Errorf(herald.EUNAVAILABLE, "%s; will retry", answer)
	}
	return herald.Errorf(herald.EUNPROCESSABLE, "%s", answer)
}

// transportError maps a failed exchange to the error Send returns. The
// client's own error names the whole URL; the one kept as the cause names
// only its scheme and host.
func transportError(target *url.URL, err error) error {
	cause := redact(target, err)
	switch {
	case errors.Is(err, errRefusedAddress):
		return &herald.Error{Code: herald.EFORBIDDEN, Err: cause, Message: "the webhook address " +
			"resolves to a loopback, private, link-local or reserved network address"}
	case errors.Is(err, errRedirect):
		return &herald.Error{Code: herald.EUNPROCESSABLE, Err: cause, Message: "the webhook " +
			"receiver redirected elsewhere than a 307 or 308 to the same host; use the final URL"}
	case isTimeout(err):
		return &herald.Error{Code: herald.EUNAVAILABLE, Err: cause,
			Message: "the webhook receiver did not answer in time; will retry"}
	}
	return &herald.Error{Code: herald.EUNAVAILABLE, Err: cause,
		Message: "the webhook receiver could not be reached; will retry"}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// redact returns err with every URL in it cut to scheme and host.
func redact(target *url.URL, err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	inner := ue.Err
	if errors.Is(inner, errRedirect) {
		inner = errRedirect // the redirect's location is no one's business either
	}
	return &url.Error{Op: ue.Op, URL: target.Scheme + "://" + target.Host, Err: inner}
}
