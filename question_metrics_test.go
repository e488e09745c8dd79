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
