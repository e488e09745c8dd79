package httpx

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/copse-dev/copse/internal/auth"
)

type infoKey struct{}

// info is what inner handlers tell the outer logging middleware about a request.
type info struct {
	route string
	user  string
}

// Handle registers h on mux and records the matched pattern for Observe. Going
// through here is how a route gets its own label in the metrics and logs even when
// it sits behind a sub-mux or a middleware that copied the request.
func Handle(mux *http.ServeMux, pattern string, h http.Handler) {
	mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if i, ok := r.Context().Value(infoKey{}).(*info); ok {
			i.route = pattern
		}
		h.ServeHTTP(w, r)
	}))
}

func withInfo(r *http.Request) (*http.Request, *info) {
	i := new(info)
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, i)), i
}

// Route returns the route pattern that served the request so far ("" if none).
func Route(ctx context.Context) string {
	if i, ok := ctx.Value(infoKey{}).(*info); ok {
		return i.route
	}
	return ""
}

// NoteRoute records the route of a request answered without reaching its handler
// (from a cache), so that it is counted under its own route.
func NoteRoute(ctx context.Context, route string) {
	if i, ok := ctx.Value(infoKey{}).(*info); ok {
		i.route = route
	}
}

// NoteUser tells the request log who is signed in.
func NoteUser(ctx context.Context, handle string) {
	if i, ok := ctx.Value(infoKey{}).(*info); ok {
		i.user = handle
	}
}

// Cookies names and sets the session cookie. On https it is a __Host- cookie
// (Secure, no Domain, Path=/), so neither a subdomain nor plain http can plant or
// read it; always HttpOnly and SameSite=Lax.
type Cookies struct{ Secure bool }

// Name is the session cookie's name.
func (c Cookies) Name() string {
	if c.Secure {
		return "__Host-copse_session"
	}
	return "copse_session"
}

// Set stores the session token in the cookie.
func (c Cookies) Set(w http.ResponseWriter, token string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: c.Name(), Value: token, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// Clear removes the session cookie.
func (c Cookies) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: c.Name(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// Session returns the session token of the request, if any.
func (c Cookies) Session(r *http.Request) string {
	if ck, err := r.Cookie(c.Name()); err == nil && strings.HasPrefix(ck.Value, "cs_") {
		return ck.Value
	}
	return ""
}

// BearerToken returns the API token of an Authorization: Bearer header.
func BearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, strings.HasPrefix(token, auth.APITokenPrefix)
}
