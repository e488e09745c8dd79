package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// site is a small site with one community of each kind and people in each role.
type site struct {
	*app
	anon, root, ada, bob, cyd *client // root is an admin; ada facilitates; bob is a member; cyd is not
}

func newSite(t testing.TB, db *store.DB) *site {
	t.Helper()
	a := newApp(t, db)
	s := &site{app: a, anon: a.anon(), root: a.as("root", true), ada: a.as("ada", false), bob: a.as("bob", false), cyd: a.as("cyd", false)}
	s.ada.community(copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform and GitOps",
		Description: "## Vision\nShare **what works**.", Tags: []string{"terraform"},
		Channel: copse.Channel{Name: "#cp_iac", URL: "https://chat.example.org/cp_iac"},
		Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}})
	s.bob.join("iac", copse.RoleMember)
	s.ada.community(copse.NewCommunity{Name: "Secret Society", Slug: "secret", Subject: "Members only", Visibility: copse.VisibilityMembers})
	s.cyd.community(copse.NewCommunity{Name: "OpenShift", Subject: "Running apps on OpenShift", Suggested: true})
	s.ada.community(copse.NewCommunity{Name: "Old Times", Slug: "old", Subject: "What we did before"})
	status := copse.StatusArchived
	if _, err := db.UpdateCommunity(s.ada.ctx(), "old", copse.CommunityUpdate{Status: &status}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPagesByViewer checks every page answers the right person with 200 and the
// wrong one with the right status.
func TestPagesByViewer(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		s := newSite(t, db)
		tests := []struct {
			name   string
			who    *client
			path   string
			status int
			want   []string
		}{
			{"home", s.anon, "/", 200, []string{"<h1>What is alive now</h1>", "Forming: join to get them going", "Suggested: looking for a facilitator", "Sign in to show interest"}},
			{"home signed in", s.bob, "/", 200, []string{"Start a community", "I’m interested"}},
			{"directory", s.anon, "/communities", 200, []string{"Forming communities", "Suggested communities", "#cp_iac", `href="/people/ada"`}},
			{"directory hides archived", s.anon, "/communities", 200, nil},
			{"directory archived filter", s.anon, "/communities?status=archived", 200, []string{"Archived communities", "Old Times"}},
			{"directory tag filter", s.anon, "/communities?tag=terraform", 200, []string{"Infrastructure as Code"}},
			{"directory text filter", s.anon, "/communities?q=nothing+like+this", 200, []string{"No communities match"}},
			{"directory bad status", s.anon, "/communities?status=bogus", 422, []string{"There is a problem", "Status must be one of the choices shown"}},
			{"directory bad cursor", s.anon, "/communities?cursor=%21%21", 422, []string{"There is a problem"}},
			{"community", s.anon, "/communities/iac", 200, []string{"<h1>Infrastructure as Code</h1>", "Monthly on the fourth Thursday, 11:00–12:00 London time", "<strong>what works</strong>", "2 of 3 members", "Sign in to join"}},
			{"community as member", s.bob, "/communities/iac", 200, []string{"You are a member", "Leave Infrastructure as Code"}},
			{"community as outsider", s.cyd, "/communities/iac", 200, []string{"Join Infrastructure as Code", `value="contributor"`}},
			{"community as facilitator", s.ada, "/communities/iac", 200, []string{"Manage members", "Archive this community"}},
			{"members-only to anonymous", s.anon, "/communities/secret", 404, []string{"Page not found"}},
			{"members-only to outsider", s.cyd, "/communities/secret", 404, nil},
			{"members-only to member", s.ada, "/communities/secret", 200, nil},
			{"members-only to admin", s.root, "/communities/secret", 200, nil},
			{"unknown community", s.ada, "/communities/nope", 404, []string{"Page not found"}},
			{"unknown path", s.anon, "/no/such/page", 404, []string{"Page not found"}},
			{"suggested", s.bob, "/communities/openshift", 200, []string{"Suggested: looking for a facilitator", "I’m interested", "Take the facilitator role"}},
			{"archived", s.ada, "/communities/old", 200, []string{"This community is archived", "Restore this community"}},
			{"new form", s.ada, "/communities/new", 200, []string{"<h1>Start a community</h1>", "This is a suggestion: we need a facilitator", `list="zones"`}},
			{"edit form", s.ada, "/communities/iac/edit", 200, []string{"<h1>Edit Infrastructure as Code</h1>", `value="monthly" checked`, `<option value="TH" selected>`}},
			{"edit by admin", s.root, "/communities/iac/edit", 200, nil},
			{"edit by member", s.bob, "/communities/iac/edit", 403, []string{"You cannot do this"}},
			{"edit archived", s.ada, "/communities/old/edit", 409, []string{"read-only"}},
			{"archive confirm", s.ada, "/communities/iac/archive", 200, []string{"Yes, archive it"}},
			{"archive confirm by member", s.bob, "/communities/iac/archive", 403, nil},
			{"members", s.anon, "/communities/iac/members", 200, []string{"Members of Infrastructure as Code", "facilitator"}},
			{"members managed", s.ada, "/communities/iac/members", 200, []string{"Add a person", "Change<span"}},
			{"members of hidden", s.cyd, "/communities/secret/members", 404, nil},
			{"person", s.anon, "/people/ada", 200, []string{"<h1>Ada</h1>", "Infrastructure as Code"}},
			{"person hides what viewer cannot see", s.anon, "/people/ada", 200, nil},
			{"unknown person", s.anon, "/people/nobody", 404, nil},
			{"account", s.bob, "/account", 200, []string{"bob@example.org", "Change your password"}},
			{"admin", s.root, "/admin", 200, []string{"Site settings", "Add a person"}},
			{"admin by non-admin", s.ada, "/admin", 403, []string{"Only admins"}},
			{"sign in", s.anon, "/signin", 200, []string{"<h1>Sign in</h1>"}},
			{"setup with a bad token", s.anon, "/setup?token=nope", 403, []string{"This setup link no longer works"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.who.get(tt.path).expect(t, tt.status, tt.want...)
			})
		}

		t.Run("anonymous people are sent to sign in and back", func(t *testing.T) {
			for _, path := range []string{"/communities/new", "/communities/iac/edit", "/account", "/admin"} {
				s.anon.get(path).redirects(t, "/signin?next="+url.QueryEscape(path))
			}
		})
		t.Run("what anonymous people must not see", func(t *testing.T) {
			s.anon.get("/communities").lacks(t, "Old Times", "Secret Society")
			s.anon.get("/people/ada").lacks(t, "Secret Society", "ada@example.org")
			s.cyd.get("/communities/iac").lacks(t, "Manage members", "Archive this community")
			s.ada.get("/communities/old").lacks(t, "Join Old Times", "Leave Old Times", "Edit<span")
		})
		t.Run("signed-in links and sign out in the header", func(t *testing.T) {
			s.ada.get("/").expect(t, http.StatusOK, `action="/signout"`, `href="/account"`)
			s.root.get("/").expect(t, http.StatusOK, `href="/admin"`)
		})
	})
}

// TestDirectoryPages follows the directory's next-page links to the end: every
// community appears once, and the filters stay on.
func TestDirectoryPages(t *testing.T) {
	db, _ := storetest.SQLite(t)
	a := newApp(t, db)
	ada := a.as("ada", false)
	const n = copse.DefaultLimit + 7
	for i := range n {
		ada.community(copse.NewCommunity{Name: fmt.Sprintf("Guild %03d", i), Subject: "Practice", Tags: []string{"guild"}})
	}
	seen := map[string]bool{}
	path := "/communities?tag=guild"
	for pages := 0; path != ""; pages++ {
		if pages > 3 {
			t.Fatal("the pages do not end")
		}
		r := a.anon().get(path)
		r.expect(t, http.StatusOK)
		for _, m := range regexp.MustCompile(`href="/communities/(guild-\d+)"`).FindAllStringSubmatch(r.Body, -1) {
			if seen[m[1]] {
				t.Errorf("%s is listed twice", m[1])
			}
			seen[m[1]] = true
		}
		path = ""
		if m := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(r.Body); m != nil {
			path = html.UnescapeString(m[1])
			if !strings.Contains(path, "tag=guild") {
				t.Errorf("the next page drops the filter: %s", path)
			}
		}
	}
	if len(seen) != n {
		t.Errorf("saw %d communities over the pages, want %d", len(seen), n)
	}
}
