package demo_test

import (
	"context"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestLoad(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		ctx := context.Background()
		loaded, err := demo.Load(ctx, db)
		if err != nil || !loaded {
			t.Fatalf("demo on an empty database: %v, loaded %v", err, loaded)
		}
		want := map[string]copse.Status{
			"infrastructure-as-code":   copse.StatusActive,
			"tkgi-deployment":          copse.StatusActive,
			"cloud-native-deployments": copse.StatusSuggested,
			"openshift":                copse.StatusSuggested,
			"uk-public-sector-cloud":   copse.StatusActive,
			"xgov-lean-coffee":         copse.StatusActive,
			"devops-commons":           copse.StatusActive,
			"product-practice":         copse.StatusForming,
		}
		page, err := db.ListCommunities(ctx, copse.CommunityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != len(want) {
			t.Errorf("%d communities, want %d", len(page.Items), len(want))
		}
		for _, c := range page.Items {
			if c.Status != want[c.Slug] {
				t.Errorf("%s is %s, want %s", c.Slug, c.Status, want[c.Slug])
			}
			if c.Status != copse.StatusSuggested && c.Cadence == nil {
				t.Errorf("%s has no cadence", c.Slug)
			}
		}
		lean, _, _ := db.FindCommunity(ctx, "xgov-lean-coffee")
		if got := lean.Cadence.Description; got != "Monthly on the fourth Thursday, 11:00–12:00 London time" {
			t.Errorf("Lean Coffee cadence in words: %q", got)
		}
		loaded, err = demo.Load(ctx, db)
		if err != nil || loaded {
			t.Fatalf("demo loaded twice: %v, %v", loaded, err)
		}
	})
}

func TestNeverIntoData(t *testing.T) {
	db, _ := storetest.SQLite(t)
	storetest.User(t, db, "ada", false)
	if loaded, err := demo.Load(context.Background(), db); err != nil || loaded {
		t.Fatalf("demo loaded into a database with a person in it: %v, %v", loaded, err)
	}
}
