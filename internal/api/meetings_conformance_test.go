package api_test

// boardAndMeetingSteps are TestOpenAPIResponses's steps for the board, topics, votes,
// meetings and the schedule, run after the table's own on the same site: fay
// facilitates iac, cora is core, mel a member, otto (no longer a member) signed in,
// root an admin. The store's clock is pinned to 2 March 2026, 09:30 UTC.
func boardAndMeetingSteps() []struct {
	who, method, path, body string
	status                  int
	hdr                     []string
} {
	const (
		board    = "/api/v1/communities/iac/board"
		topics   = "/api/v1/communities/iac/topics"
		meetings = "/api/v1/communities/iac/meetings"
	)
	return []struct {
		who, method, path, body string
		status                  int
		hdr                     []string
	}{
		{"", "GET", board, "", 200, nil},
		{"fay", "PUT", board, `{"categories": [{"name": "Technical development", "description": "A development others could use"}, {"name": "Journeys"}]}`, 200, nil},
		{"mel", "PUT", board, `{"categories": []}`, 403, nil},
		{"", "PUT", board, `{"categories": []}`, 401, nil},
		{"fay", "PUT", board, `{"categories": [{"name": "Journeys"}, {"name": "journeys"}]}`, 422, nil},
		{"fay", "PUT", board, `{"categories": [], "colour": "red"}`, 400, nil},
		{"", "GET", "/api/v1/communities/no-such-thing/board", "", 404, nil},

		{"mel", "POST", topics, `{"title": "Terraform state in CI", "body": "How do we **share** state?", "category": "technical development"}`, 201, nil},
		{"cora", "POST", topics, `{"title": "Our journey to the cloud", "category": "Journeys"}`, 201, nil},
		{"fay", "POST", topics, `{"title": "Policy as code"}`, 201, nil},
		{"", "POST", topics, `{"title": "Anonymous idea"}`, 401, nil},
		{"otto", "POST", topics, `{"title": "Outsider idea"}`, 403, nil},
		{"mel", "POST", topics, `{"title": "x", "category": "Nope"}`, 422, nil},
		{"mel", "POST", topics, `{"title": "Fine title", "votes": 10}`, 400, nil},
		{"mel", "POST", "/api/v1/communities/no-such-thing/topics", `{"title": "Lost idea"}`, 404, nil},
		{"", "GET", topics, "", 200, nil},
		{"mel", "GET", topics + "?stage=proposed&limit=1", "", 200, nil},
		{"", "GET", topics + "?stage=nowhere", "", 422, nil},
		{"", "GET", topics + "?cursor=%21%21", "", 422, nil},
		{"", "GET", topics + "/1", "", 200, nil},
		{"", "GET", topics + "/999", "", 404, nil},

		{"cora", "POST", topics + "/1/votes", "", 200, nil},
		{"cora", "POST", topics + "/1/votes", "", 409, nil},
		{"fay", "POST", topics + "/1/votes", "", 200, nil},
		{"otto", "POST", topics + "/1/votes", "", 403, nil},
		{"", "POST", topics + "/1/votes", "", 401, nil},
		{"mel", "POST", topics + "/999/votes", "", 404, nil},
		{"fay", "DELETE", topics + "/1/votes", "", 200, nil},
		{"fay", "DELETE", topics + "/1/votes", "", 404, nil},
		{"", "DELETE", topics + "/1/votes", "", 401, nil},
		{"otto", "DELETE", topics + "/1/votes", "", 403, nil},

		{"mel", "PATCH", topics + "/1", `{"title": "Terraform state in CI pipelines"}`, 200, nil},
		{"mel", "PATCH", topics + "/1", `{"stage": "planned"}`, 403, nil},
		{"", "PATCH", topics + "/1", `{"stage": "planned"}`, 401, nil},
		{"cora", "PATCH", topics + "/1", `{"stage": "planned"}`, 200, nil},
		{"fay", "PATCH", topics + "/2", `{"stage": "planned"}`, 200, nil},
		{"fay", "PATCH", topics + "/1", `{"stage": "nowhere"}`, 422, nil},
		{"fay", "PATCH", topics + "/3", `{"stage": "action", "owner": "mel"}`, 200, nil},
		{"fay", "PATCH", topics + "/3", `{"owner": "otto"}`, 422, nil},
		{"fay", "PATCH", topics + "/3", `{"votes": 3}`, 400, nil},
		{"fay", "PATCH", topics + "/999", `{"stage": "done"}`, 404, nil},

		{"fay", "PATCH", "/api/v1/communities/iac", `{"cadence": {"rrule": "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", "timezone": "Europe/London"}}`, 200, nil},
		{"", "GET", "/api/v1/communities/iac/schedule", "", 200, nil},
		{"", "GET", "/api/v1/communities/iac/schedule?from=2026-03-01T00:00:00Z&to=2027-03-01T00:00:00Z&limit=3", "", 200, nil},
		{"", "GET", "/api/v1/communities/iac/schedule?from=yesterday", "", 422, nil},
		{"", "GET", "/api/v1/communities/iac/schedule?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z", "", 422, nil},
		{"", "GET", "/api/v1/communities/no-such-thing/schedule", "", 404, nil},

		{"fay", "POST", meetings, `{"title": "Kick-off", "starts_at": "2026-02-26T11:00:00Z", "duration_minutes": 60, "location": "https://meet.example.org/iac"}`, 201, nil},
		{"fay", "POST", meetings, `{"occurrence": "2026-03-26T11:00:00Z"}`, 201, nil},
		{"mel", "POST", meetings, `{"occurrence": "2026-03-26T11:00:00Z"}`, 200, nil},
		{"mel", "POST", meetings, `{"title": "My own meeting", "starts_at": "2026-04-01T10:00:00Z"}`, 403, nil},
		{"", "POST", meetings, `{"title": "Anonymous meeting", "starts_at": "2026-04-01T10:00:00Z"}`, 401, nil},
		{"fay", "POST", meetings, `{"starts_at": "2026-04-01T10:00:00Z", "ends_at": "2026-04-01T09:00:00Z"}`, 422, nil},
		{"fay", "POST", meetings, `{"starts_at": "2026-04-01T10:00:00Z", "timezone": "Mars/Base"}`, 422, nil},
		{"fay", "POST", meetings, `{"occurrence": "2026-03-27T11:00:00Z"}`, 422, nil},
		{"fay", "POST", meetings, `{"starts_at": "tomorrow"}`, 422, nil},
		{"fay", "POST", meetings, `{"starts_at": "2026-04-01T10:00:00Z", "room": 4}`, 400, nil},
		{"", "GET", meetings, "", 200, nil},
		{"", "GET", meetings + "?q=kick&year=2026&past=true&limit=1", "", 200, nil},
		{"", "GET", meetings + "?year=last", "", 422, nil},
		{"", "GET", meetings + "/1", "", 200, nil},
		{"", "GET", meetings + "/99", "", 404, nil},

		{"fay", "PATCH", meetings + "/1", `{"agenda": [2, 1], "agenda_published": true}`, 200, nil},
		{"fay", "PATCH", meetings + "/1", `{"status": "held", "notes": "We agreed to **use remote state**.", "attended": ["mel", "cora"],
			"materials": [{"title": "Deck", "url": "https://slides.example.org/1"}]}`, 200, nil},
		{"fay", "PATCH", meetings + "/2", `{"status": "held"}`, 409, nil},
		{"fay", "PATCH", meetings + "/2", `{"starts_at": "2026-03-26T14:00:00Z"}`, 200, nil},
		{"fay", "PATCH", meetings + "/2", `{"ends_at": "2026-03-26T13:00:00Z"}`, 422, nil},
		{"mel", "PATCH", meetings + "/2", `{"title": "Mine now"}`, 403, nil},
		{"", "PATCH", meetings + "/2", `{"title": "Mine now"}`, 401, nil},
		{"fay", "PATCH", meetings + "/1", `{"starts_at": "2026-03-01T10:00:00Z"}`, 409, nil},
		{"fay", "PATCH", meetings + "/99", `{"title": "Ghost"}`, 404, nil},
		{"mel", "POST", meetings + "/2/rsvp", `{"rsvp": "yes"}`, 200, nil},
		{"mel", "POST", meetings + "/2/rsvp", `{"rsvp": "perhaps"}`, 422, nil},
		{"otto", "POST", meetings + "/2/rsvp", `{"rsvp": "yes"}`, 403, nil},
		{"", "POST", meetings + "/2/rsvp", `{"rsvp": "yes"}`, 401, nil},
		{"mel", "POST", meetings + "/1/rsvp", `{"rsvp": "yes"}`, 409, nil},
		{"mel", "POST", meetings + "/99/rsvp", `{"rsvp": "yes"}`, 404, nil},
		{"fay", "PATCH", meetings + "/2", `{"status": "cancelled"}`, 200, nil},

		{"fay", "PATCH", "/api/v1/communities/iac", `{"status": "archived"}`, 200, nil},
		{"fay", "PUT", board, `{"categories": []}`, 409, nil},
		{"mel", "POST", topics, `{"title": "Too late now"}`, 409, nil},
		{"cora", "POST", topics + "/2/votes", "", 409, nil},
		{"cora", "DELETE", topics + "/1/votes", "", 409, nil},
		{"fay", "PATCH", topics + "/2", `{"stage": "done"}`, 409, nil},
		{"fay", "POST", meetings, `{"starts_at": "2026-05-01T10:00:00Z"}`, 409, nil},
		{"fay", "PATCH", meetings + "/2", `{"status": "scheduled"}`, 409, nil},
		{"fay", "PATCH", "/api/v1/communities/iac", `{"status": "active"}`, 200, nil},
	}
}
