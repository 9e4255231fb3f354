package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/herald-status/herald/internal/herald"
)

// writeJSON answers with v as JSON. It fails only if v cannot be encoded,
// before anything is written, so the caller can still report a problem.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
	return nil
}

// created answers 201 with v, and the new resource's address.
func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	return writeJSON(w, http.StatusCreated, v)
}

// list is the body of every list response. NextCursor, when present, asks
// for the next page; it is absent on the last one.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// newList returns a list that encodes no items as [] rather than null.
func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}

// listOptions reads ?limit= and ?cursor=. A limit must be a whole number
// from 1 to most; without one the service picks its default.
func listOptions(r *http.Request, most int) (herald.ListOptions, error) {
	o := herald.ListOptions{Cursor: r.URL.Query().Get("cursor")}
	n, err := queryLimit(r, most, 0)
	o.Limit = n
	return o, err
}

// queryLimit reads ?limit=, a whole number from 1 to most; without one it
// is def.
func queryLimit(r *http.Request, most, def int) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > most {
		return def, invalid("limit", fmt.Sprintf("limit must be a whole number from 1 to %d", most))
	}
	return n, nil
}
