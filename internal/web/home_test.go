package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestHomeShowsAFirstHelping: a ministry's home page shows the first communities of
// each kind and links to the directory for the rest, with the totals in its figures.
func TestHomeShowsAFirstHelping(t *testing.T) {
	db, _ := storetest.SQLite(t)
	a := newApp(t, db)
	ada := a.as("ada", false)
	for i := range 12 { // the home page shows 9 of each kind
		ada.community(copse.NewCommunity{Name: fmt.Sprintf("Suggestion %02d", i), Subject: "A subject people want", Suggested: true})
	}
	body := a.anon().get("/").expect(t, 200, "See all 12 suggested communities", `href="/communities?status=suggested"`, "<dd>12</dd>").Body
	if n := strings.Count(body, `<li class="card`); n != 9 {
		t.Errorf("the home page shows %d community cards, want 9", n)
	}

	few, _ := storetest.SQLite(t)
	b := newApp(t, few)
	b.as("ada", false).community(copse.NewCommunity{Name: "Only one", Subject: "A subject people want", Suggested: true})
	b.anon().get("/").expect(t, 200, "Only one").lacks(t, "See all")
}

// TestSearchFilterNamesKinds: the search page's filter names each kind in plural.
func TestSearchFilterNamesKinds(t *testing.T) {
	db, _ := storetest.SQLite(t)
	newApp(t, db).anon().get("/search?q=cloud").expect(t, 200, ">Communities</option>", ">Questions</option>").lacks(t, "Communitys")
}
