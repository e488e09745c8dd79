package store_test

import (
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestDuplicatesAcrossCommunities: a copy of a resource in another community is
// found before it is saved and when it is, shown as a cluster to stewards only,
// and merged: tags join, the copy leaves lists and search, its address leads on.
func TestDuplicatesAcrossCommunities(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		l := newLibrary(t, db)
		orig := l.create(t, l.mel, copse.NewResource{Title: "Migrating Jenkins", Body: jenkinsBody, Community: "iac", Tags: []string{"ci/cd"}})
		// Unrelated resources, sharing only a footer, are no duplicates.
		footer := "\n\nQuestions? Ask in #devops-how-to, where the community answers within the hour, or read the onboarding guide first."
		l.create(t, l.otto, copse.NewResource{Title: "Chat etiquette", Body: "Use threads, say what you tried and what you expected." + footer})
		l.create(t, l.otto, copse.NewResource{Title: "Rotating secrets", Body: "Rotate service account tokens every ninety days with the vault CLI." + footer})

		copyBody := strings.Replace(jenkinsBody, "watch it for a week", "watch it for two weeks", 1)
		sim, err := db.SimilarTo(l.otto, copyBody, "", 0)
		if err != nil || len(sim) != 1 || sim[0].ID != orig.ID || sim[0].Reason != "same text" || sim[0].Score < 0.8 {
			t.Fatalf("before saving: %v %+v", err, sim)
		}
		dup, found, err := db.CreateResource(l.otto, copse.NewResource{Title: "Jenkins on the new cluster", Body: copyBody, Tags: []string{"jenkins"}})
		if err != nil || len(found) != 1 || found[0].ID != orig.ID {
			t.Fatalf("on saving: %v %+v", err, found)
		}
		byURL, found, err := db.CreateResource(l.otto, copse.NewResource{Title: "Deck", URL: "https://example.org/deck"})
		if err != nil || len(found) != 0 {
			t.Fatal(err, found)
		}
		if _, found, _ = db.CreateResource(l.cora, copse.NewResource{Title: "Same deck", URL: "https://example.org/deck", Community: "iac"}); len(found) != 1 || found[0].ID != byURL.ID || found[0].Reason != "same url" {
			t.Errorf("same url: %+v", found)
		}

		// Only stewards see clusters; a member is refused.
		if _, err := db.DuplicateClusters(l.mel, "", 0); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member sees clusters: %v", err)
		}
		page, err := db.DuplicateClusters(l.root, "", 0)
		if err != nil || len(page.Items) != 2 || len(page.Items[0].Resources) != 2 || !page.Items[0].CanMerge {
			t.Fatalf("clusters: %v %+v", err, page.Items)
		}
		if page, _ := db.DuplicateClusters(l.root, "", 1); len(page.Items) != 1 || page.Next == "" {
			t.Errorf("a page of one cluster: %+v", page)
		}
		// fay facilitates iac but cannot change otto's site-wide copy: she may not merge.
		if page, _ := db.DuplicateClusters(l.fay, "", 0); len(page.Items) != 2 || page.Items[0].CanMerge {
			t.Errorf("fay's clusters: %+v", page.Items)
		}
		if _, err := db.MergeResource(l.fay, orig.ID, dup.ID); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("fay merges otto's resource: %v", err)
		}
		kept, err := db.MergeResource(l.root, orig.ID, dup.ID)
		if err != nil || strings.Join(kept.Tags, ",") != "ci/cd,jenkins" {
			t.Fatalf("merged: %v %+v", err, kept)
		}
		gone, _, err := db.FindResource(l.anon, dup.ID)
		if err != nil || gone.MergedInto != orig.ID {
			t.Errorf("the merged copy: %v %+v", err, gone)
		}
		list, _ := db.ListResources(l.anon, copse.ResourceFilter{})
		for _, r := range list.Items {
			if r.ID == dup.ID {
				t.Error("a merged copy is listed")
			}
		}
		if res, _ := db.Search(l.anon, "jenkins new cluster", copse.SearchFilter{}); len(res.Items) != 0 {
			t.Errorf("a merged copy is found: %+v", res.Items)
		}
		if page, _ := db.DuplicateClusters(l.root, "", 0); len(page.Items) != 1 {
			t.Errorf("after the merge: %+v", page.Items)
		}
		if _, _, err := db.UpdateResource(l.root, dup.ID, copse.ResourceUpdate{}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("editing a merged copy: %v", err)
		}
	})
}

// TestFacetsAndUpdates: facets count what the viewer may see, each without its
// own filter; an update keeps the fields it does not name.
func TestFacetsAndUpdates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		l := newLibrary(t, db)
		a := l.create(t, l.mel, copse.NewResource{Title: "A", Body: "a", Community: "iac", ResourceType: "Guide", Personas: []string{"Developer"}, Tags: []string{"x", "y"}})
		l.create(t, l.mel, copse.NewResource{Title: "B", Body: "b", Community: "iac", ResourceType: "Deck", Tags: []string{"x"}})
		l.create(t, l.fay, copse.NewResource{Title: "C", Body: "c", Community: "secret", ResourceType: "Guide", Tags: []string{"x"}})
		l.create(t, l.otto, copse.NewResource{Title: "D", Body: "d"})
		f, err := db.ResourceFacets(l.anon, copse.ResourceFilter{Type: "Guide"})
		// Types are counted without the type filter: Deck, Guide and D's missing type.
		if err != nil || f.Total != 1 || len(f.Types) != 3 || f.Types[0] != (copse.FacetCount{Value: "", Label: "No type given", Count: 1}) {
			t.Errorf("anonymous facets: %v %+v", err, f)
		}
		if len(f.Communities) != 1 || f.Communities[0].Value != "iac" {
			t.Errorf("community facet (filtered by type) for anonymous: %+v", f.Communities)
		}
		all, _ := db.ResourceFacets(l.fay, copse.ResourceFilter{})
		if all.Total != 4 || all.Tags[0] != (copse.FacetCount{Value: "x", Label: "x", Count: 3}) || len(all.Communities) != 3 {
			t.Errorf("fay's facets: %+v", all)
		}
		desc := "Now described."
		got, _, err := db.UpdateResource(l.mel, a.ID, copse.ResourceUpdate{Description: &desc})
		if err != nil || got.Description != desc || strings.Join(got.Tags, ",") != "x,y" || strings.Join(got.Personas, ",") != "Developer" || got.Authors[0].Handle != "mel" {
			t.Errorf("after a partial update: %v %+v", err, got)
		}
	})
}
