package api

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openapi []byte

func handleOpenAPI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(openapi)
	})
}
