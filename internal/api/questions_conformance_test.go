package api_test

import (
	"context"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// helpSteps are TestOpenAPIResponses's steps for questions, answers, acceptance,
// the help desk's routing and metrics, and the status page, on the same site (fay
// facilitates iac, cora is core, mel a member, otto signed in, root an admin), with
// pat added as platform staff. The store's clock is pinned to 2 March 2026, 09:30 UTC.
func helpSteps(s *site) []struct {
	who, method, path, body string
	status                  int
	hdr                     []string
} {
	t, db := s.t, s.db
	admin, err := db.FindUser(context.Background(), "root")
	if err != nil {
		t.Fatal(err)
	}
	storetest.User(t, db, "pat", false)
	if err := db.SetPersonFlag(copse.WithUser(context.Background(), admin), "pat", store.FlagPlatformStaff, true); err != nil {
		t.Fatal(err)
	}
	tok, err := db.CreateToken(context.Background(), "pat", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.tokens["pat"] = tok
	const (
		qs      = "/api/v1/questions"
		status  = "/api/v1/status"
		pinning = `{"title": "How do I pin a provider version?", "body": "Terraform keeps **upgrading** it.", "urgency": "how-to", "community": "iac", "tags": ["terraform"]}`
	)
	return []struct {
		who, method, path, body string
		status                  int
		hdr                     []string
	}{
		{"mel", "POST", qs, pinning, 201, nil},
		{"otto", "POST", qs, `{"title": "Production pods are crash-looping", "body": "Since 09:00.", "urgency": "sos"}`, 201, nil},
		{"cora", "POST", qs, `{"title": "Is the registry down for everyone?", "body": "Pulls time out.", "urgency": "outage", "visibility": "signed-in"}`, 201, nil},
		{"", "POST", qs, pinning, 401, nil},
		{"mel", "POST", qs, `{"title": "Short", "body": "", "urgency": "panic"}`, 422, nil},
		{"mel", "POST", qs, `{"title": "How do I pin a provider version?", "body": "x", "urgency": "how-to", "community": "no-such-thing"}`, 422, nil},
		{"mel", "POST", qs, `{"title": "How do I pin a provider version?", "body": "x", "urgency": "how-to", "priority": 1}`, 400, nil},
		{"", "GET", qs, "", 200, nil},
		{"", "GET", qs + "?community=iac&urgency=how-to&status=open&tag=terraform&author=mel&unanswered=true&sort=oldest&limit=1", "", 200, nil},
		{"", "GET", qs + "?urgency=panic", "", 422, nil},
		{"", "GET", qs + "?unanswered=maybe", "", 422, nil},
		{"", "GET", qs + "/1", "", 200, nil},
		{"", "GET", qs + "/3", "", 404, nil},
		{"otto", "GET", qs + "/3", "", 200, nil},

		{"otto", "POST", qs + "/1/answers", `{"body": "Use required_providers with a version constraint."}`, 201, nil},
		{"fay", "POST", qs + "/1/answers", `{"body": "Commit the lock file too."}`, 201, nil},
		{"", "POST", qs + "/1/answers", `{"body": "Anonymous advice"}`, 401, nil},
		{"otto", "POST", qs + "/1/answers", `{"body": ""}`, 422, nil},
		{"otto", "POST", qs + "/1/answers", `{"body": "x", "score": 3}`, 400, nil},
		{"otto", "POST", qs + "/99/answers", `{"body": "Lost answer"}`, 404, nil},
		{"otto", "PATCH", qs + "/1/answers/1", `{"body": "Use required_providers with a ~> constraint."}`, 200, nil},
		{"mel", "PATCH", qs + "/1/answers/1", `{"body": "Mine now"}`, 403, nil},
		{"mel", "POST", qs + "/1/answers/1/votes", `{"value": 1}`, 200, nil},
		{"otto", "POST", qs + "/1/answers/1/votes", `{"value": 1}`, 403, nil},
		{"mel", "POST", qs + "/1/answers/1/votes", `{"value": 2}`, 422, nil},
		{"mel", "DELETE", qs + "/1/answers/1/votes", "", 200, nil},
		{"mel", "DELETE", qs + "/1/answers/1/votes", "", 404, nil},
		{"mel", "POST", qs + "/1/answers/9/votes", `{"value": 1}`, 404, nil},
		{"otto", "POST", qs + "/1/accept", `{"answer_id": 1}`, 403, nil},
		{"mel", "POST", qs + "/1/accept", `{"answer_id": 99}`, 422, nil},
		{"mel", "POST", qs + "/1/accept", `{"answer_id": 1}`, 200, nil},
		{"mel", "PATCH", qs + "/1", `{"title": "How do I pin a Terraform provider version?", "tags": ["terraform", "providers"]}`, 200, nil},
		{"otto", "PATCH", qs + "/1", `{"status": "closed"}`, 403, nil},
		{"mel", "PATCH", qs + "/1", `{"status": "finished"}`, 422, nil},
		{"", "GET", qs + "/1/revisions", "", 200, nil},
		{"", "GET", qs + "/99/revisions", "", 404, nil},
		{"cora", "POST", qs, `{"title": "How do I pin provider versions?", "body": "Same as before?", "urgency": "how-to", "community": "iac"}`, 201, nil},
		{"fay", "PATCH", qs + "/4", `{"duplicate_of": 1}`, 200, nil},
		{"cora", "POST", qs + "/4/answers", `{"body": "Answer a duplicate"}`, 409, nil},
		{"fay", "PATCH", qs + "/4", `{"duplicate_of": null}`, 200, nil},

		{"", "GET", "/api/v1/help/settings", "", 200, nil},
		{"root", "PATCH", "/api/v1/help/settings", `{"routes": [{"urgency": "sos", "to": "urgent", "channel": {"name": "#devops-sos", "url": "https://chat.example.org/channel/devops-sos"}}], "escalate_after_minutes": 20}`, 200, nil},
		{"mel", "PATCH", "/api/v1/help/settings", `{"escalate_after_minutes": 20}`, 403, nil},
		{"root", "PATCH", "/api/v1/help/settings", `{"escalate_after_minutes": 1, "routes": [{"urgency": "sos", "to": "pager", "channel": {"name": "#sos"}}]}`, 422, nil},
		{"", "GET", "/api/v1/help/metrics?community=iac", "", 200, nil},
		{"pat", "GET", "/api/v1/help/metrics", "", 200, nil},
		{"mel", "GET", "/api/v1/help/metrics", "", 403, nil},
		{"", "GET", "/api/v1/help/metrics", "", 401, nil},
		{"", "GET", "/api/v1/help/metrics?community=no-such-thing", "", 404, nil},

		{"", "GET", status, "", 200, nil},
		{"pat", "POST", status + "/services", `{"name": "OpenShift", "description": "The application platform"}`, 201, nil},
		{"root", "POST", status + "/services", `{"name": "Rocket.Chat"}`, 201, nil},
		{"mel", "POST", status + "/services", `{"name": "Registry"}`, 403, nil},
		{"", "POST", status + "/services", `{"name": "Registry"}`, 401, nil},
		{"pat", "POST", status + "/services", `{"name": "OpenShift"}`, 409, nil},
		{"pat", "POST", status + "/services", `{"name": ""}`, 422, nil},
		{"pat", "PATCH", status + "/services/2", `{"description": "Chat for everyone", "position": 5}`, 200, nil},
		{"pat", "PATCH", status + "/services/99", `{"name": "Ghost"}`, 404, nil},
		{"pat", "POST", status + "/incidents", `{"title": "Image pulls failing", "body": "Pulls time out.", "impact": "partial_outage", "services": [1]}`, 201, nil},
		{"pat", "POST", status + "/incidents", `{"title": "x", "body": "", "impact": "catastrophic", "services": []}`, 422, nil},
		{"mel", "POST", status + "/incidents", `{"title": "Image pulls failing", "body": "x", "impact": "degraded", "services": [1]}`, 403, nil},
		{"", "GET", status, "", 200, nil},
		{"", "GET", status + "/incidents/1", "", 200, nil},
		{"", "GET", status + "/incidents/9", "", 404, nil},
		{"pat", "POST", status + "/incidents/1/updates", `{"status": "identified", "body": "A full disk on the registry.", "impact": "degraded"}`, 201, nil},
		{"pat", "POST", status + "/incidents/1/updates", `{"status": "resolved", "body": "Disk grown; pulls work."}`, 201, nil},
		{"pat", "POST", status + "/incidents/1/updates", `{"status": "monitoring", "body": "Again?"}`, 409, nil},
		{"pat", "POST", status + "/incidents/9/updates", `{"status": "monitoring", "body": "Ghost"}`, 404, nil},
		{"pat", "POST", status + "/maintenance", `{"title": "Cluster upgrade", "description": "OpenShift 4.14.", "starts_at": "2026-03-10T22:00:00Z", "ends_at": "2026-03-11T01:00:00Z", "services": [1, 2]}`, 201, nil},
		{"pat", "POST", status + "/maintenance", `{"title": "Cluster upgrade", "starts_at": "tonight", "ends_at": "2026-03-11T01:00:00Z", "services": [1]}`, 422, nil},
		{"mel", "POST", status + "/maintenance", `{"title": "Cluster upgrade", "starts_at": "2026-03-10T22:00:00Z", "ends_at": "2026-03-11T01:00:00Z", "services": [1]}`, 403, nil},
		{"", "GET", status, "", 200, nil},
		{"mel", "DELETE", status + "/maintenance/1", "", 403, nil},
		{"pat", "DELETE", status + "/maintenance/1", "", 204, nil},
		{"pat", "DELETE", status + "/maintenance/1", "", 404, nil},
	}
}
