package api_test

import (
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestBoardAndMeetingsAPI: bad input is refused by field and changes nothing; the
// board lists by votes; the schedule pages through the cadence's occurrences; a held
// meeting moves its agenda to discussed.
func TestBoardAndMeetingsAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newSite(t, db) // iac: fay facilitates, cora is core, mel a member, otto outside
		s.must("fay", "PATCH", "/api/v1/communities/iac", `{"cadence": {"rrule": "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", "timezone": "Europe/London"}}`, 200)

		checkProblem(t, s.call("fay", "POST", "/api/v1/communities/iac/meetings", `{"starts_at": "2026-04-01T10:00:00Z", "ends_at": "2026-04-01T09:00:00Z", "timezone": "Mars/Base"}`),
			422, "ends_at", "timezone")
		checkProblem(t, s.call("fay", "POST", "/api/v1/communities/iac/meetings", `{"occurrence": "2026-03-27T11:00:00Z"}`), 422, "occurrence")
		checkProblem(t, s.call("mel", "POST", "/api/v1/communities/iac/topics", `{"title": "ab"}`), 422, "title")
		if r := s.must("", "GET", "/api/v1/communities/iac/meetings", "", 200); len(items(r)) != 0 {
			t.Fatalf("refused meetings were stored: %s", r.raw)
		}

		for _, title := range []string{"First", "Second", "Third"} {
			s.must("mel", "POST", "/api/v1/communities/iac/topics", `{"title": "`+title+` topic"}`, 201)
		}
		s.must("cora", "POST", "/api/v1/communities/iac/topics/3/votes", "", 200)
		s.must("fay", "POST", "/api/v1/communities/iac/topics/3/votes", "", 200)
		s.must("fay", "POST", "/api/v1/communities/iac/topics/2/votes", "", 200)
		checkProblem(t, s.call("fay", "POST", "/api/v1/communities/iac/topics/2/votes", ""), 409)
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/communities/iac/topics/2", `{"stage": "parked"}`), 422, "stage")
		r := s.must("cora", "GET", "/api/v1/communities/iac/topics?limit=2", "", 200)
		got := items(r)
		if len(got) != 2 || got[0]["title"] != "Third topic" || got[0]["votes"] != float64(2) || got[0]["voted"] != true || got[1]["title"] != "Second topic" {
			t.Fatalf("board order: %s", r.raw)
		}
		if next := s.must("", "GET", "/api/v1/communities/iac/topics?limit=2&cursor="+r.body["next_cursor"].(string), "", 200); len(items(next)) != 1 || items(next)[0]["title"] != "First topic" {
			t.Fatalf("second page: %s", next.raw)
		}

		// The schedule: the cadence's occurrences, a page at a time.
		var starts []string
		cursor := ""
		for range 5 {
			r := s.must("", "GET", "/api/v1/communities/iac/schedule?from=2026-03-01T00:00:00Z&to=2026-07-01T00:00:00Z&limit=2&cursor="+cursor, "", 200)
			for _, it := range items(r) {
				starts = append(starts, it["starts_at"].(string))
			}
			if cursor = r.body["next_cursor"].(string); cursor == "" {
				break
			}
		}
		want := []string{"2026-03-26T11:00:00Z", "2026-04-23T10:00:00Z", "2026-05-28T10:00:00Z", "2026-06-25T10:00:00Z"}
		if len(starts) != len(want) {
			t.Fatalf("schedule %v, want %v", starts, want)
		}
		for i := range want {
			if starts[i] != want[i] {
				t.Fatalf("schedule %v, want %v", starts, want)
			}
		}

		// Prepare the next meeting: it proposes the planned topics; plan two first.
		s.must("cora", "PATCH", "/api/v1/communities/iac/topics/3", `{"stage": "planned"}`, 200)
		s.must("cora", "PATCH", "/api/v1/communities/iac/topics/1", `{"stage": "planned"}`, 200)
		m := s.must("mel", "POST", "/api/v1/communities/iac/meetings", `{"occurrence": "2026-03-26T11:00:00Z"}`, 201)
		if agenda := m.body["agenda"].([]any); len(agenda) != 2 || agenda[0].(map[string]any)["id"] != float64(3) {
			t.Fatalf("proposed agenda: %s", m.raw)
		}
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/communities/iac/meetings/1", `{"status": "held"}`), 409)
		clock.Advance(24*24*60*60*1e9 + 2*60*60*1e9) // 26 March, 11:30
		for who := range s.tokens {
			tok, err := db.CreateToken(t.Context(), who, "later")
			if err != nil {
				t.Fatal(err)
			}
			s.tokens[who] = tok
		}
		held := s.must("fay", "PATCH", "/api/v1/communities/iac/meetings/1", `{"status": "held", "notes": "Agreed.", "attended": ["mel"]}`, 200)
		if held.body["notes_published_at"] == nil {
			t.Errorf("notes not published: %s", held.raw)
		}
		for _, id := range []string{"1", "3"} {
			tp := s.must("", "GET", "/api/v1/communities/iac/topics/"+id, "", 200)
			if tp.body["stage"] != "discussed" || tp.body["meeting_id"] != float64(1) {
				t.Errorf("topic %s after the meeting: %s", id, tp.raw)
			}
		}
		if tp := s.must("", "GET", "/api/v1/communities/iac/topics/2", "", 200); tp.body["stage"] != "proposed" {
			t.Errorf("a topic not on the agenda moved: %s", tp.raw)
		}
	})
}
