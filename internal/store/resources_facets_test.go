package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestFacetsMatchWhatEachReaderMayRead: the library's counts, made of a part shared
// by every reader and a part for what one reader sees as a member or an admin, are
// what counting the resources each reader may list gives, for every kind of
// reader, with and without filters, and again after a change.
func TestFacetsMatchWhatEachReaderMayRead(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		l := newLibrary(t, db)
		if _, err := db.CreateCommunity(l.fay, copse.NewCommunity{Name: "Staff Room", Slug: "staff", Subject: "Signed in", Visibility: copse.VisibilitySignedIn}); err != nil {
			t.Fatal(err)
		}
		kinds := []struct {
			community  string
			visibility copse.Visibility
		}{{"", copse.VisibilityPublic}, {"", copse.VisibilitySignedIn}, {"iac", copse.VisibilityPublic},
			{"iac", copse.VisibilityMembers}, {"iac", copse.VisibilitySignedIn}, {"secret", copse.VisibilityPublic},
			{"secret", copse.VisibilityMembers}, {"staff", copse.VisibilityPublic}}
		for i := range 24 {
			k := kinds[i%len(kinds)]
			l.create(t, l.fay, copse.NewResource{Title: fmt.Sprintf("Resource %d", i), Body: "Words.", Community: k.community,
				Visibility: k.visibility, ResourceType: []string{"Guide", "Documentation", "Deck"}[i%3],
				Personas: []string{[]string{"Developer", "Designer"}[i%2]}, Tags: []string{fmt.Sprintf("t%d", i%4), "shared"}})
		}
		readers := map[string]context.Context{"anonymous": l.anon, "outsider": l.otto, "member": l.mel, "facilitator": l.fay, "admin": l.root}
		filters := []copse.ResourceFilter{{}, {Type: "Guide"}, {Tag: "t1"}, {Community: "iac", Persona: "Designer"}}
		check := func(when string) {
			for name, ctx := range readers {
				for _, f := range filters {
					got, err := db.ResourceFacets(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					want := countByListing(t, db, ctx, f)
					for facet, pair := range map[string][2][]copse.FacetCount{"types": {got.Types, want.Types}, "personas": {got.Personas, want.Personas},
						"tags": {got.Tags, want.Tags}, "communities": {got.Communities, want.Communities}} {
						if !sameCounts(pair[0], pair[1]) {
							t.Errorf("%s, %s, filter %+v, %s: counts %v, listing gives %v", when, name, f, facet, pair[0], pair[1])
						}
					}
					if got.Total != want.Total {
						t.Errorf("%s, %s, filter %+v: total %d, listing gives %d", when, name, f, got.Total, want.Total)
					}
				}
			}
		}
		check("at first")
		check("asked again") // from the shared counts
		l.create(t, l.mel, copse.NewResource{Title: "One more", Body: "Words.", Community: "iac", ResourceType: "Guide", Tags: []string{"t1"}})
		check("after a new resource")
	})
}

// countByListing counts, facet by facet without its own filter, what the reader
// can list.
func countByListing(t *testing.T, db *store.DB, ctx context.Context, f copse.ResourceFilter) copse.Facets {
	t.Helper()
	list := func(g copse.ResourceFilter) []*copse.Resource {
		var out []*copse.Resource
		for g.Cursor, g.Limit = "", 100; ; {
			page, err := db.ListResources(ctx, g)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, page.Items...)
			if g.Cursor = page.Next; g.Cursor == "" {
				return out
			}
		}
	}
	tally := func(rs []*copse.Resource, values func(*copse.Resource) []string) []copse.FacetCount {
		n := map[string]int{}
		for _, r := range rs {
			for _, v := range values(r) {
				n[v]++
			}
		}
		var out []copse.FacetCount
		for v, c := range n {
			out = append(out, copse.FacetCount{Value: v, Count: c})
		}
		return out
	}
	var out copse.Facets
	g := f
	g.Type = ""
	out.Types = tally(list(g), func(r *copse.Resource) []string { return []string{r.ResourceType} })
	g = f
	g.Persona = ""
	out.Personas = tally(list(g), func(r *copse.Resource) []string { return r.Personas })
	g = f
	g.Tag = ""
	out.Tags = tally(list(g), func(r *copse.Resource) []string { return r.Tags })
	g = f
	g.Community = ""
	out.Communities = tally(list(g), func(r *copse.Resource) []string {
		if r.Community == nil {
			return []string{copse.SiteWide}
		}
		return []string{r.Community.Slug}
	})
	out.Total = len(list(f))
	return out
}

func sameCounts(a, b []copse.FacetCount) bool {
	key := func(cs []copse.FacetCount) []string {
		var out []string
		for _, c := range cs {
			out = append(out, fmt.Sprintf("%s=%d", c.Value, c.Count))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}
