package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/herald-status/herald/internal/herald"
)

type requestIDKey struct{}

// requestID returns the id of the request ctx belongs to.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// goodRequestID is what a caller's X-Request-Id must look like to be kept:
// short, and safe to put in a log line or a header.
var goodRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,100}$`)

// edge wraps a router's mux in what every request goes through: a request
// id, security headers, panic recovery, problem+json for unknown routes and
// one log line.
func (a *api) edge(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !goodRequestID.MatchString(id) {
			id = herald.RandomToken(12)
		}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		_, pattern := mux.Handler(r)

		rec := &recorder{ResponseWriter: w}
		rec.Header().Set("X-Request-Id", id)
		a.securityHeaders(rec.Header())

		defer a.logRequest(r, pattern, rec, start)
		defer a.recoverPanic(rec, r)
		if pattern == "" {
			mux.ServeHTTP(&missWriter{ResponseWriter: rec, a: a, r: r}, r)
			return
		}
		mux.ServeHTTP(rec, r)
	})
}

// securityHeaders sets the headers every response carries. API responses
// are private data: never cached, never rendered as a document.
func (a *api) securityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if a.public {
		h.Set("Content-Security-Policy", siteCSP)
		return
	}
	h.Set("Content-Security-Policy", apiCSP)
	h.Set("Cache-Control", "no-store")
}

// logRequest writes the one line a request gets. It names the route's
// pattern, never the path or query, so no key or address reaches the log.
func (a *api) logRequest(r *http.Request, pattern string, rec *recorder, start time.Time) {
	_, route, _ := strings.Cut(pattern, " ")
	status := rec.status
	if status == 0 {
		status = http.StatusOK // the handler wrote nothing; net/http answers 200
	}
	a.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("request_id", requestID(r.Context())))
}

// recoverPanic turns a handler's panic into a 500 problem, logged once.
func (a *api) recoverPanic(rec *recorder, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
	if rec.status != 0 {
		// Too late for a problem: the response has begun.
		a.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("request_id", requestID(r.Context())), slog.String("error", err.Error()))
		return
	}
	a.writeError(rec, r, err)
}

// recorder notes the status a handler answered with.
type recorder struct {
	http.ResponseWriter
	status int
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// missWriter replaces the mux's plain-text answer to a request no route
// matches with a problem, keeping the Allow header of a 405.
type missWriter struct {
	http.ResponseWriter
	a       *api
	r       *http.Request
	swallow bool
}

func (m *missWriter) WriteHeader(code int) {
	switch code {
	case http.StatusNotFound:
		m.swallow = true
		m.a.writeError(m.ResponseWriter, m.r, herald.Errorf(herald.ENOTFOUND,
			"there is no such route; see /v1/openapi.yaml"))
	case http.StatusMethodNotAllowed:
		m.swallow = true
		m.a.writeError(m.ResponseWriter, m.r, herald.Errorf(codeNoMethod,
			"this route does not take %s; see the Allow header", m.r.Method))
	default:
		m.ResponseWriter.WriteHeader(code)
	}
}

func (m *missWriter) Write(b []byte) (int, error) {
	if m.swallow {
		return len(b), nil
	}
	return m.ResponseWriter.Write(b)
}
