// Package httpx holds what the web pages and the JSON API share: mapping errors to
// HTTP statuses (once), RFC 9457 problem responses, strict JSON decoding, and the
// middleware every request passes through.
package httpx

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
)

// statuses maps error codes to HTTP statuses: the one place this is decided.
var statuses = map[string]int{
	copse.ECONFLICT:       http.StatusConflict,
	copse.EINVALID:        http.StatusUnprocessableEntity,
	copse.ENOTFOUND:       http.StatusNotFound,
	copse.EUNAUTHORIZED:   http.StatusUnauthorized,
	copse.EFORBIDDEN:      http.StatusForbidden,
	copse.ETOOMANYREQUEST: http.StatusTooManyRequests,
	copse.EINTERNAL:       http.StatusInternalServerError,
	ETOOLARGE:             http.StatusRequestEntityTooLarge,
	EMEDIATYPE:            http.StatusUnsupportedMediaType,
	EMALFORMED:            http.StatusBadRequest,
	EMETHOD:               http.StatusMethodNotAllowed,
}

// Codes for what only HTTP can get wrong.
const (
	ETOOLARGE  = "too_large"
	EMEDIATYPE = "unsupported_media_type"
	EMALFORMED = "malformed"
	EMETHOD    = "method_not_allowed"
)

// Status returns the HTTP status for err.
func Status(err error) int {
	if s, ok := statuses[copse.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail"`
	Errors map[string]string `json:"errors,omitempty"`
}

// ProblemType is the base of problem type URIs; each names its error code.
const ProblemType = "https://copse.dev/problems/"

// StatusClientGone is what the logs say of a request whose reader hung up before
// its answer was ready (nginx's 499): whatever failed then is nothing to fix.
const StatusClientGone = 499

// ClientGone answers a request whose reader has gone, and reports whether it had.
func ClientGone(w http.ResponseWriter, r *http.Request) bool {
	if r.Context().Err() == nil {
		return false
	}
	w.WriteHeader(StatusClientGone)
	return true
}

// Error writes err as application/problem+json and logs it when it is ours to fix.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	if ClientGone(w, r) {
		return
	}
	status := Status(err)
	if status >= 500 {
		slog.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	code := copse.ErrorCode(err)
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(15*60))
	}
	p := Problem{
		Type:   ProblemType + code,
		Title:  http.StatusText(status),
		Status: status,
		Detail: copse.ErrorMessage(err),
		Errors: copse.ErrorFields(err),
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p) //nolint:errchkjson // the client went away; nothing to do
}

// JSON writes v as JSON with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errchkjson // the client went away; nothing to do
}
