package copse

import (
	"strings"
	"testing"
	"time"
)

func TestNewResourceValidate(t *testing.T) {
	n := NewResource{Title: "  Migrating   Jenkins ", ResourceType: " Self-Service  Tools ", Body: "x",
		Personas: []string{"Developer", " developer ", "Product Owner", ""},
		Tags:     []string{"Beginner's Guide", "CI/CD", "ci/cd", "C++ (legacy)"}, Authors: []string{"ada", "Ada"}, Community: " IaC "}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.Title != "Migrating Jenkins" || n.ResourceType != "Self-Service Tools" || n.Visibility != VisibilityPublic || n.Community != "iac" {
		t.Errorf("normalised: %+v", n)
	}
	if strings.Join(n.Personas, "|") != "Developer|Product Owner" || strings.Join(n.Tags, "|") != "beginner's guide|ci/cd|c++ (legacy)" ||
		strings.Join(n.Authors, "|") != "ada" {
		t.Errorf("lists: %q %q %q", n.Personas, n.Tags, n.Authors)
	}

	tests := []struct {
		name  string
		n     NewResource
		field string
	}{
		{"no title", NewResource{Body: "x"}, "title"},
		{"long title", NewResource{Title: strings.Repeat("t", 201), Body: "x"}, "title"},
		{"neither body nor url", NewResource{Title: "T"}, "body"},
		{"blank body", NewResource{Title: "T", Body: " \n "}, "body"},
		{"binary body", NewResource{Title: "T", Body: "a\x00b"}, "body"},
		{"huge body", NewResource{Title: "T", Body: strings.Repeat("x", MaxResourceBody+1)}, "body"},
		{"script url", NewResource{Title: "T", URL: "javascript:alert(1)"}, "url"},
		{"members without a community", NewResource{Title: "T", Body: "x", Visibility: VisibilityMembers}, "visibility"},
		{"unknown visibility", NewResource{Title: "T", Body: "x", Visibility: "secret"}, "visibility"},
		{"bad date", NewResource{Title: "T", Body: "x", ReviewBy: "30/09/2026"}, "review_by"},
		{"bad tag", NewResource{Title: "T", Body: "x", Tags: []string{"<b>"}}, "tags"},
		{"too many personas", NewResource{Title: "T", Body: "x", Personas: strings.Fields("a b c d e f g h i j k")}, "personas"},
		{"long type", NewResource{Title: "T", Body: "x", ResourceType: strings.Repeat("t", 41)}, "resource_type"},
		{"unencodable metadata", NewResource{Title: "T", Body: "x", Metadata: map[string]any{"f": func() {}}}, "metadata"},
	}
	for _, tt := range tests {
		err := tt.n.Validate()
		if ErrorCode(err) != EINVALID || ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s: %v, want a message for %s", tt.name, err, tt.field)
		}
	}
	if err := (&NewResource{Title: "Deck", URL: "https://example.org/deck.pdf"}).Validate(); err != nil {
		t.Errorf("a link alone is a resource: %v", err)
	}
}

func TestResourceUpdateApply(t *testing.T) {
	r := &Resource{Title: "Old", Tags: []string{"a"}, Personas: []string{"Developer"}, Body: "b", Visibility: VisibilityPublic,
		Community: &CommunityRef{Slug: "iac"}, Authors: []Author{{Name: "Ada", Handle: "ada"}, {Name: "Patrick Simonian"}}}
	n := r.Input()
	title, none := "New", ""
	ResourceUpdate{Title: &title, Community: &none}.Apply(&n)
	if n.Title != "New" || n.Community != "" || strings.Join(n.Tags, ",") != "a" || strings.Join(n.Authors, ",") != "ada,Patrick Simonian" {
		t.Errorf("applied: %+v", n)
	}
}

func TestResourceStale(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	year := 365 * 24 * time.Hour
	recent, old := now.Add(-24*time.Hour), now.Add(-400*24*time.Hour)
	for _, tt := range []struct {
		name string
		r    Resource
		want bool
	}{
		{"fresh", Resource{UpdatedAt: recent}, false},
		{"untouched for over a year", Resource{UpdatedAt: old}, true},
		{"old but checked lately", Resource{UpdatedAt: old, ReviewedAt: &recent}, false},
		{"past its review-by date", Resource{UpdatedAt: recent, ReviewBy: "2026-05-31"}, true},
		{"due today", Resource{UpdatedAt: recent, ReviewBy: "2026-06-01"}, false},
	} {
		if got := tt.r.Stale(now, year); got != tt.want {
			t.Errorf("%s: stale %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestResourceRules(t *testing.T) {
	ada, bob, root := &User{ID: 1}, &User{ID: 2}, &User{ID: 3, Admin: true}
	inCommunity := &Resource{Title: "Guide", CreatedByID: 1, Community: &CommunityRef{Slug: "iac"}}
	siteWide := &Resource{Title: "Note", CreatedByID: 1}
	c := &Community{Name: "IaC", Status: StatusActive}
	archived := &Community{Name: "Old", Status: StatusArchived}
	for _, tt := range []struct {
		name         string
		v            Viewer
		r            *Resource
		edit, review bool
	}{
		{"anonymous", Viewer{}, inCommunity, false, false},
		{"author", Viewer{User: ada}, inCommunity, true, true},
		{"other member", Viewer{User: bob, Role: RoleMember}, inCommunity, false, true},
		{"core", Viewer{User: bob, Role: RoleCore}, inCommunity, true, true},
		{"facilitator", Viewer{User: bob, Role: RoleFacilitator}, inCommunity, true, true},
		{"outsider", Viewer{User: bob}, inCommunity, false, false},
		{"admin", Viewer{User: root}, inCommunity, true, true},
		{"someone else's site-wide", Viewer{User: bob}, siteWide, false, false},
	} {
		if got := tt.v.CanEditResource(tt.r); got != tt.edit {
			t.Errorf("%s edits: %v", tt.name, got)
		}
		if got := tt.v.CanReviewResource(tt.r); got != tt.review {
			t.Errorf("%s reviews: %v", tt.name, got)
		}
	}
	if err := (Viewer{}).AuthorizeResourceCreate(nil); ErrorCode(err) != EUNAUTHORIZED {
		t.Errorf("anonymous creates: %v", err)
	}
	if err := (Viewer{User: bob}).AuthorizeResourceCreate(nil); err != nil {
		t.Errorf("site-wide: %v", err)
	}
	if err := (Viewer{User: bob}).AuthorizeResourceCreate(c); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("outsider creates: %v", err)
	}
	if err := (Viewer{User: bob, Role: RoleContributor}).AuthorizeResourceCreate(c); err != nil {
		t.Errorf("contributor creates: %v", err)
	}
	if err := (Viewer{User: bob, Role: RoleMember}).AuthorizeResourceCreate(archived); ErrorCode(err) != ECONFLICT {
		t.Errorf("creates in an archived community: %v", err)
	}
	if err := (Viewer{User: ada}).AuthorizeResourceEdit(inCommunity, archived); ErrorCode(err) != ECONFLICT {
		t.Errorf("edits in an archived community: %v", err)
	}
}

func TestSearchFilterAndURL(t *testing.T) {
	if err := (&SearchFilter{Kind: "spaceship"}).Validate(); ErrorFields(err)["kind"] == "" {
		t.Errorf("bad kind: %v", err)
	}
	for _, tt := range []struct {
		kind, slug, want string
		id               int64
	}{
		{"community", "iac", "/communities/iac", 1}, {"resource", "", "/library/7", 7},
		{"topic", "iac", "/communities/iac/topics/3", 3}, {"question", "", "/questions/9", 9}, {"poll", "iac", "/communities/iac", 2},
	} {
		if got := SearchURL(tt.kind, tt.id, tt.slug); got != tt.want {
			t.Errorf("SearchURL(%s) = %q, want %q", tt.kind, got, tt.want)
		}
	}
}
