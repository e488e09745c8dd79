package store_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		l := newLibrary(t, db)
		jenkins := l.create(t, l.mel, copse.NewResource{Title: "Migrating Jenkins", Body: jenkinsBody, Community: "iac", Tags: []string{"ci/cd"}})
		l.create(t, l.otto, copse.NewResource{Title: "Pipelines without Jenkins", Body: "Tekton runs <script>alert(1)</script> pipelines natively on Kubernetes & OpenShift."})
		l.create(t, l.fay, copse.NewResource{Title: "Kubernetes policies", Body: "Network policies keep namespaces apart.", Community: "secret"})
		l.create(t, l.fay, copse.NewResource{Title: "Signed-in only", Body: "Kubernetes quotas for signed-in readers.", Visibility: copse.VisibilitySignedIn})

		find := func(ctx string, q string, f copse.SearchFilter) []copse.SearchResult {
			t.Helper()
			c := l.anon
			switch ctx {
			case "fay":
				c = l.fay
			case "otto":
				c = l.otto
			case "root":
				c = l.root
			}
			page, err := db.Search(c, q, f)
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return page.Items
		}
		// Stemming: "migrate" finds "Migrating"; a title match ranks above a body match.
		got := find("", "migrate jenkins", copse.SearchFilter{})
		if len(got) != 1 || got[0].ID != itoa(jenkins.ID) || got[0].URL != "/library/"+itoa(jenkins.ID) || got[0].Kind != "resource" {
			t.Fatalf("migrate jenkins: %+v", got)
		}
		if !strings.Contains(got[0].TitleHTML, "<mark>Migrating</mark>") || got[0].Community.Slug != "iac" {
			t.Errorf("title highlight %q, community %+v", got[0].TitleHTML, got[0].Community)
		}
		got = find("", "jenkins", copse.SearchFilter{})
		if len(got) != 2 || got[0].Title != "Migrating Jenkins" && got[0].Title != "Pipelines without Jenkins" {
			t.Errorf("jenkins: %+v", got)
		}
		// Prefix matching as you type, words from the body, snippets that are safe HTML.
		got = find("", "tekt", copse.SearchFilter{Kind: "resource", Community: ""})
		if len(got) != 2 || !strings.Contains(got[0].Snippet, "<mark>Tekton</mark>") || !strings.Contains(got[1].Snippet, "&amp;") && !strings.Contains(got[0].Snippet, "&amp;") {
			t.Fatalf("tekt: %+v", got)
		}
		for _, r := range got {
			if s := strings.ReplaceAll(strings.ReplaceAll(r.Snippet, "<mark>", ""), "</mark>", ""); strings.ContainsAny(s, "<>") {
				t.Errorf("snippet has markup besides <mark>: %q", r.Snippet)
			}
		}
		// Communities are found by name, subject and charter.
		got = find("", "terraform", copse.SearchFilter{Kind: "community"})
		if len(got) != 1 || got[0].ID != "iac" || got[0].URL != "/communities/iac" {
			t.Errorf("terraform communities: %+v", got)
		}
		// Visibility: the members-only community and its resources only for members;
		// signed-in resources only for people signed in.
		for _, tt := range []struct {
			who  string
			want []string
		}{
			{"", []string{"Migrating Jenkins", "Pipelines without Jenkins"}},
			{"otto", []string{"Migrating Jenkins", "Pipelines without Jenkins", "Signed-in only"}},
			{"fay", []string{"Kubernetes policies", "Migrating Jenkins", "Pipelines without Jenkins", "Signed-in only"}},
			{"root", []string{"Kubernetes policies", "Migrating Jenkins", "Pipelines without Jenkins", "Signed-in only"}},
		} {
			var titles []string
			for _, r := range find(tt.who, "kubernetes", copse.SearchFilter{Kind: "resource"}) {
				titles = append(titles, r.Title)
			}
			slices.Sort(titles)
			if !slices.Equal(titles, tt.want) {
				t.Errorf("%q finds %q, want %q", tt.who, titles, tt.want)
			}
			if secret := find(tt.who, "society", copse.SearchFilter{}); (len(secret) > 0) != (tt.who == "fay" || tt.who == "root") {
				t.Errorf("%q finds the members-only community: %+v", tt.who, secret)
			}
		}
		// Filters by kind and community; paging by cursor without repeats.
		if got := find("", "jenkins", copse.SearchFilter{Community: "iac"}); len(got) != 1 {
			t.Errorf("jenkins in iac: %+v", got)
		}
		page, err := db.Search(l.anon, "jenkins", copse.SearchFilter{Limit: 1})
		if err != nil || len(page.Items) != 1 || page.Next == "" {
			t.Fatalf("page 1: %v %+v", err, page)
		}
		page2, err := db.Search(l.anon, "jenkins", copse.SearchFilter{Limit: 1, Cursor: page.Next})
		if err != nil || len(page2.Items) != 1 || page2.Items[0].ID == page.Items[0].ID || page2.Next != "" {
			t.Fatalf("page 2: %v %+v", err, page2)
		}
		// Bad input is named.
		if _, err := db.Search(l.anon, "  !!! ", copse.SearchFilter{}); copse.ErrorFields(err)["q"] == "" {
			t.Errorf("empty query: %v", err)
		}
		if _, err := db.Search(l.anon, "x", copse.SearchFilter{Kind: "spaceship"}); copse.ErrorFields(err)["kind"] == "" {
			t.Errorf("bad kind: %v", err)
		}
		if _, err := db.Search(l.anon, "x", copse.SearchFilter{Cursor: "!!"}); copse.ErrorFields(err)["cursor"] == "" {
			t.Errorf("bad cursor: %v", err)
		}
		// A community's new words are found, and a community made members-only hides.
		desc := "We also look after Ansible playbooks."
		vis := copse.VisibilityMembers
		if _, err := db.UpdateCommunity(l.fay, "iac", copse.CommunityUpdate{Description: &desc}); err != nil {
			t.Fatal(err)
		}
		if got := find("", "ansible", copse.SearchFilter{}); len(got) != 1 {
			t.Errorf("ansible after the charter changed: %+v", got)
		}
		if _, err := db.UpdateCommunity(l.fay, "iac", copse.CommunityUpdate{Visibility: &vis}); err != nil {
			t.Fatal(err)
		}
		if got := find("", "ansible jenkins", copse.SearchFilter{}); len(got) != 0 {
			t.Errorf("a community made members-only still shows: %+v", got)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
