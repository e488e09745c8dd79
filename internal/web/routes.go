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

		{"GET /communities/{slug}/board", w.handleBoard()},
		{"GET /communities/{slug}/board/categories", w.handleCategories()},
		{"POST /communities/{slug}/board/categories", w.handleCategoriesSave()},
		{"POST /communities/{slug}/topics", w.handleTopicCreate()},
		{"GET /communities/{slug}/topics/{id}", w.handleTopic()},
		{"POST /communities/{slug}/topics/{id}/edit", w.handleTopicEdit()},
		{"POST /communities/{slug}/topics/{id}/vote", w.handleTopicVote(true)},
		{"POST /communities/{slug}/topics/{id}/unvote", w.handleTopicVote(false)},
		{"POST /communities/{slug}/topics/{id}/move", w.handleTopicMove()},

		{"GET /communities/{slug}/meetings", w.handleMeetings()},
		{"GET /communities/{slug}/meetings/new", w.handleMeetingNew()},
		{"POST /communities/{slug}/meetings", w.handleMeetingCreate()},
		{"GET /communities/{slug}/meetings/{id}", w.handleMeeting()},
		{"GET /communities/{slug}/meetings/{id}/edit", w.handleMeetingEdit()},
		{"POST /communities/{slug}/meetings/{id}/edit", w.handleMeetingUpdate()},
		{"POST /communities/{slug}/meetings/{id}/agenda", w.handleAgenda()},
		{"POST /communities/{slug}/meetings/{id}/record", w.handleRecord()},
		{"POST /communities/{slug}/meetings/{id}/rsvp", w.handleMeetingRSVP()},
		{"POST /communities/{slug}/meetings/{id}/cancel", w.handleMeetingCancel()},
		{"POST /communities/{slug}/meetings/{id}/restore", w.handleMeetingRestore()},
		{"GET /communities/{slug}/occurrences/{at}", w.handleOccurrence()},
		{"POST /communities/{slug}/occurrences/{at}", w.handlePrepare()},
		{"GET /communities/{slug}/calendar.ics", w.handleCommunityCalendar()},
		{"GET /calendar/{file}", w.handlePersonalCalendar()},

		{"GET /library", w.handleLibrary(false)},
		{"GET /library/new", w.handleResourceNew()},
		{"POST /library", w.handleResourceCreate()},
		{"GET /library/review", w.handleLibrary(true)},
		{"POST /library/review/period", w.handleReviewPeriod()},
		{"GET /library/duplicates", w.handleDuplicates()},
		{"POST /library/duplicates/merge", w.handleMerge()},
		{"GET /library/{id}", w.handleResource()},
		{"GET /library/{id}/edit", w.handleResourceEdit()},
		{"POST /library/{id}/edit", w.handleResourceUpdate()},
		{"POST /library/{id}/reviewed", w.handleResourceReviewed()},
		{"GET /search", w.handleSearch()},
		{"GET /admin/import", w.handleImportForm()},
		{"POST /admin/import", w.handleImport()},

		{"GET /people/{handle}", w.handlePerson()},

		{"GET /signin", w.handleSignInForm()},
		{"POST /signin", w.handleSignIn()},
		{"POST /signout", w.handleSignOut()},
		{"GET /signin/sso/{provider}", w.handleSSOStart()},
		{"GET /signin/sso/{provider}/callback", w.handleSSOCallback()},
		{"GET /signin/link", w.handleLinkPage()},
		{"POST /signin/link/mail", w.handleLinkMail()},
		{"GET /signin/link/confirm", w.handleLinkConfirmPage()},
		{"POST /signin/link/confirm", w.handleLinkConfirm()},
		{"POST /signin/link/cancel", w.handleLinkCancel()},
		{"GET /setup", w.handleSetupForm()},
		{"POST /setup", w.handleSetup()},

		{"GET /account", w.handleAccount()},
		{"POST /account", w.handleProfileUpdate()},
		{"POST /account/password", w.handlePasswordChange()},
		{"GET /account/calendar", w.handleCalendarAccount()},
		{"POST /account/calendar", w.handleCalendarToken()},
		{"POST /account/calendar/revoke", w.handleCalendarRevoke()},
		{"GET /account/identities", w.handleIdentities()},
		{"POST /account/identities/{id}/remove", w.handleIdentityRemove()},

		{"GET /admin", w.handleAdmin()},
		{"POST /admin", w.handleSettingsUpdate()},
		{"POST /admin/people", w.handlePersonCreate()},
		{"GET /admin/people", w.handleAdminPeople()},
		{"POST /admin/people/{handle}/flags", w.handlePersonFlag()},
		{"GET /admin/sso", w.handleAdminSSO()},
		{"POST /admin/sso/rules", w.handleRuleCreate()},
		{"POST /admin/sso/rules/{id}/delete", w.handleRuleDelete()},
		{"POST /admin/sso/local", w.handleLocalAccounts()},

		{"GET /communities/{slug}/announcements", w.handleAnnouncements()},
		{"POST /communities/{slug}/announcements", w.handleAnnounce()},
		{"POST /communities/{slug}/subscribe", w.handleSubscribe()},
		{"GET /communities/{slug}/feed.atom", w.handleCommunityFeed()},
		{"GET /feed.atom", w.handleSiteFeed()},
		{"GET /subscriptions/confirm", w.handleConfirmForm()},
		{"POST /subscriptions/confirm", w.handleConfirm()},
		{"GET /unsubscribe", w.handleUnsubscribeForm()},
		{"POST /unsubscribe", w.handleUnsubscribe()},
		{"GET /account/notifications", w.handleNotifications()},
		{"POST /account/notifications", w.handleNotificationsSave()},
		{"GET /communities/{slug}/webhooks", w.handleWebhooks(false)},
		{"POST /communities/{slug}/webhooks", w.handleWebhookCreate(false)},
		{"POST /communities/{slug}/webhooks/{id}/delete", w.handleWebhookDelete(false)},
		{"POST /communities/{slug}/webhooks/{id}/test", w.handleWebhookTest(false)},
		{"GET /admin/webhooks", w.handleWebhooks(true)},
		{"POST /admin/webhooks", w.handleWebhookCreate(true)},
		{"POST /admin/webhooks/{id}/delete", w.handleWebhookDelete(true)},
		{"POST /admin/webhooks/{id}/test", w.handleWebhookTest(true)},
		{"GET /admin/deliveries", w.handleDeliveries()},
		{"POST /admin/deliveries/{id}/retry", w.handleDeliveryRetry()},
		{"GET /admin/outbox", w.handleOutbox()},
		{"GET /admin/outbox/{id}", w.handleOutboxMessage()},

		{"/", w.notFound()},
	}
	for _, rt := range routes {
		httpx.Handle(mux, rt.pattern, rt.handler)
	}
}
