package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// library is a small site for the library's tests: "iac" (public), whose
// facilitator is fay, core member cora and member mel; "secret" (members only),
// facilitated by fay; otto, signed in and in neither; root, an admin.
type library struct {
	db                               *store.DB
	fay, cora, mel, otto, root, anon context.Context
	fayU, coraU, melU, ottoU, rootU  *copse.User
}

func newLibrary(t *testing.T, db *store.DB) *library {
	t.Helper()
	l := &library{db: db, anon: context.Background()}
	l.fayU, l.fay = storetest.User(t, db, "fay", false)
	l.coraU, l.cora = storetest.User(t, db, "cora", false)
	l.melU, l.mel = storetest.User(t, db, "mel", false)
	l.ottoU, l.otto = storetest.User(t, db, "otto", false)
	l.rootU, l.root = storetest.User(t, db, "root", true)
	for _, n := range []copse.NewCommunity{
		{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform and friends"},
		{Name: "Secret Society", Slug: "secret", Subject: "Members only", Visibility: copse.VisibilityMembers},
	} {
		if _, err := db.CreateCommunity(l.fay, n); err != nil {
			t.Fatal(err)
		}
	}
	for _, j := range []struct {
		ctx  context.Context
		role copse.Role
	}{{l.cora, copse.RoleMember}, {l.mel, copse.RoleMember}} {
		if _, _, err := db.Join(j.ctx, "iac", j.role); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetRole(l.fay, "iac", "cora", copse.RoleCore); err != nil {
		t.Fatal(err)
	}
	return l
}

func (l *library) create(t *testing.T, ctx context.Context, n copse.NewResource) *copse.Resource {
	t.Helper()
	r, _, err := l.db.CreateResource(ctx, n)
	if err != nil {
		t.Fatalf("create %q: %v", n.Title, err)
	}
	return r
}

const jenkinsBody = `## Migrating your Jenkins to the cloud

There is a UBI8 based Jenkins image now available to build in your namespaces. You can leverage this image on its own,
including the deployment configuration, or extend it with the plugins your pipelines need. Jenkins is becoming an older
CI/CD tool; while it works, there are better, more Kubernetes-native tools out there such as Tekton and GitHub Actions.

## Things to take into account before building and deploying

Check the plugins you rely on, the credentials your jobs use and the agents they run on. Move one pipeline first and
watch it for a week before you move the rest.`

func TestResourceLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		l := newLibrary(t, db)
		r := l.create(t, l.mel, copse.NewResource{Title: "  Migrating Jenkins ", Description: "Move your pipelines.",
			ResourceType: "Documentation", Personas: []string{"Developer", "developer", "Product Owner"},
			Tags: []string{"CI/CD", "Beginner's Guide", "ci/cd"}, Body: jenkinsBody, Community: "iac",
			Authors: []string{"mel", "Patrick Simonian"}, ReviewBy: "2026-06-01"})
		if r.Title != "Migrating Jenkins" || r.Community.Slug != "iac" || r.CreatedBy != "mel" || r.Visibility != copse.VisibilityPublic {
			t.Errorf("created: %+v", r)
		}
		if strings.Join(r.Tags, "|") != "ci/cd|beginner's guide" || strings.Join(r.Personas, "|") != "Developer|Product Owner" {
			t.Errorf("tags %q personas %q", r.Tags, r.Personas)
		}
		if len(r.Authors) != 2 || r.Authors[0].Handle != "mel" || r.Authors[0].Name != "Mel" || r.Authors[1] != (copse.Author{Name: "Patrick Simonian"}) {
			t.Errorf("authors %+v", r.Authors)
		}

		// Who may change it: mel wrote it; fay facilitates and cora is core; root is
		// an admin. otto is an outsider and anonymous readers must sign in.
		title := "Migrating Jenkins to OpenShift 4"
		for _, tt := range []struct {
			name string
			ctx  context.Context
			code string
		}{{"anonymous", l.anon, copse.EUNAUTHORIZED}, {"outsider", l.otto, copse.EFORBIDDEN},
			{"author", l.mel, ""}, {"core", l.cora, ""}, {"facilitator", l.fay, ""}, {"admin", l.root, ""}} {
			_, _, err := db.UpdateResource(tt.ctx, r.ID, copse.ResourceUpdate{Title: &title})
			if copse.ErrorCode(err) != tt.code {
				t.Errorf("%s edits: %v, want %q", tt.name, err, tt.code)
			}
		}
		// A member who did not write it may not change it.
		other := l.create(t, l.cora, copse.NewResource{Title: "Terraform state", Body: "Keep state remote and locked.", Community: "iac"})
		if _, _, err := db.UpdateResource(l.mel, other.ID, copse.ResourceUpdate{Title: &title}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member edits another's resource: %v", err)
		}
		// Outsiders may not add to a community's library; anyone signed in adds site-wide.
		if _, _, err := db.CreateResource(l.otto, copse.NewResource{Title: "X", Body: "x", Community: "iac"}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("an outsider adds to iac: %v", err)
		}
		if _, _, err := db.CreateResource(l.anon, copse.NewResource{Title: "X", Body: "x"}); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Errorf("anonymous adds: %v", err)
		}
		l.create(t, l.otto, copse.NewResource{Title: "Site-wide note", Body: "For everyone."})

		// Every bad field at once, and nothing written.
		_, _, err := db.CreateResource(l.mel, copse.NewResource{Title: "", URL: "javascript:alert(1)", Visibility: "members",
			ReviewBy: "soon", Tags: []string{"<b>"}})
		for _, f := range []string{"title", "url", "visibility", "review_by", "tags"} {
			if copse.ErrorFields(err)[f] == "" {
				t.Errorf("no message for %s in %v", f, err)
			}
		}
		_, _, err = db.CreateResource(l.mel, copse.NewResource{Title: "Ghost", Body: "x", Community: "nope"})
		if copse.ErrorFields(err)["community"] == "" {
			t.Errorf("unknown community: %v", err)
		}

		// Archived communities are read-only.
		archived := copse.StatusArchived
		if _, err := db.UpdateCommunity(l.fay, "iac", copse.CommunityUpdate{Status: &archived}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.UpdateResource(l.fay, r.ID, copse.ResourceUpdate{Title: &title}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("edit in an archived community: %v", err)
		}
		if _, err := db.MarkReviewed(l.mel, r.ID); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("review in an archived community: %v", err)
		}
		active := copse.StatusActive
		if _, err := db.UpdateCommunity(l.fay, "iac", copse.CommunityUpdate{Status: &active}); err != nil {
			t.Fatal(err)
		}

		// Freshness: past its review-by date it needs review; "still accurate" clears it.
		clock.Advance(120 * 24 * time.Hour)
		got, _, err := db.FindResource(l.anon, r.ID)
		if err != nil || !got.NeedsReview {
			t.Fatalf("after its review-by date: %v, needs review %v", err, got.NeedsReview)
		}
		stale, err := db.ListResources(l.anon, copse.ResourceFilter{NeedsReview: true, Community: "iac"})
		if err != nil || len(stale.Items) != 1 || stale.Items[0].ID != r.ID {
			t.Fatalf("needs review: %v %v", err, titles(stale.Items))
		}
		if _, err := db.MarkReviewed(l.otto, r.ID); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("an outsider vouches: %v", err)
		}
		got, err = db.MarkReviewed(l.mel, r.ID)
		if err != nil || got.NeedsReview || got.ReviewedBy != "mel" || got.ReviewBy <= "2026-07-01" {
			t.Fatalf("still accurate: %v %+v", err, got)
		}
		stale, _ = db.ListResources(l.anon, copse.ResourceFilter{NeedsReview: true, Community: "iac"})
		if len(stale.Items) != 0 {
			t.Errorf("still needs review after a check: %v", titles(stale.Items))
		}
		// Untouched for longer than the review period, it needs review again.
		if err := db.SetReviewAfter(l.root, 30); err != nil {
			t.Fatal(err)
		}
		if err := db.SetReviewAfter(l.mel, 30); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member sets the review period: %v", err)
		}
		clock.Advance(31 * 24 * time.Hour)
		stale, _ = db.ListResources(l.anon, copse.ResourceFilter{NeedsReview: true, Community: "iac"})
		if len(stale.Items) != 2 {
			t.Errorf("untouched for a month: %v", titles(stale.Items))
		}

		if err := db.DeleteResource(l.otto, r.ID); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("outsider deletes: %v", err)
		}
		if err := db.DeleteResource(l.fay, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.FindResource(l.fay, r.ID); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Errorf("deleted resource: %v", err)
		}
		if res, _ := db.Search(l.anon, "jenkins", copse.SearchFilter{}); len(res.Items) != 0 {
			t.Errorf("a deleted resource is still found: %+v", res.Items)
		}
	})
}

func titles(rs []*copse.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}
