package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// position describes a byte offset of body as a person finds it: line,
// column and offset.
func position(body []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(body)))
	before := body[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, offset)
}

// jsonKind names, in JSON's terms, the Go type a value had to fit.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	}
	return "an object"
}

// failingField finds the top-level field of body that does not decode into
// a fresh value of v's type, and the Go type of that field. It is used only
// when the decoder's own error names no field, as a field's UnmarshalJSON
// error does.
func failingField(body []byte, v any) (field, goType string) {
	var raw map[string]json.RawMessage
	if v == nil || json.Unmarshal(body, &raw) != nil {
		return "", ""
	}
	t := reflect.TypeOf(v).Elem()
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		one, _ := json.Marshal(map[string]json.RawMessage{name: raw[name]})
		if json.Unmarshal(one, reflect.New(t).Interface()) != nil {
			return name, fieldType(t, name)
		}
	}
	return "", ""
}

// fieldType returns the Go type of the field of struct type t that JSON
// calls name.
func fieldType(t reflect.Type, name string) string {
	if t.Kind() != reflect.Struct {
		return ""
	}
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name {
			return f.Type.String()
		}
	}
	return ""
}
