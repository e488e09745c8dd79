package api

import (
	"net/http"

	"github.com/copse-dev/copse/internal/store"
)

type route struct {
	pattern string
	handler http.Handler
}

// routeTable lists every API route; openapi.json documents exactly these (a test
// checks both ways).
func routeTable(db *store.DB) []route {
	return []route{
		{"GET /api/v1/openapi.json", handleOpenAPI()},
		{"GET /api/v1/me", handleMe()},

		{"GET /api/v1/communities", handleCommunityList(db)},
		{"POST /api/v1/communities", handleCommunityCreate(db)},
		{"GET /api/v1/communities/{slug}", handleCommunityGet(db)},
		{"PATCH /api/v1/communities/{slug}", handleCommunityUpdate(db)},

		{"GET /api/v1/communities/{slug}/members", handleMemberList(db)},
		{"POST /api/v1/communities/{slug}/members", handleMemberAdd(db)},
		{"PATCH /api/v1/communities/{slug}/members/{handle}", handleMemberUpdate(db)},
		{"DELETE /api/v1/communities/{slug}/members/{handle}", handleMemberRemove(db)},

		{"POST /api/v1/communities/{slug}/interest", handleInterest(db, true)},
		{"DELETE /api/v1/communities/{slug}/interest", handleInterest(db, false)},

		{"GET /api/v1/communities/{slug}/board", handleBoardGet(db)},
		{"PUT /api/v1/communities/{slug}/board", handleBoardPut(db)},
		{"GET /api/v1/communities/{slug}/topics", handleTopicList(db)},
		{"POST /api/v1/communities/{slug}/topics", handleTopicCreate(db)},
		{"GET /api/v1/communities/{slug}/topics/{id}", handleTopicGet(db)},
		{"PATCH /api/v1/communities/{slug}/topics/{id}", handleTopicUpdate(db)},
		{"POST /api/v1/communities/{slug}/topics/{id}/votes", handleVote(db, true)},
		{"DELETE /api/v1/communities/{slug}/topics/{id}/votes", handleVote(db, false)},

		{"GET /api/v1/communities/{slug}/meetings", handleMeetingList(db)},
		{"POST /api/v1/communities/{slug}/meetings", handleMeetingCreate(db)},
		{"GET /api/v1/communities/{slug}/meetings/{id}", handleMeetingGet(db)},
		{"PATCH /api/v1/communities/{slug}/meetings/{id}", handleMeetingUpdate(db)},
		{"POST /api/v1/communities/{slug}/meetings/{id}/rsvp", handleRSVP(db)},
		{"GET /api/v1/communities/{slug}/schedule", handleSchedule(db)},

		{"GET /api/v1/resources", handleResourceList(db)},
		{"POST /api/v1/resources", handleResourceCreate(db)},
		{"GET /api/v1/resources/{id}", handleResourceGet(db)},
		{"PATCH /api/v1/resources/{id}", handleResourceUpdate(db)},
		{"DELETE /api/v1/resources/{id}", handleResourceDelete(db)},
		{"POST /api/v1/resources/{id}/review", handleResourceReview(db)},
		{"POST /api/v1/imports", handleImport(db)},
		{"GET /api/v1/search", handleSearch(db)},

		{"GET /api/v1/communities/{slug}/announcements", handleAnnouncementList(db)},
		{"POST /api/v1/communities/{slug}/announcements", handleAnnouncementCreate(db)},
		{"POST /api/v1/communities/{slug}/subscribers", handleSubscriberCreate(db)},
		{"GET /api/v1/communities/{slug}/webhooks", handleWebhookList(db, false)},
		{"POST /api/v1/communities/{slug}/webhooks", handleWebhookCreate(db, false)},
		{"DELETE /api/v1/communities/{slug}/webhooks/{id}", handleWebhookDelete(db, false)},
		{"POST /api/v1/communities/{slug}/webhooks/{id}/test", handleWebhookTest(db, false)},
		{"GET /api/v1/webhooks", handleWebhookList(db, true)},
		{"POST /api/v1/webhooks", handleWebhookCreate(db, true)},
		{"DELETE /api/v1/webhooks/{id}", handleWebhookDelete(db, true)},
		{"POST /api/v1/webhooks/{id}/test", handleWebhookTest(db, true)},
		{"GET /api/v1/deliveries", handleDeliveryList(db)},
		{"POST /api/v1/deliveries/{id}/retry", handleDeliveryRetry(db)},

		{"GET /api/v1/settings", handleSettingsGet(db)},
		{"PATCH /api/v1/settings", handleSettingsUpdate(db)},
	}
}
