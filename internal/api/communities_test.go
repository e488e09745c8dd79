package api_test

import (
	"strings"
	"testing"

	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestCreateCommunity(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		body := `{"name": "UK Public Sector Cloud", "subject": "Cloud in the public sector", "description": "## Vision\nHelp each other.",
			"tags": ["Cloud", "public sector"], "visibility": "public", "channel": {"name": "#cloud", "url": "https://ukgovernmentdigital.slack.com/archives/C04FA6GL49J"},
			"cadence": {"rrule": "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", "timezone": "Europe/London", "duration_minutes": 60},
			"links": [{"title": "Site", "url": "https://cloud.example.org"}]}`
		r := s.must("otto", "POST", "/api/v1/communities", body, 201)
		if r.header.Get("Location") != "/api/v1/communities/uk-public-sector-cloud" {
			t.Errorf("Location = %q", r.header.Get("Location"))
		}
		b := r.body
		if b["slug"] != "uk-public-sector-cloud" || b["status"] != "forming" || b["member_count"] != float64(1) {
			t.Errorf("created: %s", r.raw)
		}
		if f := b["facilitators"].([]any); len(f) != 1 || f[0] != "otto" {
			t.Errorf("facilitators = %v", f)
		}
		cad := b["cadence"].(map[string]any)
		if !strings.Contains(cad["description"].(string), "fourth Thursday") {
			t.Errorf("cadence in words: %v", cad["description"])
		}
		if tags := b["tags"].([]any); tags[0] != "cloud" {
			t.Errorf("tags = %v", tags)
		}
		got := s.must("", "GET", "/api/v1/communities/uk-public-sector-cloud", "", 200)
		if got.body["name"] != "UK Public Sector Cloud" || got.body["channel"].(map[string]any)["name"] != "#cloud" {
			t.Errorf("read back: %s", got.raw)
		}

		tests := []struct {
			name   string
			who    string
			body   string
			ctype  string
			status int
			fields []string
		}{
			{"anonymous", "", `{"name": "X ray", "subject": "X rays"}`, "", 401, nil},
			{"invalid fields", "otto", `{"name": "", "subject": "", "visibility": "secret", "channel": {"url": "javascript:x"}, "links": [{"title": "", "url": "x"}], "cadence": {"rrule": "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11", "timezone": "Mars/Base"}}`, "", 422,
				[]string{"name", "subject", "visibility", "channel.url", "channel.name", "links[0].title", "links[0].url", "cadence.timezone"}},
			{"duplicate slug", "otto", `{"name": "IaC", "slug": "iac", "subject": "Again"}`, "", 409, []string{"slug"}},
			{"malformed JSON", "otto", `{"name": `, "", 400, nil},
			{"unknown field", "otto", `{"name": "Zed", "subject": "Zed things", "colour": "red"}`, "", 400, nil},
			{"unknown nested field", "otto", `{"name": "Zed", "subject": "Zed things", "channel": {"name": "#z", "topic": "x"}}`, "", 400, nil},
			{"wrong type", "otto", `{"name": 7, "subject": "Zed things"}`, "", 400, nil},
			{"two values", "otto", `{"name": "Zed", "subject": "Zed things"} {}`, "", 400, nil},
			{"wrong content type", "otto", `name=Zed`, "application/x-www-form-urlencoded", 415, nil},
			{"too large", "otto", `{"name": "Zed", "subject": "Zed", "description": "` + strings.Repeat("x", 1<<20) + `"}`, "", 413, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var hdr []string
				if tt.ctype != "" {
					hdr = []string{"Content-Type", tt.ctype}
				}
				r := s.call(tt.who, "POST", "/api/v1/communities", tt.body, hdr...)
				checkProblem(t, r, tt.status, tt.fields...)
				if strings.Contains(tt.name, "unknown") && !strings.Contains(r.body["detail"].(string), `"`) {
					t.Errorf("the problem does not name the unknown field: %s", r.raw)
				}
			})
		}
		list := s.must("", "GET", "/api/v1/communities?q=zed", "", 200)
		if len(items(list)) != 0 {
			t.Errorf("a failed request left a community behind: %s", list.raw)
		}
	})
}

func TestListCommunities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		for _, n := range []string{"Alpha", "Bravo", "Charlie"} {
			s.must("otto", "POST", "/api/v1/communities", `{"name": "`+n+`", "subject": "About `+n+`", "tags": ["abc"]}`, 201)
		}
		s.must("otto", "POST", "/api/v1/communities", `{"name": "Secret", "subject": "Members only", "visibility": "members"}`, 201)
		s.must("otto", "POST", "/api/v1/communities", `{"name": "OpenShift", "subject": "Wanted", "suggested": true}`, 201)

		var slugs []string
		cursor := ""
		for range 10 {
			r := s.must("", "GET", "/api/v1/communities?limit=2&cursor="+cursor, "", 200)
			for _, c := range items(r) {
				slugs = append(slugs, c["slug"].(string))
			}
			if cursor = r.body["next_cursor"].(string); cursor == "" {
				break
			}
		}
		if strings.Join(slugs, ",") != "alpha,bravo,charlie,iac,openshift" {
			t.Errorf("anonymous pages through %v", slugs)
		}
		for _, tt := range []struct{ who, query, want string }{
			{"otto", "", "alpha,bravo,charlie,iac,openshift,secret"},
			{"mel", "", "alpha,bravo,charlie,iac,openshift"},
			{"root", "?status=suggested", "openshift"},
			{"", "?status=active,forming&tag=abc", "alpha,bravo,charlie"},
			{"", "?q=brav", "bravo"},
			{"", "?member=mel", "iac"},
			{"", "?status=forming&status=suggested&q=open", "openshift"},
		} {
			r := s.must(tt.who, "GET", "/api/v1/communities"+tt.query, "", 200)
			var got []string
			for _, c := range items(r) {
				got = append(got, c["slug"].(string))
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("%q lists %s: %v, want %s", tt.who, tt.query, got, tt.want)
			}
		}
		for q, field := range map[string]string{"?limit=0": "limit", "?limit=201": "limit", "?limit=x": "limit", "?status=alive": "status", "?cursor=@@": "cursor"} {
			checkProblem(t, s.call("", "GET", "/api/v1/communities"+q, ""), 422, field)
		}
	})
}

func TestUpdateCommunity(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		for _, tt := range []struct {
			who    string
			status int
		}{{"", 401}, {"otto", 403}, {"mel", 403}, {"cora", 403}} {
			checkProblem(t, s.call(tt.who, "PATCH", "/api/v1/communities/iac", `{"subject": "Changed"}`), tt.status)
		}
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/communities/nope", `{"subject": "Changed"}`), 404)
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/communities/iac", `{"subject": "", "tags": ["<b>"]}`), 422, "subject", "tags")
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/communities/iac", `{"status": "active"}`), 422, "status")

		r := s.must("fay", "PATCH", "/api/v1/communities/iac", `{"subject": "Terraform, Pulumi", "tags": ["terraform"],
			"cadence": {"rrule": "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14;BYMINUTE=0", "timezone": "America/Vancouver"}}`, 200)
		if r.body["subject"] != "Terraform, Pulumi" || r.body["name"] != "Infrastructure as Code" || r.body["cadence"] == nil {
			t.Errorf("patched: %s", r.raw)
		}
		r = s.must("root", "PATCH", "/api/v1/communities/iac", `{"cadence": null, "channel": {"name": "#cp_iac"}}`, 200)
		if r.body["cadence"] != nil || r.body["channel"].(map[string]any)["name"] != "#cp_iac" {
			t.Errorf("cadence removed by an admin: %s", r.raw)
		}

		s.must("fay", "PATCH", "/api/v1/communities/iac", `{"status": "archived"}`, 200)
		checkProblem(t, s.call("fay", "PATCH", "/api/v1/communities/iac", `{"subject": "Again"}`), 409)
		checkProblem(t, s.call("otto", "POST", "/api/v1/communities/iac/members", ``), 409)
		checkProblem(t, s.call("mel", "DELETE", "/api/v1/communities/iac/members/mel", ``), 409)
		r = s.must("fay", "PATCH", "/api/v1/communities/iac", `{"status": "active"}`, 200)
		if r.body["status"] != "active" {
			t.Errorf("restored to %v, want active (three counted members)", r.body["status"])
		}
	})
}
