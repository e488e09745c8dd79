package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestDemoHelp: the demo's help desk has history — answered questions dated over
// the last two months, one still waiting, a platform team — and its status page
// has services, resolved incidents in the 90-day history and coming maintenance;
// loading it leaves the store's clock as it was.
func TestDemoHelp(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		if !db.Now().Equal(clock.Now()) {
			t.Fatalf("the demo left the clock at %v", db.Now())
		}
		all, err := db.ListQuestions(ctx, copse.QuestionFilter{Sort: copse.SortAsked})
		if err != nil || len(all.Items) != 7 {
			t.Fatalf("%d demo questions: %v", len(all.Items), err)
		}
		if oldest := all.Items[0]; clock.Now().Sub(oldest.CreatedAt) < 60*24*time.Hour || oldest.Status != copse.QuestionAnswered {
			t.Errorf("the oldest demo question: %s, asked %v", oldest.Status, oldest.CreatedAt)
		}
		waiting, _ := db.ListQuestions(ctx, copse.QuestionFilter{Unanswered: true})
		if len(waiting.Items) != 1 {
			t.Errorf("%d demo questions wait for an answer, want 1", len(waiting.Items))
		}
		m, err := db.HelpMetrics(ctx, "devops-commons")
		if err != nil {
			t.Fatal(err)
		}
		quarter := m.Windows[2]
		if quarter.Asked != 5 || quarter.Answered != 4 || quarter.ByPlatform != 1 || quarter.Median == nil || *quarter.Median != 35*time.Minute {
			t.Errorf("the Commons' quarter: %+v", quarter)
		}
		st, err := db.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.State != copse.StateOperational || len(st.Services) != 5 || len(st.Incidents) != 0 || len(st.Maintenance) != 1 {
			t.Errorf("status: %s, %d services, %d open incidents, %d maintenance", st.State, len(st.Services), len(st.Incidents), len(st.Maintenance))
		}
	})
}
