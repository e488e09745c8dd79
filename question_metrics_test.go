package copse_test

import (
	"testing"
	"time"

	"github.com/copse-dev/copse"
)

func TestPercentile(t *testing.T) {
	m := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration // -1: nil
	}{
		{"nothing answered", nil, 50, -1},
		{"one", []time.Duration{m(7)}, 50, m(7)},
		{"one, p90", []time.Duration{m(7)}, 90, m(7)},
		{"even count: the lower middle", []time.Duration{m(1), m(2), m(3), m(4)}, 50, m(2)},
		{"odd count: the middle", []time.Duration{m(1), m(2), m(30)}, 50, m(2)},
		{"p90 of ten", []time.Duration{m(1), m(2), m(3), m(4), m(5), m(6), m(7), m(8), m(9), m(100)}, 90, m(9)},
		{"p90 of eleven", []time.Duration{m(1), m(2), m(3), m(4), m(5), m(6), m(7), m(8), m(9), m(10), m(100)}, 90, m(10)},
		{"unsorted input is sorted first", []time.Duration{m(30), m(1), m(2)}, 50, m(2)},
		{"p100 is the longest", []time.Duration{m(1), m(2), m(3)}, 100, m(3)},
		{"p0 is nothing", []time.Duration{m(1)}, 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := copse.Percentile(tt.sorted, tt.p)
			switch {
			case tt.want < 0 && got != nil:
				t.Errorf("got %v, want nil", *got)
			case tt.want >= 0 && (got == nil || *got != tt.want):
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSummarizeHelp: with the clock pinned, each window takes the questions asked
// in it, and the weeks split them.
func TestSummarizeHelp(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	day := 24 * time.Hour
	firsts := []copse.FirstAnswer{ // sorted by After, as the store reads them
		{AskedAt: ago(2 * day), After: 5 * time.Minute, By: copse.ByCommunity},
		{AskedAt: ago(0), After: 6 * time.Minute, By: copse.ByCommunity}, // asked just now: this week
		{AskedAt: ago(8 * day), After: 20 * time.Minute, By: copse.ByPlatform},
		{AskedAt: ago(20 * day), After: time.Hour, By: copse.ByCommunity},
		{AskedAt: ago(60 * day), After: 3 * time.Hour, By: copse.ByPlatform},
		{AskedAt: ago(95 * day), After: time.Minute, By: copse.ByCommunity}, // outside every window
	}
	counts := map[int]copse.HelpCounts{7: {Asked: 4, Accepted: 1}, 30: {Asked: 7}, 90: {Asked: 9, SOS: 2, Escalated: 1}}
	m := copse.SummarizeHelp(now, counts, firsts)
	tests := []struct {
		days, asked, answered, community, platform int
		share                                      float64
		median, p90                                time.Duration
	}{
		{7, 4, 2, 2, 0, 1, 5 * time.Minute, 6 * time.Minute},
		{30, 7, 4, 3, 1, 0.75, 6 * time.Minute, time.Hour},
		{90, 9, 5, 3, 2, 0.6, 20 * time.Minute, 3 * time.Hour},
	}
	for i, tt := range tests {
		w := m.Windows[i]
		if w.Days != tt.days || w.Asked != tt.asked || w.Answered != tt.answered || w.ByCommunity != tt.community || w.ByPlatform != tt.platform ||
			*w.CommunityShare != tt.share || *w.Median != tt.median || *w.P90 != tt.p90 {
			t.Errorf("%d days: %+v (share %v, median %v, p90 %v)", tt.days, w, *w.CommunityShare, *w.Median, *w.P90)
		}
	}
	if len(m.Weeks) != copse.MetricWeeks {
		t.Fatalf("%d weeks", len(m.Weeks))
	}
	wantWeeks := []int{2, 1, 1, 0} // this week; the week before (8 days ago); 20 days ago; none
	for i, want := range wantWeeks {
		if m.Weeks[i].Answered != want {
			t.Errorf("week %d: %d answered, want %d", i, m.Weeks[i].Answered, want)
		}
	}
	if m.Weeks[3].CommunityShare != nil || m.Weeks[3].Median != nil {
		t.Errorf("an empty week has no share or median: %+v", m.Weeks[3])
	}
	empty := copse.SummarizeHelp(now, nil, nil)
	if w := empty.Windows[0]; w.CommunityShare != nil || w.Median != nil || w.Asked != 0 {
		t.Errorf("nothing asked: %+v", w)
	}
}

// TestSplitByCommunity: with the clock pinned, each community of the site's table
// takes the first answers of the questions asked in it within the last 30 days.
func TestSplitByCommunity(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	day := 24 * time.Hour
	iac := &copse.CommunityRef{ID: 4, Slug: "iac", Name: "Infrastructure as Code"}
	asked := []copse.CommunityHelp{{Community: iac, Asked: 3}, {Asked: 2}, {Community: &copse.CommunityRef{ID: 9, Slug: "quiet"}, Asked: 1}}
	firsts := []copse.FirstAnswer{ // sorted by After
		{AskedAt: now.Add(-day), After: 4 * time.Minute, By: copse.ByCommunity, Community: 4},
		{AskedAt: now.Add(-2 * day), After: 10 * time.Minute, By: copse.ByPlatform},                 // site-wide
		{AskedAt: now.Add(-40 * day), After: 12 * time.Minute, By: copse.ByCommunity, Community: 4}, // before the window
		{AskedAt: now.Add(-3 * day), After: 30 * time.Minute, By: copse.ByPlatform, Community: 4},
		{AskedAt: now.Add(-3 * day), After: time.Hour, By: copse.ByCommunity, Community: 7}, // not in the table
	}
	got := copse.SplitByCommunity(now, asked, firsts)
	tests := []struct {
		asked, answered, community int
		share                      float64 // -1: none
		median                     time.Duration
	}{
		{3, 2, 1, 0.5, 4 * time.Minute},
		{2, 1, 0, 0, 10 * time.Minute},
		{1, 0, 0, -1, -1},
	}
	if len(got) != len(tests) || got[0].Community != iac || got[1].Community != nil {
		t.Fatalf("rows: %+v", got)
	}
	for i, tt := range tests {
		g := got[i]
		if g.Asked != tt.asked || g.Answered != tt.answered || g.ByCommunity != tt.community {
			t.Errorf("row %d: %+v", i, g)
		}
		if tt.share < 0 && (g.CommunityShare != nil || g.Median != nil) || tt.share >= 0 && (*g.CommunityShare != tt.share || *g.Median != tt.median) {
			t.Errorf("row %d: share %v, median %v", i, g.CommunityShare, g.Median)
		}
	}
	if asked[0].Answered != 0 {
		t.Error("the counts passed in were changed")
	}
}
