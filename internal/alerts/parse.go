package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// bodyParser reads a tool's request from its body alone.
type bodyParser func(body []byte) (*herald.Parsed, error)

// fromBody makes a herald.AlertParser of a parser that needs only the body.
func fromBody(p bodyParser) herald.AlertParser {
	return func(_ context.Context, in *herald.Intake) (*herald.Parsed, error) {
		return p(in.Body)
	}
}

// decodeBody reads a JSON object into v, tolerating fields v lacks.
func decodeBody(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return badBody(err)
	}
	return nil
}

// alerts returns a Parsed holding as.
func alerts(as ...herald.Alert) *herald.Parsed { return &herald.Parsed{Alerts: as} }

// test returns the answer to a tool's test message, ping or handshake.
func test(format string, args ...any) *herald.Parsed {
	return &herald.Parsed{Notice: fmt.Sprintf(format, args...), Test: true}
}

// ignored returns the answer to an event Herald has no use for.
func ignored(format string, args ...any) *herald.Parsed {
	return &herald.Parsed{Notice: fmt.Sprintf(format, args...)}
}

// state reads the usual words for firing and recovered.
func state(s string) (herald.AlertState, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "firing", "alerting", "triggered", "open", "down", "problem", "alarm", "1":
		return herald.Firing, nil
	case "resolved", "ok", "recovered", "closed", "up", "0":
		return herald.Recovered, nil
	}
	return "", fmt.Errorf("must be firing or resolved, not %q", clipped(s))
}

// first returns the first of ss that is not blank, trimmed.
func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// labelHash is a short hash of a label set, for tools that send no id.
func labelHash(labels map[string]string) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		fmt.Fprintf(h, "%s=%q\n", k, labels[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// addTags adds tags to labels: "key:value" as key=value, a bare tag as
// tag=true. Blank tags are skipped.
func addTags(labels map[string]string, tags ...string) {
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if k, v, ok := strings.Cut(t, ":"); ok && k != "" {
			labels[strings.TrimSpace(k)] = strings.TrimSpace(v)
		} else {
			labels[t] = "true"
		}
	}
}

// setLabel sets a label if its value is not blank.
func setLabel(labels map[string]string, name, value string) {
	if value = strings.TrimSpace(value); value != "" {
		labels[name] = value
	}
}

func invalid(field, msg string) error {
	return &herald.Error{Code: herald.EINVALID, Field: field, Message: field + " " + msg}
}

func badBody(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return &herald.Error{Code: herald.EINVALID, Field: te.Field,
			Message: te.Field + " has the wrong type", Err: err}
	}
	return &herald.Error{Code: herald.EINVALID, Message: "the body is not valid JSON", Err: err}
}

func clipped(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
