package demo_test

import (
	"context"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestDemoLibrary: the demo's library has resources in several communities, some
// due for review, and search finds them by their words.
func TestDemoLibrary(t *testing.T) {
	db, _ := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	all, err := db.ListResources(ctx, copse.ResourceFilter{})
	if err != nil || len(all.Items) != 6 {
		t.Fatalf("%d demo resources: %v", len(all.Items), err)
	}
	stale, _ := db.ListResources(ctx, copse.ResourceFilter{NeedsReview: true})
	if len(stale.Items) != 2 {
		t.Errorf("%d demo resources need review, want 2", len(stale.Items))
	}
	facets, err := db.ResourceFacets(ctx, copse.ResourceFilter{})
	if err != nil || len(facets.Communities) != 5 {
		t.Errorf("communities facet %+v: %v", facets.Communities, err)
	}
	found, err := db.Search(ctx, "roman vote", copse.SearchFilter{})
	if err != nil || len(found.Items) != 1 || found.Items[0].Title != "Running a Lean Coffee" {
		t.Errorf("search: %v %+v", err, found.Items)
	}
}
