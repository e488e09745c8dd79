package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/copse-dev/copse"
)

// MaxJSONBody caps an API request body. A community charter is at most 20,000
// characters, well under this.
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON request body into v strictly: the content type must be
// JSON, the body at most MaxJSONBody, unknown fields are refused by name, and there
// must be exactly one JSON value.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" && !strings.HasSuffix(mt, "+json") {
			return copse.Errorf(EMEDIATYPE, "Send the body as application/json, not %q.", ct)
		}
	} else if r.ContentLength != 0 {
		return copse.Errorf(EMEDIATYPE, "Send the body as application/json and say so in the Content-Type header.")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return copse.Errorf(EMALFORMED, "The body must hold a single JSON value; there is more after it.")
	}
	return nil
}

func decodeError(err error) error {
	var (
		syntax   *json.SyntaxError
		typeErr  *json.UnmarshalTypeError
		tooLarge *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooLarge):
		return copse.Errorf(ETOOLARGE, "The body is larger than %d bytes.", tooLarge.Limit)
	case errors.As(err, &syntax):
		return copse.Errorf(EMALFORMED, "The body is not valid JSON: %s (at byte %d).", syntax.Error(), syntax.Offset)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return copse.Errorf(EMALFORMED, "The body must be a JSON object.")
		}
		return copse.Errorf(EMALFORMED, "The field %q must be a JSON %s, not %s.", field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.Is(err, io.EOF):
		return copse.Errorf(EMALFORMED, "The body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return copse.Errorf(EMALFORMED, "The body is not valid JSON: it ends too soon.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return copse.Errorf(EMALFORMED, "The field %s is not known here; check its spelling against /api/v1/openapi.json.", name)
	}
	return copse.Errorf(EMALFORMED, "The body could not be read: %v.", err)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "map", "struct", "ptr":
		return "object"
	}
	if strings.HasPrefix(k, "int") || strings.HasPrefix(k, "uint") || strings.HasPrefix(k, "float") {
		return "number"
	}
	return fmt.Sprint(k)
}
