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

		// Community help and the status page (issue 6).
		{"GET /api/v1/questions", handleQuestionList(db)},
		{"POST /api/v1/questions", handleQuestionCreate(db)},
		{"GET /api/v1/questions/{id}", handleQuestionGet(db)},
		{"PATCH /api/v1/questions/{id}", handleQuestionUpdate(db)},
		{"GET /api/v1/questions/{id}/revisions", handleRevisions(db)},
		{"POST /api/v1/questions/{id}/answers", handleAnswerCreate(db)},
		{"PATCH /api/v1/questions/{id}/answers/{answer_id}", handleAnswerUpdate(db)},
		{"POST /api/v1/questions/{id}/answers/{answer_id}/votes", handleAnswerVote(db, true)},
		{"DELETE /api/v1/questions/{id}/answers/{answer_id}/votes", handleAnswerVote(db, false)},
		{"POST /api/v1/questions/{id}/accept", handleAccept(db)},
		{"GET /api/v1/help/settings", handleHelpSettingsGet(db)},
		{"PATCH /api/v1/help/settings", handleHelpSettingsUpdate(db)},
		{"GET /api/v1/help/metrics", handleHelpMetrics(db)},
		{"GET /api/v1/status", handleStatus(db)},
		{"POST /api/v1/status/services", handleServiceCreate(db)},
		{"PATCH /api/v1/status/services/{id}", handleServiceUpdate(db)},
		{"POST /api/v1/status/incidents", handleIncidentCreate(db)},
		{"GET /api/v1/status/incidents/{id}", handleIncidentGet(db)},
		{"POST /api/v1/status/incidents/{id}/updates", handleIncidentUpdate(db)},
		{"POST /api/v1/status/maintenance", handleMaintenanceCreate(db)},
		{"DELETE /api/v1/status/maintenance/{id}", handleMaintenanceDelete(db)},

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

		// People, recognition, teams, journeys and health (issue 8).
		{"PATCH /api/v1/me", handleProfileUpdate(db)},
		{"GET /api/v1/people/{handle}", handlePersonGet(db)},
		{"GET /api/v1/people/{handle}/points", handlePersonPoints(db)},
		{"GET /api/v1/experts", handleExperts(db)},
		{"PUT /api/v1/communities/{slug}/commitment", handleCommitment(db)},
		{"GET /api/v1/recognition", handleRecognition(db)},
		{"PUT /api/v1/recognition/thresholds", handleThresholds(db)},
		{"GET /api/v1/communities/{slug}/promotions", handlePromotionList(db)},
		{"POST /api/v1/communities/{slug}/promotions/{handle}", handlePromotionDecide(db)},
		{"GET /api/v1/communities/{slug}/health", handleHealth(db)},
		{"GET /api/v1/health", handleSiteHealth(db)},
		{"GET /api/v1/teams", handleTeamList(db)},
		{"POST /api/v1/teams", handleTeamCreate(db)},
		{"GET /api/v1/teams/{slug}", handleTeamGet(db)},
		{"PATCH /api/v1/teams/{slug}", handleTeamUpdate(db)},
		{"DELETE /api/v1/teams/{slug}", handleTeamDelete(db)},
		{"POST /api/v1/teams/{slug}/exceptions", handleTeamException(db)},
		{"DELETE /api/v1/teams/{slug}/exceptions/{rule}", handleTeamExceptionDelete(db)},
		{"GET /api/v1/journeys", handleJourneyList(db)},
		{"POST /api/v1/journeys", handleJourneySave(db, true)},
		{"GET /api/v1/journeys/{slug}", handleJourneyGet(db)},
		{"PUT /api/v1/journeys/{slug}", handleJourneySave(db, false)},
		{"DELETE /api/v1/journeys/{slug}", handleJourneyDelete(db)},
		{"PUT /api/v1/journeys/{slug}/steps/{id}/done", handleStep(db, true)},
		{"DELETE /api/v1/journeys/{slug}/steps/{id}/done", handleStep(db, false)},
	}
}
