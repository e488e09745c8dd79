package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// The board and meeting pages without JavaScript, as each kind of viewer sees them:
// newSite's iac is facilitated by ada, with bob a member and cyd outside it; it meets
// on the fourth Thursday at 11:00 London time; the clock says 2 March 2026.
func TestBoardAndMeetingPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newSite(t, db)
		var lint []*response
		check := func(r *response) *response { lint = append(lint, r); return r }

		check(s.anon.get("/communities/iac/board")).expect(t, 200, "<h1>Topic board</h1>", "No topics yet", "Sign in</a> and join")
		check(s.cyd.get("/communities/iac/board")).expect(t, 200, "as a member to propose topics")
		check(s.ada.get("/communities/iac/board")).expect(t, 200, "Propose a topic", `href="/communities/iac/board/categories"`)
		check(s.bob.post("/communities/iac/topics", form("title", "", "category", "Gossip"))).expect(t, 422,
			"There is a problem", "Title is required", "Category must be one of")
		s.bob.post("/communities/iac/topics", form("title", "Terraform state in CI", "body", "How do we **share** it?",
			"category", "Technical development")).redirects(t, "/communities/iac/board?notice=proposed#topic-1")
		s.cyd.post("/communities/iac/topics", form("title", "Outsider idea")).expect(t, 403, "Only members")
		s.anon.post("/communities/iac/topics", form("title", "Anonymous idea")).expect(t, 401)

		s.ada.post("/communities/iac/topics/1/vote", form("back", "/communities/iac/board")).redirects(t, "/communities/iac/board?notice=voted#topic-1")
		s.ada.post("/communities/iac/topics/1/vote", nil).expect(t, 409, "voted for this topic already")
		s.cyd.post("/communities/iac/topics/1/vote", nil).expect(t, 403)
		s.bob.post("/communities/iac/topics/1/move", form("stage", "planned")).expect(t, 403, "core team")
		s.ada.post("/communities/iac/topics/1/move", form("stage", "planned", "back", "//evil.example")).redirects(t, "/communities/iac/board?notice=moved#topic-1")
		check(s.bob.get("/communities/iac/board")).expect(t, 200, `data-drop="planned"`, "Terraform state in CI", "1 vote")
		check(s.bob.get("/communities/iac/board?stage=planned")).expect(t, 200, "<h1>Planned topics</h1>")
		check(s.anon.get("/communities/iac/topics/1")).expect(t, 200, "<strong>share</strong>", "Technical development")
		check(s.ada.post("/communities/iac/topics/1/edit", form("title", "x"))).expect(t, 422, "Title must be at least 3 characters")
		s.bob.post("/communities/iac/topics/1/edit", form("title", "Terraform state in CI pipelines", "body", "", "category", "")).
			redirects(t, "/communities/iac/topics/1?notice=updated")
		check(s.ada.get("/communities/iac/board/categories")).expect(t, 200, "Technical development")
		s.bob.get("/communities/iac/board/categories").expect(t, 403)
		check(s.ada.post("/communities/iac/board/categories", form("name-0", "Ops", "name-1", "ops"))).expect(t, 422, "listed twice")
		s.ada.post("/communities/iac/board/categories", form("name-0", "Ops", "description-0", "Running things", "name-1", "")).
			redirects(t, "/communities/iac/board?notice=categories")
		check(s.ada.get("/communities/old/board")).expect(t, 200, "This community is archived").lacks(t, "Propose a topic")
		s.ada.post("/communities/old/topics", form("title", "Too late")).expect(t, 409)

		// The community page points to the next meeting and the most wanted topics.
		check(s.anon.get("/communities/iac")).expect(t, 200, "Next meeting:", "Thursday 26 March 2026, 11:00–12:00 London time", "Terraform state in CI pipelines")

		// Meetings: the cadence's next occurrences, before anyone prepares them.
		check(s.anon.get("/communities/iac/meetings")).expect(t, 200, "Coming up", "Thursday 23 April 2026, 11:00–12:00 London time",
			"No meetings have been held here yet", `/communities/iac/calendar.ics"`)
		occ := "/communities/iac/occurrences/20260326T110000Z"
		check(s.ada.get(occ)).expect(t, 200, "Prepare this meeting", "Terraform state in CI pipelines")
		check(s.bob.get(occ)).expect(t, 200, "Will you come?").lacks(t, "Prepare this meeting")
		s.anon.get("/communities/iac/occurrences/20260327T110000Z").expect(t, 404)
		s.bob.post(occ, form("rsvp", "perhaps")).expect(t, 422)
		s.bob.post(occ, form("rsvp", "yes")).redirects(t, "/communities/iac/meetings/1?notice=rsvp")
		s.anon.get(occ).redirects(t, "/communities/iac/meetings/1")
		check(s.ada.get("/communities/iac/meetings/1")).expect(t, 200, "1 person is coming", "Build the agenda", "A draft: not published yet",
			"Notes, materials and attendance are recorded here once the meeting starts")
		s.ada.post("/communities/iac/meetings/1/agenda", form("topic", "1", "position-1", "1", "publish", "1")).
			redirects(t, "/communities/iac/meetings/1?notice=agenda")
		s.ada.post("/communities/iac/meetings/1/record", form("notes", "Too early")).expect(t, 409, "not started yet")
		s.bob.post("/communities/iac/meetings/1/agenda", form("topic", "1")).expect(t, 403)

		// A one-off meeting, from the form; then the meeting is held and recorded.
		check(s.ada.get("/communities/iac/meetings/new")).expect(t, 200, "Schedule a meeting", `value="Europe/London"`)
		check(s.ada.post("/communities/iac/meetings", form("date", "26/03/2026", "time", "11:00", "duration", "60", "timezone", "Mars/Base"))).
			expect(t, 422, "Date must be a date such as 2026-03-26")
		check(s.ada.post("/communities/iac/meetings", form("date", "2026-04-02", "time", "14:00", "duration", "0", "timezone", "Mars/Base"))).
			expect(t, 422, "Time zone", "Length in minutes must be between 5 and 1440")
		s.ada.post("/communities/iac/meetings", form("title", "Terraform workshop", "date", "2026-04-02", "time", "14:00", "duration", "90",
			"timezone", "Europe/London", "location", "https://meet.example.org/tf")).redirects(t, "/communities/iac/meetings/2?notice=scheduled")
		check(s.ada.get("/communities/iac/meetings/2/edit")).expect(t, 200, `value="14:00"`, `value="90"`)
		s.ada.post("/communities/iac/meetings/2/edit", form("title", "Terraform workshop", "date", "2026-04-09", "time", "14:00", "duration", "90",
			"timezone", "Europe/London", "location", "Room 4")).redirects(t, "/communities/iac/meetings/2?notice=updated")
		check(s.anon.get("/communities/iac/meetings/2")).expect(t, 200, "Thursday 9 April 2026, 14:00–15:30 London time", "Room 4")

		// The morning of the meeting, three weeks on: everyone signs in again.
		clock.Advance(time.Date(2026, 3, 26, 11, 30, 0, 0, time.UTC).Sub(clock.Now()))
		s.ada, s.bob = s.as("ada", false), s.as("bob", false)
		s.ada.post("/communities/iac/meetings/1/record", form("notes", "We agreed on **remote state**.", "attended", "bob",
			"material-title-0", "Deck", "material-url-0", "https://slides.example.org/1")).redirects(t, "/communities/iac/meetings/1?notice=recorded")
		check(s.anon.get("/communities/iac/meetings/1")).expect(t, 200, "<strong>remote state</strong>", "Bob", "Deck")
		check(s.anon.get("/communities/iac/topics/1")).expect(t, 200, "Discussed", "The meeting where it was discussed")
		check(s.anon.get("/communities/iac/meetings?q=remote")).expect(t, 200, "Thursday 26 March 2026", "We agreed on remote state")
		check(s.anon.get("/communities/iac/meetings?q=nothing+like+this")).expect(t, 200, "No past meeting matches")
		s.ada.post("/communities/iac/meetings/2/cancel", nil).redirects(t, "/communities/iac/meetings/2?notice=cancelled")
		check(s.anon.get("/communities/iac/meetings/2")).expect(t, 200, "This meeting is cancelled")

		// Calendars: public for a public community, not found for a hidden one.
		cal := s.anon.get("/communities/iac/calendar.ics").expect(t, 200, "BEGIN:VCALENDAR", "RRULE:FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0",
			"BEGIN:VTIMEZONE", "TZID:Europe/London", "RECURRENCE-ID;TZID=Europe/London:20260326T110000", "STATUS:CANCELLED")
		if ct := cal.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("calendar content type %q", ct)
		}
		s.anon.get("/communities/secret/calendar.ics").expect(t, 404)

		// The private feed: made once, shown once, revocable.
		check(s.bob.get("/account/calendar")).expect(t, 200, "No calendar address yet")
		made := check(s.bob.post("/account/calendar", nil)).expect(t, 200, "Copy it now")
		feed := regexp.MustCompile(`/calendar/cal_[A-Za-z0-9_-]+\.ics`).FindString(made.Body)
		if feed == "" {
			t.Fatalf("no calendar address on the page:\n%s", excerpt(made.Body))
		}
		s.anon.get(feed).expect(t, 200, "X-WR-CALNAME:Bob’s meetings", "Infrastructure as Code")
		check(s.bob.get("/account/calendar")).expect(t, 200, "You have a private address").lacks(t, feed)
		s.bob.post("/account/calendar/revoke", nil).redirects(t, "/account/calendar?notice=calendar-revoked")
		s.anon.get(feed).expect(t, 404)
		s.anon.post("/account/calendar", nil).expect(t, 401)

		for _, r := range lint {
			for _, problem := range lintHTML(r.Body) {
				t.Errorf("%s", problem)
			}
		}
		if !strings.Contains(cal.Body, "\r\n") || cal.Status != http.StatusOK {
			t.Error("the calendar's lines must end with CRLF")
		}
	})
}
