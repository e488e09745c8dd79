// Package api serves copse's JSON API under /api/v1, as CONTRACT.md fixes it and
// openapi.json describes it.
package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// list is the shape of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func listOf[T any](p copse.Page[T]) list[T] {
	if p.Items == nil {
		p.Items = []T{}
	}
	return list[T]{Items: p.Items, NextCursor: p.Next}
}

// limit reads the ?limit= of a list request.
func limit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > copse.MaxLimit {
		return 0, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"limit": "must be a whole number from 1 to " + strconv.Itoa(copse.MaxLimit)}}
	}
	return n, nil
}

// notMatched answers requests under /api/v1/ that match no route with a problem
// rather than the mux's plain text: 405 with an Allow header when the path exists
// with other methods, else 404.
func notMatched(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			httpx.Error(w, r, copse.Errorf(httpx.EMETHOD, "%s is not allowed here; use %s.", r.Method, strings.Join(allow, " or ")))
			return
		}
		httpx.Error(w, r, copse.Errorf(copse.ENOTFOUND, "There is no API at %s; see /api/v1/openapi.json.", r.URL.Path))
	})
}

// Handler returns the API's handler for everything under /api/v1/.
func Handler(db *store.DB) http.Handler {
	mux := http.NewServeMux()
	for _, rt := range routeTable(db) {
		httpx.Handle(mux, rt.pattern, rt.handler)
	}
	return notMatched(mux)
}
