package web

import (
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
)

// errorPage is the data of the page shown when a request cannot be served.
type errorPage struct {
	layout
	Status    int
	Heading   string
	Message   string
	SignIn    string   // the sign-in link with ?next=, for 401
	RequestID string   // for 500, so a report can be matched to the log
	Fields    []string // for 422, what was wrong in the address
}

// fail shows the friendly error page for err, with its status. A reader who is not
// signed in and asks for a page that needs it is sent to sign in instead, and back.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(rw, r) {
		return
	}
	status := httpx.Status(err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		redirect(rw, r, signInURL(r.URL.RequestURI()))
		return
	}
	p := &errorPage{Status: status, Message: copse.ErrorMessage(err)}
	switch status {
	case http.StatusNotFound:
		p.Heading = "Page not found"
		p.Message = "There is nothing at this address, or it is not shared with you. Check the address, or find it in the directory."
	case http.StatusUnauthorized:
		p.Heading = "Sign in to do this"
		p.SignIn = signInURL(backTo(r))
	case http.StatusForbidden:
		p.Heading = "You cannot do this"
	case http.StatusConflict:
		p.Heading = "This cannot be done now"
	case http.StatusRequestEntityTooLarge:
		p.Heading = "That was too much to send"
		p.Message = "The form was larger than copse accepts. Shorten the longest text and try again."
	case http.StatusTooManyRequests:
		p.Heading = "Too many attempts"
		rw.Header().Set("Retry-After", "900")
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		p.Heading = "Something in the address is not right"
		for _, k := range slices.Sorted(maps.Keys(copse.ErrorFields(err))) {
			p.Fields = append(p.Fields, k+" "+copse.ErrorFields(err)[k])
		}
	default:
		p.Heading = "Sorry, something went wrong on our side"
		p.RequestID = httpx.RequestID(r.Context())
		slog.ErrorContext(r.Context(), "page failed", "err", err, "method", r.Method, "path", r.URL.Path)
	}
	w.render(rw, r, status, "error", p)
}

// notFound is the page for unknown paths (the catch-all route).
func (w *Web) notFound() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "Page not found."))
	})
}

// signInURL is the sign-in page that brings the reader back to next afterwards.
func signInURL(next string) string {
	next = localNext(next, "/")
	if next == "/" {
		return "/signin"
	}
	return "/signin?next=" + url.QueryEscape(next)
}

// backTo is where a reader should return to after signing in when a POST needed it:
// the page the form was on, when the browser says so and it is ours.
func backTo(r *http.Request) string {
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		return localNext(ref.RequestURI(), "/")
	}
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	return "/"
}

// tooLarge reports whether err came from a body larger than MaxBytesReader allows.
func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
