package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/copse-dev/copse/internal/store"
)

// notificationSteps are TestOpenAPIResponses's steps for announcements,
// subscribers, webhooks and deliveries, on the same site (fay facilitates iac, cora
// is core, mel a member, otto signed in, root an admin). Webhooks post to a receiver
// on 127.0.0.1. Before the steps run, an outside address asks to subscribe and the
// outbox fans it out, so that delivery 1 exists for the admins' steps.
func notificationSteps(t *testing.T, db *store.DB) []struct {
	who, method, path, body string
	status                  int
	hdr                     []string
} {
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	t.Cleanup(recv.Close)
	if err := db.Subscribe(context.Background(), "iac", "early@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FanOut(context.Background(), 100); err != nil {
		t.Fatal(err)
	}
	const (
		ann   = "/api/v1/communities/iac/announcements"
		subs  = "/api/v1/communities/iac/subscribers"
		hooks = "/api/v1/communities/iac/webhooks"
	)
	hook := `{"url": "` + recv.URL + `/hooks/iac", "format": "slack", "events": ["announcement", "meeting.scheduled"]}`
	return []struct {
		who, method, path, body string
		status                  int
		hdr                     []string
	}{
		{"cora", "POST", ann, `{"title": "Lean Coffee moves to Thursday", "body": "See you **there**."}`, 201, nil},
		{"mel", "POST", ann, `{"title": "Mine", "body": "x"}`, 403, nil},
		{"", "POST", ann, `{"title": "Anonymous", "body": "x"}`, 401, nil},
		{"fay", "POST", ann, `{"title": "", "body": ""}`, 422, nil},
		{"fay", "POST", ann, `{"title": "Hello there", "body": "x", "colour": "red"}`, 400, nil},
		{"fay", "POST", "/api/v1/communities/no-such-thing/announcements", `{"title": "Lost", "body": "x"}`, 404, nil},
		{"", "GET", ann, "", 200, nil},
		{"", "GET", ann + "?limit=1", "", 200, nil},
		{"", "GET", ann + "?cursor=%21%21", "", 422, nil},

		{"", "POST", subs, `{"email": "reader@example.org"}`, 202, nil},
		{"otto", "POST", subs, `{"email": "reader@example.org"}`, 202, nil},
		{"", "POST", subs, `{"email": "not an address"}`, 422, nil},
		{"", "POST", subs, `{"email": "x@example.org", "name": "X"}`, 400, nil},
		{"", "POST", "/api/v1/communities/accessibility/subscribers", `{"email": "reader@example.org"}`, 409, nil},
		{"", "POST", "/api/v1/communities/no-such-thing/subscribers", `{"email": "reader@example.org"}`, 404, nil},

		{"fay", "POST", hooks, hook, 201, nil},
		{"fay", "POST", hooks, `{"url": "` + recv.URL + `/hooks/signed", "format": "signed"}`, 201, nil},
		{"root", "POST", hooks, `{"url": "` + recv.URL + `/hooks/teams", "format": "teams"}`, 201, nil},
		{"fay", "POST", hooks, `{"url": "ftp://chat", "format": "fax", "events": ["nothing.happened"], "secret": "short"}`, 422, nil},
		{"mel", "POST", hooks, hook, 403, nil},
		{"", "POST", hooks, hook, 401, nil},
		{"fay", "POST", "/api/v1/communities/no-such-thing/webhooks", hook, 404, nil},
		{"fay", "GET", hooks, "", 200, nil},
		{"mel", "GET", hooks, "", 403, nil},
		{"", "GET", hooks, "", 401, nil},
		{"fay", "POST", hooks + "/1/test", "", 200, nil},
		{"mel", "POST", hooks + "/1/test", "", 403, nil},
		{"fay", "POST", hooks + "/99/test", "", 404, nil},
		{"fay", "DELETE", hooks + "/2", "", 204, nil},
		{"fay", "DELETE", hooks + "/2", "", 404, nil},
		{"mel", "DELETE", hooks + "/1", "", 403, nil},

		{"root", "POST", "/api/v1/webhooks", `{"url": "` + recv.URL + `/hooks/alerts", "format": "teams", "events": ["sos.raised", "incident.opened"]}`, 201, nil},
		{"fay", "POST", "/api/v1/webhooks", `{"url": "` + recv.URL + `/hooks/alerts"}`, 403, nil},
		{"root", "POST", "/api/v1/webhooks", `{"url": ""}`, 422, nil},
		{"root", "GET", "/api/v1/webhooks", "", 200, nil},
		{"", "GET", "/api/v1/webhooks", "", 401, nil},
		{"root", "POST", "/api/v1/webhooks/4/test", "", 200, nil},
		{"root", "POST", "/api/v1/webhooks/1/test", "", 404, nil},
		{"root", "DELETE", "/api/v1/webhooks/4", "", 204, nil},
		{"fay", "DELETE", "/api/v1/webhooks/1", "", 403, nil},

		{"root", "GET", "/api/v1/deliveries", "", 200, nil},
		{"root", "GET", "/api/v1/deliveries?status=pending&limit=1", "", 200, nil},
		{"root", "GET", "/api/v1/deliveries?status=lost", "", 422, nil},
		{"fay", "GET", "/api/v1/deliveries", "", 403, nil},
		{"", "GET", "/api/v1/deliveries", "", 401, nil},
		{"root", "POST", "/api/v1/deliveries/1/retry", "", 200, nil},
		{"root", "POST", "/api/v1/deliveries/999/retry", "", 404, nil},
		{"mel", "POST", "/api/v1/deliveries/1/retry", "", 403, nil},
	}
}
