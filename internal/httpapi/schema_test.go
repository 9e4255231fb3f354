package httpapi_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

// validate checks a decoded JSON value against the subset of JSON Schema
// that openapi.yaml uses, and returns what does not fit.
func validate(t *testing.T, schema, v any, at string) []string {
	s := resolve(t, schema)
	if s == nil {
		return nil
	}
	if alts, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, alt := range alts {
			if len(validate(t, alt, v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			return []string{fmt.Sprintf("%s fits %d of the oneOf schemas, not 1", at, n)}
		}
	}
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(v) {
		return []string{fmt.Sprintf("%s is %v, not %v", at, v, c)}
	}
	if enum, ok := s["enum"].([]any); ok &&
		!slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		return []string{fmt.Sprintf("%s is %v, not one of %v", at, v, enum)}
	}
	if types := typesOf(s["type"]); len(types) > 0 &&
		!slices.ContainsFunc(types, func(ty string) bool { return isType(ty, v) }) {
		return []string{fmt.Sprintf("%s is %T, not %v", at, v, types)}
	}
	switch x := v.(type) {
	case map[string]any:
		return validateObject(t, s, x, at)
	case []any:
		var errs []string
		for i, item := range x {
			errs = append(errs, validate(t, s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return errs
	case string:
		if _, err := time.Parse(time.RFC3339Nano, x); s["format"] == "date-time" && err != nil {
			return []string{fmt.Sprintf("%s is %q, not an RFC 3339 time", at, x)}
		}
	}
	return nil
}

func validateObject(t *testing.T, s map[string]any, x map[string]any, at string) []string {
	var errs []string
	props, _ := s["properties"].(map[string]any)
	required, _ := s["required"].([]any)
	for _, name := range required {
		if _, ok := x[name.(string)]; !ok {
			errs = append(errs, fmt.Sprintf("%s lacks required %s", at, name))
		}
	}
	for name, val := range x {
		p, ok := props[name]
		if !ok {
			if s["additionalProperties"] == false {
				errs = append(errs, fmt.Sprintf("%s has undocumented %s", at, name))
			}
			continue
		}
		errs = append(errs, validate(t, p, val, at+"."+name)...)
	}
	return errs
}

func typesOf(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, ty := range x {
			out[i] = ty.(string)
		}
		return out
	}
	return nil
}

func isType(ty string, v any) bool {
	switch ty {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	case "number":
		_, ok := v.(float64)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	return false
}
