package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestMembershipFlows drives joins, interest, roles and archiving through the forms
// and checks that the next page shows the change, as a person would.
func TestMembershipFlows(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)

		t.Run("join, become active, leave", func(t *testing.T) {
			s.cyd.post("/communities/iac/join", form("role", "member")).redirects(t, "/communities/iac?notice=joined")
			s.cyd.get("/communities/iac?notice=joined").expect(t, http.StatusOK, "You have joined this community.", "You are a member", `badge-active`)
			s.anon.get("/communities").expect(t, http.StatusOK, "Active communities")
			s.cyd.post("/communities/iac/leave", nil).redirects(t, "/communities/iac?notice=left")
			s.cyd.get("/communities/iac").expect(t, http.StatusOK, "Join Infrastructure as Code", "badge-forming")
		})
		t.Run("join as contributor does not count", func(t *testing.T) {
			s.cyd.post("/communities/iac/join", form("role", "contributor")).redirects(t, "/communities/iac?notice=joined")
			s.cyd.get("/communities/iac").expect(t, http.StatusOK, "You are a contributor", "2 of 3 members", "Contributors")
			s.cyd.post("/communities/iac/leave", nil).redirects(t, "/communities/iac?notice=left")
		})
		t.Run("a member cannot give themselves the core role", func(t *testing.T) {
			s.cyd.post("/communities/iac/join", form("role", "core")).expect(t, http.StatusForbidden, "You cannot do this")
		})
		t.Run("anonymous join asks to sign in", func(t *testing.T) {
			s.anon.post("/communities/iac/join", form("role", "member")).expect(t, http.StatusUnauthorized, "Sign in to do this", `href="/signin`)
		})
		t.Run("the last facilitator cannot just leave", func(t *testing.T) {
			s.ada.get("/communities/iac").expect(t, http.StatusOK, "You are its only facilitator")
			s.ada.post("/communities/iac/leave", nil).expect(t, http.StatusConflict, "last facilitator")
		})
		t.Run("interest in a suggestion, and taking it on", func(t *testing.T) {
			s.bob.post("/communities/openshift/interest", form("back", "/")).redirects(t, "/?notice=interested")
			s.bob.get("/communities/openshift").expect(t, http.StatusOK, "2 people are interested", "You are one of them", "Withdraw interest")
			s.bob.post("/communities/openshift/interest/withdraw", form("back", "//evil.example")).redirects(t, "/communities/openshift?notice=withdrawn")
			s.bob.get("/communities/openshift").expect(t, http.StatusOK, "1 person is interested", "I’m interested")
			s.bob.post("/communities/openshift/join", form("role", "member")).expect(t, http.StatusConflict, "register your interest")
			s.bob.post("/communities/openshift/join", form("role", "facilitator")).redirects(t, "/communities/openshift?notice=facilitating")
			s.bob.get("/communities/openshift").expect(t, http.StatusOK, "You are a facilitator", "badge-forming", "Manage members")
		})
		t.Run("a facilitator changes roles, removes and adds people", func(t *testing.T) {
			s.ada.post("/communities/iac/members/bob/role", form("role", "core")).redirects(t, "/communities/iac/members?notice=role")
			s.ada.get("/communities/iac/members").expect(t, http.StatusOK, "core member")
			s.bob.get("/communities/iac").expect(t, http.StatusOK, "You are a core member")
			s.bob.post("/communities/iac/members/ada/role", form("role", "member")).expect(t, http.StatusForbidden)
			s.ada.post("/communities/iac/members", form("handle", "nobody", "role", "member")).
				expect(t, http.StatusUnprocessableEntity, "There is a problem", `no one has the handle`, `aria-invalid="true"`, `value="nobody"`)
			s.ada.post("/communities/iac/members", form("handle", "@Cyd", "role", "contributor")).redirects(t, "/communities/iac/members?notice=added")
			s.ada.get("/communities/iac/members?notice=added").expect(t, http.StatusOK, "The person is added", "@cyd", "contributor")
			s.ada.post("/communities/iac/members", form("handle", "cyd", "role", "member")).expect(t, http.StatusUnprocessableEntity, "already a contributor")
			s.ada.post("/communities/iac/members/cyd/remove", nil).redirects(t, "/communities/iac/members?notice=removed")
			s.ada.get("/communities/iac/members").lacks(t, "@cyd")
		})
		t.Run("archive and restore", func(t *testing.T) {
			s.bob.post("/communities/iac/archive", nil).expect(t, http.StatusForbidden)
			s.ada.post("/communities/iac/archive", nil).redirects(t, "/communities/iac?notice=archived")
			page := s.bob.get("/communities/iac")
			page.expect(t, http.StatusOK, "This community is archived", "badge-archived")
			page.lacks(t, "Leave Infrastructure", "Restore this community")
			s.cyd.post("/communities/iac/join", form("role", "member")).expect(t, http.StatusConflict, "archived and read-only")
			s.anon.get("/communities").lacks(t, "Infrastructure as Code")
			s.ada.post("/communities/iac/restore", nil).redirects(t, "/communities/iac?notice=restored")
			s.anon.get("/communities/iac").expect(t, http.StatusOK, "badge-forming").lacks(t, "This community is archived")
		})
		t.Run("leaving a members-only community goes back to the list", func(t *testing.T) {
			s.ada.post("/communities/secret/members", form("handle", "cyd", "role", "member")).redirects(t, "/communities/secret/members?notice=added")
			s.cyd.post("/communities/secret/leave", nil).redirects(t, "/communities?notice=left")
		})
	})
}

// TestCommunityForm checks that the new-community and edit forms create what they
// say, and show every problem at once with the person's values kept.
func TestCommunityForm(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		valid := func(kv ...string) []string {
			base := map[string]string{"name": "Accessibility Guild", "subject": "Making services work for everyone",
				"visibility": "public", "cadence": "monthly", "cadence_week": "2", "cadence_day": "TU",
				"cadence_time": "14:30", "cadence_timezone": "Europe/London", "cadence_duration": "45"}
			for i := 0; i+1 < len(kv); i += 2 {
				base[kv[i]] = kv[i+1]
			}
			var out []string
			for k, v := range base {
				out = append(out, k, v)
			}
			return out
		}
		invalid := []struct {
			name   string
			fields []string
			status int
			want   []string
		}{
			{"everything missing", []string{"name", "", "subject", ""}, 422, []string{"Name is required", "Subject is required", `href="#name"`, `id="name-error"`, `aria-describedby="name-hint name-error"`}},
			{"bad channel link", []string{"channel_name", "#a11y", "channel_url", "chat.example.org"}, 422, []string{"Channel link must be a full http:// or https:// address", `value="#a11y"`, `value="Accessibility Guild"`}},
			{"unknown time zone", []string{"cadence_timezone", "Mars/Olympus"}, 422, []string{"Time zone: &#34;Mars/Olympus&#34; is not an IANA time zone"}},
			{"preset without a time", []string{"cadence_time", ""}, 422, []string{"Time of day is required"}},
			{"bad custom rule", []string{"cadence", "custom", "cadence_rrule", "FREQ=HOURLY"}, 422, []string{`href="#cadence_rrule"`, "too often"}},
			{"custom rule missing", []string{"cadence", "custom", "cadence_rrule", ""}, 422, []string{"Custom rule is required for a custom rule"}},
			{"reserved slug", []string{"slug", "new"}, 422, []string{"Web address: &#34;new&#34; is reserved"}},
			{"taken slug", []string{"slug", "iac"}, 409, []string{"Web address is taken; choose another"}},
			{"bad link", []string{"link_title_0", "", "link_url_0", "", "link_title_1", "Repo", "link_url_1", "nope"}, 422, []string{`href="#link_url_1"`, "Link 2 address must be a full"}},
			{"bad tags", []string{"tags", "ok, !!!"}, 422, []string{"Tags: &#34;!!!&#34; is not a tag"}},
		}
		for _, tt := range invalid {
			t.Run(tt.name, func(t *testing.T) {
				r := s.ada.post("/communities", form(valid(tt.fields...)...))
				r.expect(t, tt.status, append([]string{"<title>Error: ", "There is a problem"}, tt.want...)...)
			})
		}
		t.Run("create with a preset cadence and links", func(t *testing.T) {
			r := s.ada.post("/communities", form(valid("tags", "a11y, WCAG", "link_title_0", "Handbook", "link_url_0", "https://example.org/handbook")...))
			r.redirects(t, "/communities/accessibility-guild?notice=created")
			s.anon.get("/communities/accessibility-guild").expect(t, http.StatusOK, "Monthly on the second Tuesday, 14:30–15:15 London time",
				"Handbook", `href="/communities?tag=wcag"`, "badge-forming")
		})
		t.Run("create a suggestion", func(t *testing.T) {
			r := s.bob.post("/communities", form(valid("name", "Design Systems", "cadence", "", "suggested", "yes")...))
			r.redirects(t, "/communities/design-systems?notice=suggested")
			s.bob.get("/communities/design-systems").expect(t, http.StatusOK, "badge-suggested", "Take the facilitator role",
				"1 person is interested", "You are one of them")
		})
		t.Run("anonymous create is refused", func(t *testing.T) {
			s.anon.post("/communities", form(valid()...)).expect(t, http.StatusUnauthorized)
		})
		t.Run("edit shows the preset and saves a custom rule", func(t *testing.T) {
			s.ada.get("/communities/accessibility-guild/edit").expect(t, http.StatusOK, `value="monthly" checked`, `<option value="2" selected>`, `value="14:30"`)
			edit := valid("name", "Accessibility Guild", "cadence", "custom", "cadence_rrule", "FREQ=WEEKLY;BYDAY=MO,TH", "cadence_time", "09:00",
				"description", "# Hello", "channel_name", "#a11y")
			s.ada.post("/communities/accessibility-guild/edit", form(edit...)).redirects(t, "/communities/accessibility-guild?notice=updated")
			s.anon.get("/communities/accessibility-guild").expect(t, http.StatusOK, "Weekly on Monday and Thursday, 09:00–09:45 London time", "#a11y", "Hello")
			s.ada.get("/communities/accessibility-guild/edit").expect(t, http.StatusOK, `value="custom" checked`, "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0")
		})
		t.Run("edit errors keep the values", func(t *testing.T) {
			r := s.ada.post("/communities/iac/edit", form(valid("name", "X", "subject", "Still here")...))
			r.expect(t, http.StatusUnprocessableEntity, "Name must be at least 2 characters", `value="Still here"`, "<h1>Edit Infrastructure as Code</h1>")
			s.bob.post("/communities/iac/edit", form(valid()...)).expect(t, http.StatusForbidden)
		})
		t.Run("edit removes the cadence", func(t *testing.T) {
			s.ada.post("/communities/iac/edit", form(valid("name", "Infrastructure as Code", "cadence", "")...)).redirects(t, "/communities/iac?notice=updated")
			s.anon.get("/communities/iac").expect(t, http.StatusOK, "No regular meeting yet")
		})
		t.Run("a form over 64 KiB is refused", func(t *testing.T) {
			s.ada.post("/communities", form(valid("description", strings.Repeat("x", 70<<10))...)).expect(t, http.StatusRequestEntityTooLarge, "too much")
		})
	})
}

// TestSuggestedTakeover checks that taking the facilitator role of a suggestion
// makes it forming and then active as people join (min_members is 3).
func TestSuggestedTakeover(t *testing.T) {
	db, _ := storetest.SQLite(t)
	s := newSite(t, db)
	s.ada.post("/communities/openshift/join", form("role", "facilitator")).redirects(t, "/communities/openshift?notice=facilitating")
	s.bob.post("/communities/openshift/join", form("role", "member")).redirects(t, "/communities/openshift?notice=joined")
	s.cyd.post("/communities/openshift/join", form()).redirects(t, "/communities/openshift?notice=joined")
	s.anon.get("/communities/openshift").expect(t, http.StatusOK, "badge-active")
	if c, _, err := db.FindCommunity(context.Background(), "openshift"); err != nil || c.Status != copse.StatusActive {
		t.Fatalf("openshift is %v (%v), want active", c, err)
	}
}
