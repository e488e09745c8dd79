package web

import (
	"net/http"

	"github.com/copse-dev/copse/internal/httpx"
)

// Routes registers every page on mux. Each route names its method; the catch-all
// "/" comes last and answers unknown paths with the not-found page.
func (w *Web) Routes(mux *http.ServeMux) {
	routes := []struct {
		pattern string
		handler http.Handler
	}{
		{"GET /{$}", w.handleHome()},
		{"GET /static/{hash}/{name}", w.static.serve()},

		{"GET /communities", w.handleDirectory()},
		{"GET /communities/new", w.handleCommunityNew()},
		{"POST /communities", w.handleCommunityCreate()},
		{"GET /communities/{slug}", w.handleCommunity()},
		{"GET /communities/{slug}/edit", w.handleCommunityEdit()},
		{"POST /communities/{slug}/edit", w.handleCommunityUpdate()},
		{"GET /communities/{slug}/archive", w.handleArchiveConfirm()},
		{"POST /communities/{slug}/archive", w.handleArchive(true)},
		{"POST /communities/{slug}/restore", w.handleArchive(false)},

		{"POST /communities/{slug}/join", w.handleJoin()},
		{"POST /communities/{slug}/leave", w.handleLeave()},
		{"POST /communities/{slug}/interest", w.handleInterest(true)},
		{"POST /communities/{slug}/interest/withdraw", w.handleInterest(false)},

		{"GET /communities/{slug}/members", w.handleMembers()},
		{"POST /communities/{slug}/members", w.handleMemberAdd()},
		{"POST /communities/{slug}/members/{handle}/role", w.handleMemberRole()},
		{"POST /communities/{slug}/members/{handle}/remove", w.handleMemberRemove()},

		{"GET /people/{handle}", w.handlePerson()},

		{"GET /signin", w.handleSignInForm()},
		{"POST /signin", w.handleSignIn()},
		{"POST /signout", w.handleSignOut()},
		{"GET /setup", w.handleSetupForm()},
		{"POST /setup", w.handleSetup()},

		{"GET /account", w.handleAccount()},
		{"POST /account", w.handleProfileUpdate()},
		{"POST /account/password", w.handlePasswordChange()},

		{"GET /admin", w.handleAdmin()},
		{"POST /admin", w.handleSettingsUpdate()},
		{"POST /admin/people", w.handlePersonCreate()},

		{"/", w.notFound()},
	}
	for _, rt := range routes {
		httpx.Handle(mux, rt.pattern, rt.handler)
	}
}
