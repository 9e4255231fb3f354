package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/herald-status/herald/internal/herald"
)

// maxBody is the largest request body Herald reads.
const maxBody = 1 << 20

// readBody returns the request's body after checking that it is JSON and
// at most maxBody bytes long.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !isJSON(mt) {
		return nil, herald.Errorf(codeMediaType, "send the body as application/json")
	}
	return readLimited(w, r)
}

// readLimited reads a request body of at most maxBody bytes.
func readLimited(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, herald.Errorf(codeTooLarge, "the body must be at most %d bytes", maxBody)
	}
	if err != nil {
		return nil, &herald.Error{Code: herald.EINVALID, Message: "the body could not be read",
			Err: err}
	}
	return body, nil
}

// isJSON reports whether a media type is JSON: application/json or a
// structured syntax such as application/merge-patch+json.
func isJSON(mt string) bool {
	return mt == "application/json" ||
		strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// decode reads the request's body into v, strictly: one JSON object, with
// no field that v does not have and nothing after it.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(body, v)
}

// decodeOptional is decode for a body that may be left out: a request
// without one, or with an empty one, leaves v as it is.
func decodeOptional(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	body, err := readBody(w, r)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return err
	}
	return decodeStrict(body, v)
}

// decodeStrict is decode once the body is read.
func decodeStrict(body []byte, v any) error {
	if err := checkObject(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(body, v, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		end += int64(len(body[end:]) - len(bytes.TrimLeft(body[end:], " \t\r\n")))
		return invalid("", fmt.Sprintf("the body must hold one JSON object; "+
			"more follows it at %s", position(body, end)))
	}
	return nil
}

// checkObject checks that body is well-formed JSON and an object, naming
// where it goes wrong if not.
func checkObject(body []byte) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return invalid("", "the body is empty; send a JSON object")
	}
	var raw json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&raw); err != nil {
		return decodeError(body, nil, err)
	}
	if trimmed[0] != '{' {
		return invalid("", "the body must be a JSON object")
	}
	return nil
}

// decodeError explains why body did not decode into v.
func decodeError(body []byte, v any, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// The offset counts the bytes read, the one at fault included.
		return invalid("", fmt.Sprintf("malformed JSON at %s: %s",
			position(body, syntax.Offset-1), syntax.Error()))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return invalid("", fmt.Sprintf("malformed JSON: the body ends at %s, inside a value",
			position(body, int64(len(body)))))
	case errors.As(err, &typ) && typ.Field == "":
		return invalid("", "the body must be a JSON object")
	case errors.As(err, &typ):
		return invalid(typ.Field, fmt.Sprintf("%s must be %s, not %s",
			typ.Field, jsonKind(typ.Type), typ.Value))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return invalid(name, fmt.Sprintf("%s is not a field of this request", name))
	}
	// A field's own UnmarshalJSON failed, which names no field: find it.
	field, goType := failingField(body, v)
	if strings.Contains(goType, "time.Time") {
		return invalid(field, fmt.Sprintf("%s must be an RFC 3339 time such as "+
			"2026-01-02T15:04:05Z", field))
	}
	return invalid(field, fmt.Sprintf("%s has a value of the wrong type", field))
}
