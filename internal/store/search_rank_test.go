package store_test

import (
	"fmt"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestSearchWhenTheBestMatchesAreHidden: a reader who may not read the best 260
// matches still gets every match they may read, in rank order, page by page,
// once each; a member of the hidden community gets the hidden ones first. On
// SQLite this takes the search through all its batches and the last query that
// ranks and checks together.
func TestSearchWhenTheBestMatchesAreHidden(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		l := newLibrary(t, db)
		for i := range 260 { // "zebra" in the title: these rank first
			l.create(t, l.fay, copse.NewResource{Title: fmt.Sprintf("Zebra crossing %d", i), Body: "Zebra zebra.", Community: "secret"})
		}
		want := map[string]bool{}
		for i := range 7 { // "zebra" in the body only
			r := l.create(t, l.mel, copse.NewResource{Title: fmt.Sprintf("Road safety %d", i), Body: "A zebra is a crossing.", Community: "iac"})
			want[r.Title] = true
		}

		seen := map[string]bool{}
		cursor, pages := "", 0
		for {
			page, err := db.Search(l.otto, "zebra", copse.SearchFilter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, r := range page.Items {
				if !want[r.Title] || seen[r.Title] {
					t.Fatalf("page %d has %q: hidden, or seen on an earlier page", pages, r.Title)
				}
				seen[r.Title] = true
			}
			if cursor = page.Next; cursor == "" {
				break
			}
			if pages > 10 {
				t.Fatal("the pages do not end")
			}
		}
		if len(seen) != len(want) {
			t.Errorf("an outsider found %d of the %d resources they may read", len(seen), len(want))
		}

		page, err := db.Search(l.fay, "zebra", copse.SearchFilter{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 3 || want[page.Items[0].Title] {
			t.Errorf("a member should see the title matches of the secret community first, got %v", page.Items)
		}
	})
}

// TestSearchLastWordAsPrefix: the last word of a query also finds longer words
// that begin with it ("kube" finds Kubernetes), unless it is a word a hundred
// documents hold as typed, which is taken as complete.
func TestSearchLastWordAsPrefix(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		l := newLibrary(t, db)
		l.create(t, l.mel, copse.NewResource{Title: "Kubernetes basics", Body: "Pods and nodes.", Community: "iac"})
		found := func() bool {
			t.Helper()
			for cursor := ""; ; {
				page, err := db.Search(l.otto, "kube", copse.SearchFilter{Limit: 50, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page.Items {
					if r.Title == "Kubernetes basics" {
						return true
					}
				}
				if cursor = page.Next; cursor == "" {
					return false
				}
			}
		}
		if !found() {
			t.Fatal(`"kube" does not find "Kubernetes basics"`)
		}
		if db.Dialect() != "sqlite" {
			return // PostgreSQL matches prefixes through its index at no extra cost
		}
		for i := range 100 {
			l.create(t, l.mel, copse.NewResource{Title: fmt.Sprintf("Kube %d", i), Body: "The kube word itself.", Community: "iac"})
		}
		if found() {
			t.Error(`"kube", held as typed by a hundred documents, should be taken as a complete word`)
		}
	})
}
